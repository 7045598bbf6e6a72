"""The overview matrix: latest positions, filters, the quotes panel, HTMX fragments."""

import datetime as dt
import html as html_lib
import re

import pytest
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from tests.factories import (
    ExpertFactory,
    IssueFactory,
    OrganisationFactory,
    SourceFactory,
    StanceFactory,
)
from tests.htmx import HISTORY_RESTORE, HTMX


def test_it_requires_login(client, db):
    response = client.get(reverse("overview"))
    assertRedirects(response, f"{reverse('login')}?next={reverse('overview')}")


def test_it_shows_each_experts_latest_position(viewer_client, db):
    issue = IssueFactory(name="Ukraine")
    expert = ExpertFactory(name="Ann Analyst")
    old = SourceFactory(published_on=dt.date(2015, 1, 1))
    new = SourceFactory(published_on=dt.date(2022, 1, 1))
    StanceFactory(expert=expert, issue=issue, source=old, position=-2)
    StanceFactory(expert=expert, issue=issue, source=new, position=1)
    html = viewer_client.get(reverse("overview")).content.decode()
    assert "Ann Analyst" in html
    assert '<span class="num">+1</span>' in html
    assert '<span class="num">−2</span>' not in html


def test_as_of_shows_the_record_as_it_stood(viewer_client, db):
    issue = IssueFactory()
    expert = ExpertFactory()
    StanceFactory(
        expert=expert,
        issue=issue,
        position=-2,
        source=SourceFactory(published_on=dt.date(2015, 1, 1)),
    )
    StanceFactory(
        expert=expert,
        issue=issue,
        position=1,
        source=SourceFactory(published_on=dt.date(2022, 1, 1)),
    )
    html = viewer_client.get(reverse("overview"), {"as_of": "2016-01-01"}).content.decode()
    assert '<span class="num">−2</span>' in html
    assert '<span class="num">+1</span>' not in html


def test_same_day_statements_that_disagree_show_a_split(viewer_client, db):
    issue = IssueFactory()
    expert = ExpertFactory()
    source = SourceFactory()
    for position, quote in (
        (-1, "It is a marriage of convenience that will fray."),
        (1, "The partnership is deep and growing."),
    ):
        StanceFactory(expert=expert, issue=issue, source=source, position=position, quote=quote)
    html = viewer_client.get(reverse("overview")).content.decode()
    assert '<span class="range">−1 / +1 (2 statements)</span>' in html


def test_drafts_are_not_shown(viewer_client, db):
    StanceFactory(expert=ExpertFactory(name="Drafty McDraft"), status="draft")
    html = viewer_client.get(reverse("overview")).content.decode()
    assert "Drafty McDraft" not in html


def test_perspective_filter_keeps_only_that_region(viewer_client, db):
    issue = IssueFactory()
    StanceFactory(
        issue=issue,
        expert=ExpertFactory(
            name="Beijing Scholar", organisation=OrganisationFactory(name="PKU", country="China")
        ),
    )
    StanceFactory(
        issue=issue,
        expert=ExpertFactory(
            name="London Scholar", organisation=OrganisationFactory(name="KCL", country="UK")
        ),
    )
    html = viewer_client.get(reverse("overview"), {"perspective": "China"}).content.decode()
    assert "Beijing Scholar" in html and "London Scholar" not in html


def test_issue_filter_limits_the_columns(viewer_client, db):
    keep, drop = IssueFactory(name="Kept issue"), IssueFactory(name="Dropped issue")
    StanceFactory(issue=keep)
    StanceFactory(issue=drop)
    html = viewer_client.get(reverse("overview"), {"issues": keep.slug}).content.decode()
    matrix = html[html.index('<table class="matrix"') :]
    assert "Kept issue" in matrix and "Dropped issue" not in matrix


def test_htmx_filter_request_gets_only_the_results_fragment(viewer_client, db):
    StanceFactory(expert=ExpertFactory(name="Ann Analyst"))
    response = viewer_client.get(reverse("overview"), headers=HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="results"')
    assert "Ann Analyst" in html
    assert "<html" not in html and 'class="filters"' not in html


def test_history_restore_gets_the_full_page(viewer_client, db):
    response = viewer_client.get(reverse("overview"), headers=HISTORY_RESTORE)
    assert "<html" in response.content.decode()


def test_invalid_filter_is_a_400_naming_the_field(viewer_client, db):
    response = viewer_client.get(reverse("overview"), {"as_of": "yesterday"})
    assert response.status_code == 400
    assert "As of" in response.content.decode()


def test_inverted_date_range_is_refused(viewer_client, db):
    response = viewer_client.get(
        reverse("overview"), {"date_from": "2023-01-01", "date_to": "2020-01-01"}
    )
    assert response.status_code == 400


def test_cell_panel_fragment_lists_the_quotes(viewer_client, db):
    stance = StanceFactory(summary="Deepening ties")
    url = reverse("cell-quotes", args=[stance.expert.slug, stance.issue.slug])
    response = viewer_client.get(url, headers=HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<aside id="panel"')
    assert "Deepening ties" in html and stance.quote in html
    assert f"cell={stance.expert.slug}:{stance.issue.slug}" in response["HX-Push-Url"]


def test_cell_url_without_htmx_opens_the_overview_with_the_panel(viewer_client, db):
    stance = StanceFactory()
    url = reverse("cell-quotes", args=[stance.expert.slug, stance.issue.slug])
    response = viewer_client.get(url, follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("overview") + "?cell=")
    assert stance.quote in response.content.decode()


def test_unknown_cell_is_404(viewer_client, db):
    response = viewer_client.get(reverse("cell-quotes", args=["nobody", "nothing"]), headers=HTMX)
    assert response.status_code == 404


def test_contested_issue_is_listed_in_insights(viewer_client, db):
    issue = IssueFactory(name="Hot topic")
    StanceFactory(issue=issue, position=-2)
    StanceFactory(issue=issue, position=2)
    html = viewer_client.get(reverse("overview")).content.decode()
    insights = html[html.index('class="insights"') : html.index('class="matrix-layout"')]
    assert "Hot topic" in insights and "2 experts span" in insights


def test_large_matrices_are_paginated(viewer_client, db):
    issue = IssueFactory()
    for _ in range(45):
        StanceFactory(issue=issue)
    html = viewer_client.get(reverse("overview")).content.decode()
    assert "Experts 1–40 of 45" in html
    html = viewer_client.get(reverse("overview"), {"page": 2}).content.decode()
    assert "Experts 41–45 of 45" in html


@pytest.mark.parametrize("size", [2, 15])
def test_it_keeps_query_count_flat(viewer_client, django_assert_num_queries, db, size):
    issues = [IssueFactory() for _ in range(3)]
    for _ in range(size):
        for issue in issues:
            StanceFactory(issue=issue, expert=ExpertFactory(), source=SourceFactory())
    # session, user, generations, issues, organisations, expert count, expert page, the
    # experts' generations (their rows are cached per expert), cells, the issues' generations
    # (their spans are cached per issue), contested, shifts, totals
    with django_assert_num_queries(13):
        response = viewer_client.get(reverse("overview"))
    assert response.status_code == 200


@pytest.mark.parametrize("size", [2, 15])
def test_panel_keeps_query_count_flat(viewer_client, django_assert_num_queries, db, size):
    expert, issue = ExpertFactory(), IssueFactory()
    for _ in range(size):
        StanceFactory(expert=expert, issue=issue, source=SourceFactory())
    url = reverse("cell-quotes", args=[expert.slug, issue.slug])
    # session, user, generations, issues, organisations, expert, issue, stances
    with django_assert_num_queries(8):
        assert viewer_client.get(url, headers=HTMX).status_code == 200


def test_shifts_between_sources_are_listed_in_insights(viewer_client, db):
    issue = IssueFactory(name="Moving issue")
    expert = ExpertFactory(name="Changeable Person")
    StanceFactory(
        expert=expert,
        issue=issue,
        position=-1,
        source=SourceFactory(published_on=dt.date(2015, 1, 1)),
    )
    StanceFactory(
        expert=expert,
        issue=issue,
        position=1,
        source=SourceFactory(published_on=dt.date(2022, 1, 1)),
    )
    html = viewer_client.get(reverse("overview")).content.decode()
    insights = html[html.index('class="insights"') : html.index('class="matrix-layout"')]
    assert "Changeable Person" in insights and "−1 (January 2015)" in insights


def test_as_of_counts_a_month_only_once_it_is_over(viewer_client, db):
    issue = IssueFactory()
    StanceFactory(
        issue=issue,
        expert=ExpertFactory(name="March Speaker"),
        source=SourceFactory(published_on=dt.date(2022, 3, 1), date_precision="month"),
    )
    html = viewer_client.get(reverse("overview"), {"as_of": "2022-03-10"}).content.decode()
    assert "March Speaker" not in html
    html = viewer_client.get(reverse("overview"), {"as_of": "2022-03-31"}).content.decode()
    assert "March Speaker" in html


# --- The Present action ---------------------------------------------------------------------


def _present_href(html: str) -> str:
    match = re.search(r'<a class="button present-link" href="([^"]+)"', html)
    assert match, "no Present link"
    return html_lib.unescape(match.group(1))


def test_the_present_link_carries_the_filters_but_not_the_panel_or_page(viewer_client, db):
    stance = StanceFactory(issue=IssueFactory(slug="hot"))
    params = {"issues": "hot", "as_of": "2030-01-01", "page": "1"}
    params["cell"] = f"{stance.expert.slug}:hot"
    href = _present_href(viewer_client.get(reverse("overview"), params).content.decode())
    assert href == f"{reverse('present-overview')}?issues=hot&as_of=2030-01-01"
    slide = viewer_client.get(href)
    assert slide.status_code == 200
    assert "Source: 1 document · 1 expert · as of 1 January 2030" in slide.content.decode()


def test_the_filtered_fragment_carries_its_own_present_link(viewer_client, db):
    StanceFactory(issue=IssueFactory(slug="hot"))
    html = viewer_client.get(reverse("overview"), {"issues": "hot"}, headers=HTMX).content.decode()
    assert html.lstrip().startswith('<div id="results"')
    assert _present_href(html) == f"{reverse('present-overview')}?issues=hot"


def test_an_empty_matrix_has_nothing_to_present(viewer_client, db):
    html = viewer_client.get(reverse("overview")).content.decode()
    assert "No published stance matches these filters." in html
    assert "present-link" not in html


def test_it_shows_what_the_record_holds(viewer_client, seeded):
    html = viewer_client.get(reverse("overview")).content.decode()
    box = html[html.index('class="insight totals"') :]
    for text in (
        "<strong>5</strong> sources",
        "<strong>21</strong> experts",
        "<strong>5</strong> issues",
        "<strong>5</strong> scenarios",
        "<strong>47</strong> published stances",  # 45 annotated + 2 coded
        "<strong>18</strong> published assessments",  # 17 + 1 coded
    ):
        assert text in box
