"""The deck pages and saved views: their queries do not grow with the slides they hold.

The deck page counts the pages of each view it shows once (a table slide continues on more
pages), so a deck repeating the same views costs what one of each costs.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from corpus.models import Deck, SavedView
from tests.factories import IssueFactory, StanceFactory

pytestmark = pytest.mark.django_db


def _views(presenter, size):
    issue = StanceFactory(issue=IssueFactory(name="Tundra")).issue
    kinds = [
        {"kind": "overview"},
        {"kind": "issue", "target": issue.slug},
        {"kind": "scenarios"},
    ]
    return [
        SavedView.objects.create(title=f"View {n}", created_by=presenter, **kinds[n % 3])
        for n in range(size)
    ]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _counts(presenter_client, presenter, url_of):
    counts = []
    for size in (3, 12):
        views = _views(presenter, size)
        deck = Deck.objects.create(title=f"Briefing {size}", created_by=presenter)
        for view in views:
            deck.add(view)
        counts.append(_queries(presenter_client, url_of(deck)))
    return counts


def test_the_deck_page_counts_each_views_pages_once(presenter_client, presenter):
    small, large = _counts(presenter_client, presenter, lambda d: reverse("deck", args=[d.pk]))
    assert small == large


def test_the_saved_views_keep_query_count_flat(presenter_client, presenter):
    small, large = _counts(presenter_client, presenter, lambda d: reverse("saved-views"))
    assert small == large


def test_the_deck_list_keeps_query_count_flat(presenter_client, presenter):
    small, large = _counts(presenter_client, presenter, lambda d: reverse("decks"))
    assert small == large
