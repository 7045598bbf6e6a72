"""Search across everything: a test per kind on the seed corpus, the facets narrowing it, the
passages' place in their document and the stances quoting them, and top-k counting."""

import datetime as dt

import pytest
from django.urls import reverse

from corpus.filters import SearchFilters
from corpus.models import Expert, Issue, Passage, Source, Stance
from corpus.search import search_passages
from corpus.search_records import search_records
from tests.factories import (
    ExpertFactory,
    IssueFactory,
    OrganisationFactory,
    PassageFactory,
    SourceFactory,
    StanceFactory,
)


def _search(client, **params):
    return client.get(reverse("search"), params)


def _passage(text, **kwargs):
    source = kwargs.pop("source", None) or SourceFactory(text=text)
    return PassageFactory(source=source, start=0, end=len(text), text=text, **kwargs)


# --- "alliance" on the seed corpus: one test per kind ---


@pytest.fixture
def alliance_page(viewer_client, seeded):
    return _search(viewer_client, q="alliance").content.decode()


def test_alliance_finds_the_formal_alliance_scenario(alliance_page):
    assert 'href="/scenarios/formal-alliance/">Formal alliance' in alliance_page


def test_alliance_finds_the_stances_whose_summary_or_quote_holds_it(seeded):
    expected = {
        s.pk for s in Stance.objects.published() if "alliance" in (s.summary + s.quote).lower()
    }
    found = {s.pk for s in search_records("alliance", per_kind=100).stances}
    assert expected and found == expected


def test_alliance_marks_passages_with_the_stances_quoting_them(seeded):
    hits = search_passages("alliance").hits
    quoted = [h for h in hits if h.quoted_by]
    assert quoted
    for hit in quoted:
        passage = Passage.objects.get(pk=hit.passage_id)
        stances = Stance.objects.published().filter(
            source=passage.source_id, quote_start__lt=passage.end, quote_end__gt=passage.start
        )
        assert {url for url, _, _ in hit.quoted_by} == {f"/stances/{s.pk}/" for s in stances}


def test_the_page_says_how_many_stances_quote_a_passage_and_links_them(alliance_page, seeded):
    hit = next(h for h in search_passages("alliance").hits if h.quoted_by)
    count = len(hit.quoted_by)
    assert f"Quoted in {count} stance{'s' if count > 1 else ''}:" in alliance_page
    assert f'<a href="{hit.quoted_by[0][0]}">' in alliance_page


def test_it_finds_experts_by_name(viewer_client, db):
    ExpertFactory(name="Alliance Watcher", slug="alliance-watcher")
    assert (
        'href="/experts/alliance-watcher/"' in _search(viewer_client, q="watcher").content.decode()
    )


def test_it_finds_organisations_by_name(viewer_client, db):
    OrganisationFactory(name="Institute of Alliances", country="Norway")
    html = _search(viewer_client, q="alliances").content.decode()
    assert "Institute of Alliances" in html and "Norway" in html


def test_it_finds_issues_by_name(viewer_client, db):
    IssueFactory(name="Arctic shipping", slug="arctic-shipping")
    assert 'href="/issues/arctic-shipping/"' in _search(viewer_client, q="arctic").content.decode()


# --- where a passage is, and who speaks ---


def test_a_hit_says_where_the_passage_is_in_its_document(viewer_client, db):
    source = SourceFactory(text="First paragraph.\nThe Arctic route.\nThird one.\n")
    for index, (start, end) in enumerate([(0, 16), (17, 34), (35, 45)]):
        PassageFactory(
            source=source, index=index, start=start, end=end, text=source.text[start:end]
        )
    html = _search(viewer_client, q="arctic").content.decode()
    assert "paragraph 2 of 3" in html
    assert "passage 1" not in html


# --- the facets ---


@pytest.fixture
def two_experts(db):
    """Two experts of two organisations, each quoted on their own issue in their own source."""
    north = OrganisationFactory(name="North Institute")
    south = OrganisationFactory(name="South Institute")
    ada = ExpertFactory(name="Ada", slug="ada", organisation=north)
    bo = ExpertFactory(name="Bo", slug="bo", organisation=south)
    sea = IssueFactory(slug="sea", name="Sea")
    land = IssueFactory(slug="land", name="Land")
    made = {}
    for expert, issue, kind, year in ((ada, sea, "report", 2016), (bo, land, "blog", 2022)):
        text = f"The alliance, says {expert.name}, is near."
        source = SourceFactory(
            text=text, kind=kind, published_on=dt.date(year, 1, 1), date_precision="year"
        )
        _passage(text, source=source, expert=expert, index=0)
        made[expert.slug] = StanceFactory(
            expert=expert,
            issue=issue,
            source=source,
            quote=text,
            summary=f"{expert.name} on the alliance.",
        )
    return made


def _passage_experts(html):
    return {name for name in ("Ada", "Bo") if f"<bdi>{name}</bdi>" in html}


def test_with_no_facet_both_experts_passages_show(viewer_client, two_experts):
    assert _passage_experts(_search(viewer_client, q="alliance").content.decode()) == {"Ada", "Bo"}


def test_the_expert_facet_narrows_passages_and_stances(viewer_client, two_experts):
    html = _search(viewer_client, q="alliance", experts="ada").content.decode()
    assert _passage_experts(html) == {"Ada"}
    assert "Ada on the alliance." in html and "Bo on the alliance." not in html


def test_the_issue_facet_keeps_the_passages_quoted_on_that_issue(two_experts):
    filters = SearchFilters(issues=(Issue.objects.get(slug="land"),))
    assert [h.expert_slug for h in search_passages("alliance", filters=filters).hits] == ["bo"]
    assert [s.issue.slug for s in search_records("alliance", filters=filters).stances] == ["land"]


def test_the_organisation_facet_narrows_to_its_experts(viewer_client, two_experts):
    html = _search(viewer_client, q="alliance", organisation="South Institute").content.decode()
    assert _passage_experts(html) == {"Bo"}


def test_the_source_facet_narrows_to_one_source(viewer_client, two_experts):
    source = two_experts["ada"].source
    html = _search(viewer_client, q="alliance", source=source.pk).content.decode()
    assert _passage_experts(html) == {"Ada"}
    assert f"Source: {source.title}" in html


def test_the_source_kind_facet_narrows_passages(viewer_client, two_experts):
    html = _search(viewer_client, q="alliance", kind="blog").content.decode()
    assert _passage_experts(html) == {"Bo"}


def test_the_date_range_narrows_by_when_it_was_said(viewer_client, two_experts):
    html = _search(viewer_client, q="alliance", date_to="2016-12-31").content.decode()
    assert _passage_experts(html) == {"Ada"}
    assert "Ada on the alliance." in html and "Bo on the alliance." not in html
    later = _search(viewer_client, q="alliance", date_from="2020-01-01").content.decode()
    assert _passage_experts(later) == {"Bo"}


def test_a_year_only_source_is_not_within_a_range_ending_mid_year(two_experts):
    filters = SearchFilters(date_to=dt.date(2016, 6, 30))
    assert search_passages("alliance", filters=filters).hits == []


def test_the_kind_facet_shows_one_kind_only(viewer_client, two_experts):
    html = _search(viewer_client, q="alliance", show="stances").content.decode()
    assert "Ada on the alliance." in html
    assert 'class="hit"' not in html


def test_a_facet_leaves_out_the_kinds_that_cannot_carry_it(viewer_client, two_experts):
    OrganisationFactory(name="Alliance Club")
    hit = '<li class="record-hit">Alliance Club'
    assert hit in _search(viewer_client, q="alliance").content.decode()
    html = _search(viewer_client, q="alliance", issues="sea").content.decode()
    assert hit not in html
    assert "Not searched with these filters: Experts, Organisations." in html


def test_the_facets_are_in_the_url_and_each_can_be_removed(viewer_client, two_experts):
    html = _search(viewer_client, q="alliance", experts="ada", kind="report").content.decode()
    assert "Expert: Ada" in html and "Source kind: Report" in html
    assert 'href="?q=alliance&amp;kind=report" title="Remove this filter">Expert: Ada' in html


def test_a_hit_offers_to_narrow_to_its_expert_and_source(viewer_client, two_experts):
    html = _search(viewer_client, q="alliance").content.decode()
    assert 'href="?q=alliance&amp;experts=ada">only this expert</a>' in html
    source = two_experts["bo"].source_id
    assert f'href="?q=alliance&amp;source={source}">only this source</a>' in html


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"experts": "nobody"}, "Experts"),
        ({"source": "999999"}, "Source"),
        ({"date_from": "2020-13-01"}, "Dated from"),
        ({"show": "rumours"}, "Kind of result"),
    ],
)
def test_a_bad_facet_is_refused_naming_the_field(viewer_client, db, params, field):
    response = _search(viewer_client, q="alliance", **params)
    assert response.status_code == 400
    assert f"{field}:" in response.content.decode()


def test_the_page_has_one_search_landmark(viewer_client, db):
    html = _search(viewer_client, q="alliance").content.decode()
    assert html.count('role="search"') == 1


def test_other_pages_keep_the_search_box_in_the_header(viewer_client, db):
    html = viewer_client.get(reverse("method")).content.decode()
    assert html.count('role="search"') == 1 and 'id="nav-q"' in html


# --- top-k: count and rank only what is shown ---


def test_beyond_the_cap_it_counts_no_further(db):
    for n in range(5):
        _passage(f"Arctic shipping route number {n}.")
    results = search_passages("arctic", limit=2, cap=3)
    assert (results.total, results.capped, len(results.hits)) == (4, True, 2)


def test_the_page_says_more_than_the_cap_instead_of_a_count(viewer_client, db, monkeypatch):
    monkeypatch.setattr("corpus.search.MATCH_CAP", 2)
    for n in range(3):
        _passage(f"Arctic shipping route number {n}.")
    html = _search(viewer_client, q="arctic").content.decode()
    assert "More than 2 passages match “arctic”" in html
    assert "3 passages" not in html


def test_under_the_cap_the_count_is_exact(db):
    for n in range(4):
        _passage(f"Arctic shipping route number {n}.")
    results = search_passages("arctic", cap=10)
    assert (results.total, results.capped) == (4, False)


def test_facets_compose(two_experts):
    filters = SearchFilters(
        experts=(Expert.objects.get(slug="ada"),), kind="blog", source=Source.objects.first()
    )
    assert search_passages("alliance", filters=filters).hits == []


def test_the_page_says_so_when_a_passage_is_quoted_nowhere(viewer_client, db):
    _passage("An alliance nobody has quoted.")
    html = _search(viewer_client, q="alliance").content.decode()
    assert "Not quoted in any published stance yet." in html
