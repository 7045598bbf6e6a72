"""Search results a page at a time, and what an edit of a stance reads again."""

import pytest
from django.urls import reverse

from corpus import changes, search
from tests.factories import (
    ExpertFactory,
    IssueFactory,
    PassageFactory,
    SourceFactory,
    StanceFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def source():
    """One source of 25 passages, each holding the word "tundra"."""
    texts = [f"Tundra passage number {n}. " for n in range(25)]
    source = SourceFactory(text="".join(texts), title="Tundra papers")
    start = 0
    for n, text in enumerate(texts):
        PassageFactory(source=source, index=n, start=start, end=start + len(text), text=text)
        start += len(text)
    return source


def _search(client, **params):
    return client.get(reverse("search"), {"q": "tundra", **params}).content.decode()


def test_the_first_page_shows_the_best_twenty_and_links_the_next(viewer_client, source):
    html = _search(viewer_client)
    assert html.count('class="hit"') == 20
    assert "25 passages match “tundra”" in html
    assert "1–20 shown, best first" in html
    assert '<a href="?q=tundra&amp;page=2">More matches →</a>' in html
    assert "Better matches" not in html


def test_the_last_page_shows_the_rest_and_links_back(viewer_client, source):
    html = _search(viewer_client, page=2)
    assert html.count('class="hit"') == 5
    assert "<span>Passages 21–25</span>" in html
    assert '<a href="?q=tundra&amp;page=1">← Better matches</a>' in html
    assert "More matches" not in html


def test_the_pages_hold_different_passages(viewer_client, source):
    first = search.search_passages("tundra", page=1)
    second = search.search_passages("tundra", page=2)
    ids = [hit.passage_id for hit in first.hits + second.hits]
    assert len(ids) == len(set(ids)) == 25


def test_a_page_past_the_last_says_how_many_match(viewer_client, source):
    html = _search(viewer_client, page=9)
    assert 'class="hit"' not in html
    assert "25 passages match “tundra”" in html
    assert "none on page 9" in html
    assert '<a href="?q=tundra">← The best matches</a>' in html


def test_an_edit_of_a_stance_reads_only_who_quotes_the_hits(
    viewer_client, reviewer, source, monkeypatch
):
    ranked = []
    original = search._ranked

    def spy(*args):
        ranked.append(args)
        return original(*args)

    monkeypatch.setattr(search, "_ranked", spy)
    quoted = source.passages.get(index=0)
    span = {"quote_start": quoted.start, "quote_end": quoted.end - 1}
    span["quote"] = source.text[quoted.start : quoted.end - 1]
    stance = StanceFactory(source=source, **span)
    # Who will quote it next, saved before the search (names move the passages' generation).
    expert, issue = ExpertFactory(name="Dana Dale"), IssueFactory(name="Permafrost")
    _search(viewer_client)
    assert len(ranked) == 1
    stance.refresh_from_db()
    changes.edit(stance, {"summary": "A new summary"}, seen_version=stance.version, by=reviewer)
    StanceFactory(source=source, expert=expert, issue=issue, **span)
    html = _search(viewer_client)
    assert len(ranked) == 1  # the ranked page came from the cache
    assert "Quoted in 2 stances:" in html
    assert "Dana Dale on Permafrost" in html
