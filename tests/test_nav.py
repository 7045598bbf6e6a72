"""The header's links: Present for everyone signed in; Add source and Review for editors."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _nav(client) -> str:
    html = client.get(reverse("scenarios")).content.decode()
    return html[html.index('<nav class="site-nav"') : html.index("</nav>")]


def test_everyone_signed_in_gets_present_leading_to_the_decks(viewer_client):
    assert f'<a href="{reverse("decks")}" title="Decks of saved views, to present">Present</a>' in (
        _nav(viewer_client)
    )


def test_viewers_get_no_editing_links(viewer_client):
    nav = _nav(viewer_client)
    assert reverse("source-new") not in nav
    assert reverse("review") not in nav


@pytest.mark.parametrize("role", ["editor", "reviewer"])
def test_editors_and_reviewers_get_add_source_and_review(client, role):
    client.force_login(UserFactory(role=role))
    nav = _nav(client)
    assert f'<a href="{reverse("source-new")}">Add source</a>' in nav
    assert f'<a href="{reverse("review")}">Review</a>' in nav


def test_the_current_page_is_marked(editor_client):
    html = editor_client.get(reverse("review")).content.decode()
    assert f'<a href="{reverse("review")}" aria-current="page">Review</a>' in html


def test_anonymous_public_readers_get_neither(client, settings):
    settings.VANTAGE_PUBLIC_READ = True
    nav = _nav(client)
    assert reverse("decks") not in nav and reverse("review") not in nav


def test_the_editing_links_cost_viewers_no_permission_lookup(viewer_client):
    with CaptureQueriesContext(connection) as queries:
        assert viewer_client.get(reverse("scenarios")).status_code == 200
    assert not [q["sql"] for q in queries if "auth_permission" in q["sql"]]
