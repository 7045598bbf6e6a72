"""Whole cached pages (dashboard/shared_pages.py): shared by readers, never their own bits."""

import re
from pathlib import Path

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import MessageEncoder
from django.db import connection
from django.http import HttpResponse
from django.template import engines
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from corpus import changes
from dashboard.shared_pages import shared_page
from tests.factories import (
    ExpertFactory,
    ScenarioAssessmentFactory,
    SourceFactory,
    StanceFactory,
    UserFactory,
)
from tests.htmx import HTMX

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _signed_in(username: str, role: str = "viewer") -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory(username=username, role=role))
    return client


def _record_queries(queries) -> list[str]:
    return [q["sql"] for q in queries if "corpus_stance" in q["sql"]]


@pytest.fixture
def stance():
    return StanceFactory(summary="The published words.")


def _urls(stance) -> dict[str, str]:
    assessment = ScenarioAssessmentFactory(expert=stance.expert, source=stance.source)
    other = StanceFactory(issue=stance.issue)
    return {
        "overview": reverse("overview"),
        "issue": reverse("issue", args=[stance.issue.slug]),
        "issue-chart": reverse("issue-chart-data", args=[stance.issue.slug]),
        "compare": f"{reverse('compare')}?experts={stance.expert.slug},{other.expert.slug}",
        "scenarios": reverse("scenarios"),
        "expert": reverse("expert", args=[stance.expert.slug]),
        "source": reverse("source", args=[assessment.source_id]),
        "search": f"{reverse('search')}?q={stance.expert.name.split()[0]}",
    }


@pytest.mark.parametrize("role", ["viewer", "editor", "reviewer"])
@pytest.mark.parametrize(
    "page",
    ["overview", "issue", "issue-chart", "compare", "scenarios", "expert", "source", "search"],
)
def test_every_read_page_is_served_from_the_cache_the_second_time(stance, page, role):
    url = _urls(stance)[page]
    first, second = _signed_in("first", role), _signed_in("second", role)
    assert first.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = second.get(url)
    assert response.status_code == 200
    assert _record_queries(queries) == []


def test_a_second_viewer_gets_the_cached_page_with_their_own_name_and_token(stance):
    first, second = _signed_in("first-reader"), _signed_in("second-reader")
    url = reverse("issue", args=[stance.issue.slug])
    first_page = first.get(url).text
    with CaptureQueriesContext(connection) as queries:
        second_page = second.get(url).text
    assert _record_queries(queries) == []
    assert "The published words." in second_page
    assert "<bdi>second-reader</bdi>" in second_page
    assert "first-reader" not in second_page
    assert "first-reader" in first_page
    first_token, second_token = TOKEN.search(first_page)[1], TOKEN.search(second_page)[1]
    assert first_token != second_token
    assert f'"x-csrftoken": "{second_token}"' in second_page
    # The token works for the second viewer (the CSRF check is on): signing out succeeds.
    assert second.post(reverse("logout"), {"csrfmiddlewaretoken": second_token}).status_code == 302


def test_a_name_is_escaped_where_the_stand_in_was(stance):
    _signed_in("plain").get(reverse("overview"))
    page = _signed_in("o'<b>").get(reverse("overview")).text
    assert "<bdi>o&#x27;&lt;b&gt;</bdi>" in page


def test_an_edit_through_the_door_is_on_the_cached_pages_at_the_next_request(stance):
    reader = _signed_in("reader")
    urls = [
        reverse("issue", args=[stance.issue.slug]),
        reverse("expert", args=[stance.expert.slug]),
        reverse("source", args=[stance.source_id]),
    ]
    for url in urls:
        assert "The published words." in reader.get(url).text
    stance.refresh_from_db()
    changes.edit(stance, {"summary": "The edited words."}, seen_version=stance.version, by=None)
    for url in urls:
        page = reader.get(url).text
        assert "The edited words." in page
        assert "The published words." not in page


def test_editors_and_readers_never_get_each_others_page(stance):
    StanceFactory(issue=stance.issue, status="draft", summary="A draft only editors see.")
    url = reverse("issue", args=[stance.issue.slug])
    reader, editor = _signed_in("reader"), _signed_in("writer", "editor")
    assert "A draft only editors see." not in reader.get(url).text
    assert "A draft only editors see." in editor.get(url).text
    assert "A draft only editors see." not in _signed_in("reader-2").get(url).text
    assert "A draft only editors see." in _signed_in("writer-2", "editor").get(url).text


def test_the_chart_data_is_one_entry_for_readers_and_editors(stance):
    url = reverse("issue-chart-data", args=[stance.issue.slug])
    data = _signed_in("reader").get(url).json()
    with CaptureQueriesContext(connection) as queries:
        assert _signed_in("writer", "editor").get(url).json() == data
    assert _record_queries(queries) == []


def test_the_htmx_fragment_and_the_page_are_cached_apart(stance):
    reader = _signed_in("reader")
    url = reverse("overview")
    assert "<html" in reader.get(url).text
    fragment = reader.get(url, headers=HTMX)
    assert "<html" not in fragment.text
    assert fragment["Vary"] == "HX-Request, Cookie"
    assert "<html" in _signed_in("reader-2").get(url).text


def test_a_page_with_a_message_waiting_is_neither_served_from_nor_put_in_the_cache(stance):
    url = reverse("overview")
    _signed_in("first").get(url)
    reader = _signed_in("reader")
    session = reader.session
    session["_messages"] = MessageEncoder().encode([Message(constants.SUCCESS, "Saved it.")])
    session.save()
    assert "Saved it." in reader.get(url).text
    assert "Saved it." not in reader.get(url).text
    assert "Saved it." not in _signed_in("another").get(url).text


def test_the_header_links_of_a_session_are_part_of_the_key(stance):
    url = reverse("overview")
    _signed_in("reader").get(url)
    reviewer_page = _signed_in("boss", "reviewer").get(url).text
    assert reverse("users") in reviewer_page
    assert reverse("review") in reviewer_page
    assert reverse("users") not in _signed_in("reader-2").get(url).text


def _request(user):
    request = RequestFactory().get("/somewhere/")
    request.user = user
    request.session = Client().session
    request._messages = []
    return request


def test_a_response_that_checked_a_right_its_page_does_not_declare_is_not_cached(db):
    user = UserFactory(role="editor")
    renders = []

    def render():
        renders.append(1)
        return HttpResponse(str(user.has_perm("corpus.change_stance")))

    # request.user is the user object itself here (not lazy): the check is recorded on it.
    assert shared_page(_request(user), "overview", "key", render).text == "True"
    shared_page(_request(user), "overview", "key", render)
    assert len(renders) == 2
    assert "has_perm" not in vars(user)  # the recording is taken off again


def test_a_response_that_read_more_of_the_user_than_their_name_is_not_cached(db):
    template = engines["django"].from_string("{{ user.email }}")
    user = UserFactory(email="someone@example.org")
    renders = []
    for _ in range(2):
        request = _request(user)

        def render(request=request):
            renders.append(1)
            return HttpResponse(template.render({}, request))

        assert shared_page(request, "overview", "key", render).text == "someone@example.org"
    assert len(renders) == 2


def test_a_source_page_keeps_its_generations_in_its_one_source_query(stance):
    reader = _signed_in("reader")
    url = reverse("source", args=[SourceFactory().pk])
    reader.get(url)
    with CaptureQueriesContext(connection) as queries:
        reader.get(url)
    generation_reads = [q["sql"] for q in queries if "corpus_generation" in q["sql"]]
    assert len(generation_reads) == 1
    assert "corpus_source" in generation_reads[0]
    assert ExpertFactory()  # a new name moves the people scope: the page is computed again
    with CaptureQueriesContext(connection) as queries:
        reader.get(url)
    assert any("corpus_passage" in q["sql"] for q in queries)


# Forms that are never part of a shared page (editing screens) may read the signed-in user.
USER_READERS_ALLOWED = {"editing/person_form.html"}


def test_no_shared_template_reads_the_user_past_the_stand_ins():
    # The stand-ins replace `user` and `csrf_token` only: `request.user` or a fresh token read
    # in a template would put the first reader's own into the body everyone is served.
    templates = Path(__file__).resolve().parent.parent / "templates"
    offenders = sorted(
        str(path.relative_to(templates))
        for path in templates.rglob("*.html")
        if re.search(r"request\.user|get_token", path.read_text())
        and str(path.relative_to(templates)) not in USER_READERS_ALLOWED
    )
    assert offenders == []


def test_a_cached_search_finds_what_an_edit_wrote_at_the_next_request(stance):
    reader = _signed_in("reader")
    published, edited = f"{reverse('search')}?q=published", f"{reverse('search')}?q=edited"
    assert "The published words." in reader.get(published).text
    assert "The edited words." not in reader.get(edited).text
    stance.refresh_from_db()
    changes.edit(stance, {"summary": "The edited words."}, seen_version=stance.version, by=None)
    assert "The edited words." in reader.get(edited).text
    assert "The published words." not in reader.get(published).text


def test_a_warm_page_looks_up_no_permissions(stance):
    url = reverse("issue", args=[stance.issue.slug])
    reader = _signed_in("reader")
    reader.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert reader.get(url).status_code == 200
    # The session, the user, and the issue with its generations (the rights' among them).
    assert len(queries) == 3
    assert not [q for q in queries if "auth_permission" in q["sql"]]


def test_rights_taken_away_take_effect_at_the_next_request(stance):
    from django.contrib.auth.models import Group

    StanceFactory(issue=stance.issue, status="draft", summary="A draft only editors see.")
    url = reverse("issue", args=[stance.issue.slug])
    client = Client()
    user = UserFactory(username="demoted", role="editor")
    client.force_login(user)
    assert "A draft only editors see." in client.get(url).text
    user.groups.set([Group.objects.get(name="viewer")])
    assert "A draft only editors see." not in client.get(url).text


def test_rights_given_by_a_group_take_effect_at_the_next_request(stance):
    from django.contrib.auth.models import Group, Permission

    StanceFactory(issue=stance.issue, status="draft", summary="A draft only editors see.")
    url = reverse("issue", args=[stance.issue.slug])
    client = _signed_in("promoted")
    assert "A draft only editors see." not in client.get(url).text
    viewers = Group.objects.get(name="viewer")
    viewers.permissions.add(Permission.objects.get(codename="change_stance"))
    assert "A draft only editors see." in client.get(url).text
