"""The method page explains the scales, the coding rule and every word the pages use."""

import pytest
from django.urls import reverse

from corpus.pages.compare import DISAGREEMENT_POINTS


@pytest.fixture
def html(viewer_client, seeded):
    return viewer_client.get(reverse("method")).content.decode()


def test_it_lists_each_issue_with_its_question_and_five_labels(html):
    assert "How close is the China–Russia partnership overall?" in html
    assert "alignment without alliance" in html
    assert "alliance in all but name" in html


def test_it_explains_split_from_the_rule_itself(html):
    assert 'id="term-split"' in html
    assert "no value is ever computed and put in a speaker" in html


def test_it_explains_as_of_latest_contested_shift_and_the_band(html):
    for term in ("term-as-of", "term-latest", "term-contested", "term-shift", "term-yearly-band"):
        assert f'id="{term}"' in html
    assert f"{DISAGREEMENT_POINTS} or more points apart" in html


def test_it_states_the_roles_and_the_review_rule(html):
    for role in ("Viewer", "Presenter", "Editor", "Reviewer"):
        assert f"<dt>{role}</dt>" in html
    assert "pending change" in html


def test_it_says_when_the_record_last_changed(html):
    assert "The record last changed on" in html


def test_every_page_links_it_from_the_footer(viewer_client, db):
    html = viewer_client.get(reverse("overview")).content.decode()
    assert f'href="{reverse("method")}"' in html
