"""The issue page: scale, timeline data, spread by year, stance list, filters and shifts."""

import csv
import datetime as dt
import html as html_lib
import io
import re
from urllib.parse import parse_qsl

import pytest
from django.test import Client
from django.urls import reverse

from corpus.dates import format_partial
from corpus.models import Stance
from corpus.pages.issue_page import shifts as shifts_among
from tests.factories import (
    OTHER_QUOTE,
    EventFactory,
    ExpertFactory,
    IssueFactory,
    OrganisationFactory,
    SourceFactory,
    StanceFactory,
    UserFactory,
)
from tests.htmx import HISTORY_RESTORE, HTMX

pytestmark = pytest.mark.django_db


@pytest.fixture
def issue():
    return IssueFactory(
        slug="ukraine-test",
        name="Ukraine test",
        question="How far does China back Russia?",
        label_minus_2="distances itself",
        label_plus_2="backs Moscow in substance",
    )


def _source(published_on, precision="day", **kwargs):
    return SourceFactory(published_on=published_on, date_precision=precision, **kwargs)


def _page(client, issue, **params):
    return client.get(reverse("issue", args=[issue.slug]), params)


def _drawn_chart(client, response) -> dict:
    """The chart data the page's canvas loads (the page links it, it does not embed it)."""
    html = response.content.decode()
    match = re.search(r'data-timeline-url="([^"]+)"', html)
    assert match, "the page has no chart"
    assert '"points"' not in html  # the points come from the chart URL only
    served = client.get(html_lib.unescape(match.group(1)))
    assert served.status_code == 200
    return served.json()


def _points(chart) -> list[dict]:
    return [point for series in chart["series"] for point in series["points"]]


def test_it_requires_login(client, issue):
    response = _page(client, issue)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_chart_data_requires_login(client, issue):
    response = client.get(reverse("issue-chart-data", args=[issue.slug]))
    assert response.status_code == 302


def test_unknown_issue_is_404(viewer_client):
    assert viewer_client.get(reverse("issue", args=["no-such-issue"])).status_code == 404
    assert viewer_client.get(reverse("issue-chart-data", args=["nope"])).status_code == 404


def test_it_shows_the_question_and_every_scale_label(viewer_client, issue):
    html = _page(viewer_client, issue).content.decode()
    assert "How far does China back Russia?" in html
    for label in issue.labels.values():
        assert label in html


def test_it_lists_published_stances_newest_first(viewer_client, issue):
    old = StanceFactory(issue=issue, summary="Said in 2016.", source=_source(dt.date(2016, 1, 1)))
    new = StanceFactory(issue=issue, summary="Said in 2022.", source=_source(dt.date(2022, 3, 1)))
    html = _page(viewer_client, issue).content.decode()
    listing = html[html.index('id="h-stances"') :]
    assert listing.index(new.summary) < listing.index(old.summary)
    assert new.expert.get_absolute_url() in listing
    assert new.get_absolute_url() in listing  # the quote links to the reader


def test_it_hides_drafts(viewer_client, issue):
    StanceFactory(issue=issue, summary="Published view.")
    StanceFactory(issue=issue, summary="Unreviewed draft view.", status="draft")
    response = _page(viewer_client, issue)
    assert "Published view." in response.content.decode()
    assert "Unreviewed draft view." not in response.content.decode()
    summaries = [p["summary"] for p in _drawn_chart(viewer_client, response)["series"][0]["points"]]
    assert summaries == ["Published view."]


def test_it_says_so_when_nothing_matches(viewer_client, issue):
    response = _page(viewer_client, issue)
    assert response.status_code == 200
    assert "No published stances match these filters." in response.content.decode()
    assert "<canvas" not in response.content.decode()


def test_htmx_request_gets_only_the_fragment(viewer_client, issue):
    StanceFactory(issue=issue, summary="Fragment content.")
    response = viewer_client.get(
        reverse("issue", args=[issue.slug]), {"kind": "report"}, headers=HTMX
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert html.lstrip().startswith('<div id="issue-view"')
    assert "Fragment content." in html
    assert "data-timeline-url=" in html
    assert "HX-Request" in response.headers["Vary"]


def test_direct_load_of_a_filtered_url_renders_the_full_page(viewer_client, issue):
    StanceFactory(issue=issue, summary="Full page content.")
    html = _page(viewer_client, issue, kind="report").content.decode()
    assert "<html" in html
    assert "How far does China back Russia?" in html
    assert "Full page content." in html
    assert '<option value="report" selected>' in html


def test_history_restore_gets_the_full_page(viewer_client, issue):
    response = viewer_client.get(
        reverse("issue", args=[issue.slug]),
        headers=HISTORY_RESTORE,
    )
    assert "<html" in response.content.decode()


def test_year_precision_point_is_drawn_mid_year_and_labelled_by_year(viewer_client, issue):
    StanceFactory(issue=issue, source=_source(dt.date(2016, 1, 1), "year"))
    chart = viewer_client.get(reverse("issue-chart-data", args=[issue.slug])).json()
    [point] = _points(chart)
    assert point["x"] == "2016-07-01"
    assert point["date"] == "2016"


def test_month_precision_point_is_drawn_mid_month_and_labelled_by_month(viewer_client, issue):
    StanceFactory(issue=issue, source=_source(dt.date(2022, 3, 1), "month"))
    [point] = _points(viewer_client.get(reverse("issue-chart-data", args=[issue.slug])).json())
    assert (point["x"], point["date"]) == ("2022-03-15", "March 2022")


def test_chart_has_one_series_per_expert_with_the_tooltip_facts(viewer_client, issue):
    anna = ExpertFactory(name="Anna Example")
    StanceFactory(issue=issue, expert=anna, position=2, source=_source(dt.date(2020, 5, 4)))
    StanceFactory(issue=issue, expert=anna, position=1, source=_source(dt.date(2022, 5, 4)))
    StanceFactory(issue=issue, expert=ExpertFactory(name="Boris Example"), quote=OTHER_QUOTE)
    chart = viewer_client.get(reverse("issue-chart-data", args=[issue.slug])).json()
    assert [s["label"] for s in chart["series"]] == ["Anna Example", "Boris Example"]
    first = chart["series"][0]["points"][0]
    assert [p["y"] for p in chart["series"][0]["points"]] == [2, 1]
    assert first["date"] == "4 May 2020"
    assert first["label"] == "backs Moscow in substance"
    assert first["summary"] == "Sees a deepening partnership."
    assert first["quote"] == "The partnership is deep and growing."
    assert chart["scale"]["-2"] == "distances itself"


def test_tooltip_quote_is_cut_to_its_first_words(viewer_client, issue):
    StanceFactory(
        issue=issue,
        quote="The partnership is deep and growing. Beijing will not abandon Moscow.\n\n"
        "Boris Example\n\nIt is a marriage",
    )
    [point] = _points(viewer_client.get(reverse("issue-chart-data", args=[issue.slug])).json())
    assert point["quote"] == (
        "The partnership is deep and growing. Beijing will not abandon Moscow. Boris Example It…"
    )


def test_the_pages_chart_carries_its_filters(viewer_client, issue):
    StanceFactory(issue=issue, source=_source(dt.date(2016, 1, 1), "year"))
    StanceFactory(issue=issue, position=-1, quote=OTHER_QUOTE)
    StanceFactory(issue=issue, summary="From a blog.", source=SourceFactory(kind="blog"))
    drawn = _drawn_chart(viewer_client, _page(viewer_client, issue, kind="report"))
    served = viewer_client.get(reverse("issue-chart-data", args=[issue.slug]), {"kind": "report"})
    assert drawn == served.json()
    assert "From a blog." not in {p["summary"] for p in _points(drawn)}
    assert len(_points(drawn)) == 2


def test_data_table_lists_every_chart_point(viewer_client, issue):
    for _ in range(3):
        StanceFactory(issue=issue)
    html = _page(viewer_client, issue).content.decode()
    table = html[
        html.index('id="issue-timeline-table"') : html.index(
            "</table>", html.index('id="issue-timeline-table"')
        )
    ]
    assert table.count("<tr>") == 1 + 3  # header row + one per point


def test_spread_by_year_gives_lowest_median_and_highest(viewer_client, issue):
    for position in (-1, 0, 2):
        StanceFactory(issue=issue, position=position, source=_source(dt.date(2016, 1, 1), "year"))
    StanceFactory(issue=issue, position=1, source=_source(dt.date(2022, 3, 1), "month"))
    band = viewer_client.get(reverse("issue-chart-data", args=[issue.slug])).json()["band"]
    assert [(y["year"], y["count"], y["min"], y["median"], y["max"]) for y in band] == [
        (2016, 3, -1, 0, 2),
        (2022, 1, 1, 1, 1),
    ]
    assert band[0]["start"] == "2016-01-01" and band[0]["end"] == "2016-12-31"


def test_as_of_keeps_stances_whose_whole_dated_period_is_past(viewer_client, issue):
    StanceFactory(
        issue=issue, summary="Known to the year.", source=_source(dt.date(2016, 1, 1), "year")
    )
    StanceFactory(issue=issue, summary="Known to the day.", source=_source(dt.date(2016, 2, 10)))
    StanceFactory(issue=issue, summary="Said later.", source=_source(dt.date(2022, 3, 1), "month"))

    def shown(as_of):
        return {
            p["summary"]
            for p in _points(_drawn_chart(viewer_client, _page(viewer_client, issue, as_of=as_of)))
        }

    assert shown("2016-03-01") == {"Known to the day."}
    assert shown("2016-12-31") == {"Known to the day.", "Known to the year."}
    assert shown("2022-03-30") == {"Known to the day.", "Known to the year."}
    assert shown("2022-03-31") == {"Known to the day.", "Known to the year.", "Said later."}


def test_it_filters_by_perspective(viewer_client, issue):
    china = ExpertFactory(name="Beijing Scholar", organisation=OrganisationFactory(country="China"))
    StanceFactory(issue=issue, expert=china, summary="A view from Beijing.")
    StanceFactory(issue=issue, summary="A view from Europe.", quote=OTHER_QUOTE)
    html = _page(viewer_client, issue, perspective="China").content.decode()
    listing = html[html.index('id="h-stances"') :]
    assert "A view from Beijing." in listing
    assert "A view from Europe." not in listing
    assert '<option value="China" selected>' in html


def test_it_filters_by_source_kind(viewer_client, issue):
    StanceFactory(issue=issue, summary="From a blog.", source=SourceFactory(kind="blog"))
    StanceFactory(issue=issue, summary="From a report.", source=SourceFactory(kind="report"))
    listing = _page(viewer_client, issue, kind="blog").content.decode()
    assert "From a blog." in listing
    assert "From a report." not in listing


@pytest.mark.parametrize(
    "params", [{"as_of": "2016-13-45"}, {"perspective": "Atlantis"}, {"kind": "podcast"}]
)
def test_invalid_filters_are_a_400_that_says_why(viewer_client, issue, params):
    response = _page(viewer_client, issue, **params)
    assert response.status_code == 400
    assert 'class="error"' in response.content.decode()
    chart = viewer_client.get(reverse("issue-chart-data", args=[issue.slug]), params)
    assert chart.status_code == 400
    assert list(chart.json()["errors"]) == list(params)


@pytest.mark.parametrize("size", [2, 15])
def test_query_count_is_flat(viewer_client, issue, django_assert_num_queries, size):
    for i in range(size):
        expert = ExpertFactory(organisation=OrganisationFactory(country=f"Country {i % 4}"))
        StanceFactory(issue=issue, expert=expert, source=_source(dt.date(2010 + i, 1, 1)))
        StanceFactory(issue=issue, expert=expert, position=-1, quote=OTHER_QUOTE)
        EventFactory(issues=[issue], happened_on=dt.date(2010 + i, 6, 1))
    url = reverse("issue", args=[issue.slug])
    # session, user, issue with its generations, perspectives, permission checks (2: may they
    # see drafts?), counts, a page of stances, a page of chart data, the band (read model),
    # shifts (read model), event markers
    with django_assert_num_queries(12):
        assert viewer_client.get(url).status_code == 200
    # The same, but the perspectives are cached for these generations by then; the band and
    # shifts from the stances (a source kind filter).
    with django_assert_num_queries(11):
        assert viewer_client.get(url, {"kind": "report"}, headers=HTMX).status_code == 200
    # session, user, issue with its generations, band, totals, the busiest experts, their
    # points, event markers
    with django_assert_num_queries(8):
        assert viewer_client.get(reverse("issue-chart-data", args=[issue.slug])).status_code == 200


# --- Shifts: corpus.pages.issue_page.shifts() ------------------------------------------------


def test_shifts_finds_a_move_between_consecutive_statements(issue):
    expert = ExpertFactory()
    before = StanceFactory(
        issue=issue, expert=expert, position=1, source=_source(dt.date(2016, 1, 1), "year")
    )
    after = StanceFactory(
        issue=issue, expert=expert, position=-1, source=_source(dt.date(2022, 3, 1), "month")
    )
    [shift] = shifts_among(Stance.objects.filter(issue=issue))
    assert (shift.expert, shift.issue) == (expert, issue)
    assert (shift.from_position, shift.from_display, shift.from_stance_id) == (1, "2016", before.pk)
    assert (shift.to_position, shift.to_display, shift.to_stance_id) == (-1, "March 2022", after.pk)
    assert shift.delta == -2
    assert shift.from_url == reverse("stance", args=[before.pk])


def test_shifts_compares_only_consecutive_statements(issue):
    expert = ExpertFactory()
    for year, position in [(2014, 0), (2016, 0), (2018, 1), (2020, 1)]:
        StanceFactory(
            issue=issue, expert=expert, position=position, source=_source(dt.date(year, 1, 1))
        )
    shifts = shifts_among(Stance.objects.filter(issue=issue))
    assert [(s.from_date.year, s.to_date.year) for s in shifts] == [(2016, 2018)]


def test_shifts_skips_two_records_from_one_source(issue):
    expert = ExpertFactory()
    source = SourceFactory()
    StanceFactory(issue=issue, expert=expert, source=source, position=1)
    StanceFactory(issue=issue, expert=expert, source=source, position=-1, quote=OTHER_QUOTE)
    assert shifts_among(Stance.objects.filter(issue=issue)) == []


def test_shifts_ignores_drafts(issue):
    expert = ExpertFactory()
    StanceFactory(issue=issue, expert=expert, position=1, source=_source(dt.date(2016, 1, 1)))
    StanceFactory(
        issue=issue, expert=expert, position=-2, source=_source(dt.date(2018, 1, 1)), status="draft"
    )
    StanceFactory(issue=issue, expert=expert, position=1, source=_source(dt.date(2020, 1, 1)))
    assert shifts_among(Stance.objects.filter(issue=issue)) == []


def test_shifts_keeps_issues_and_experts_apart(issue):
    expert = ExpertFactory()
    StanceFactory(issue=issue, expert=expert, position=1, source=_source(dt.date(2016, 1, 1)))
    StanceFactory(
        issue=IssueFactory(), expert=expert, position=-1, source=_source(dt.date(2018, 1, 1))
    )
    StanceFactory(issue=issue, position=-1, source=_source(dt.date(2019, 1, 1)))
    assert shifts_among(Stance.objects.all()) == []


def test_shifts_without_an_issue_covers_every_issue_newest_first(issue):
    expert = ExpertFactory()
    other = IssueFactory()
    for target, years in [(issue, (2010, 2012)), (other, (2014, 2016))]:
        StanceFactory(
            issue=target, expert=expert, position=0, source=_source(dt.date(years[0], 1, 1))
        )
        StanceFactory(
            issue=target, expert=expert, position=2, source=_source(dt.date(years[1], 1, 1))
        )
    assert [s.issue for s in shifts_among(Stance.objects.all())] == [other, issue]
    assert [s.issue for s in shifts_among(Stance.objects.filter(issue=issue))] == [issue]


@pytest.mark.parametrize("size", [2, 15])
def test_shifts_take_one_query_whatever_the_size(issue, django_assert_num_queries, size):
    for i in range(size):
        expert = ExpertFactory()
        StanceFactory(issue=issue, expert=expert, position=0, source=_source(dt.date(2010, 1, 1)))
        StanceFactory(
            issue=issue, expert=expert, position=i % 3, source=_source(dt.date(2012, 1, 1))
        )
    with django_assert_num_queries(1):
        shifts = shifts_among(Stance.objects.filter(issue=issue))
        assert [s.expert.name for s in shifts]
    assert len(shifts) == len([i for i in range(size) if i % 3])


def test_shifts_box_links_to_the_evidence(viewer_client, issue):
    expert = ExpertFactory(name="Shifting Expert")
    before = StanceFactory(
        issue=issue, expert=expert, position=1, source=_source(dt.date(2016, 1, 1), "year")
    )
    after = StanceFactory(
        issue=issue, expert=expert, position=-1, source=_source(dt.date(2022, 3, 1), "month")
    )
    html = _page(viewer_client, issue).content.decode()
    box = html[html.index('id="h-shifts"') : html.index("</section>", html.index('id="h-shifts"'))]
    assert "Shifting Expert" in box
    assert "+1 → −1" in box
    assert f'href="{before.get_absolute_url()}">2016</a>' in box
    assert f'href="{after.get_absolute_url()}">March 2022</a>' in box


def test_shifts_box_follows_the_as_of_filter(viewer_client, issue):
    expert = ExpertFactory(name="Shifting Expert")
    StanceFactory(issue=issue, expert=expert, position=1, source=_source(dt.date(2016, 1, 1)))
    StanceFactory(issue=issue, expert=expert, position=-1, source=_source(dt.date(2022, 3, 1)))
    html = _page(viewer_client, issue, as_of="2020-01-01").content.decode()
    box = html[html.index('id="h-shifts"') : html.index("</section>", html.index('id="h-shifts"'))]
    assert "Shifting Expert" not in box
    assert "No expert's position moved" in box


# --- Editing in place, drafts for editors, and the Present action ---------------------------


def _present_href(html: str) -> str:
    match = re.search(r'<a class="button present-link" href="([^"]+)"', html)
    assert match, "no Present link"
    return html_lib.unescape(match.group(1))


def _listing(html: str) -> str:
    start = html.index('id="h-stances"')
    return html[start : html.index("</section>", start)]


def test_viewers_get_no_edit_controls(viewer_client, issue):
    stance = StanceFactory(issue=issue)
    html = _page(viewer_client, issue).content.decode()
    assert stance.summary in html
    assert reverse("stance-edit", args=[stance.pk]) not in html
    assert f'id="record-stance-{stance.pk}"' not in html
    assert "js/editing.js" not in html


def test_editors_open_a_stance_form_in_place(editor_client, issue):
    stance = StanceFactory(issue=issue)
    html = _page(editor_client, issue).content.decode()
    edit_url = reverse("stance-edit", args=[stance.pk])
    row = html[html.index(f'<article id="record-stance-{stance.pk}"') :]
    assert (
        f'href="{edit_url}" hx-get="{edit_url}" hx-target="#record-stance-{stance.pk}" '
        'hx-swap="outerHTML">Edit</a>'
    ) in row[: row.index("</article>")]
    assert "js/editing.js" in html
    form = editor_client.get(edit_url, headers=HTMX).content.decode()
    assert form.lstrip().startswith(f'<div id="record-stance-{stance.pk}" class="record-edit">')


def test_an_inline_save_returns_the_row_for_the_same_place(editor_client, issue):
    stance = StanceFactory(issue=issue, status="draft")
    data = {
        "quote": stance.quote,
        "quote_start": stance.quote_start,
        "expert": stance.expert.pk,
        "stated": format_partial(stance.stated_on, stance.stated_precision),
        "issue": issue.pk,
        "position": stance.position,
        "summary": "Edited on the issue page.",
        "confidence": stance.confidence,
        "version": stance.version,
    }
    response = editor_client.post(reverse("stance-edit", args=[stance.pk]), data, headers=HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith(f'<article id="record-stance-{stance.pk}"')
    assert "Edited on the issue page." in html
    assert "draft" in html  # an editor's change to a published stance awaits review


def test_editors_see_drafts_marked_in_the_list_but_not_in_the_chart(editor_client, issue):
    StanceFactory(issue=issue, summary="Published view.")
    draft = StanceFactory(issue=issue, summary="Unreviewed draft view.", status="draft")
    response = _page(editor_client, issue)
    listing = _listing(response.content.decode())
    row = listing[listing.index(f'id="record-stance-{draft.pk}"') :]
    assert "Unreviewed draft view." in row
    assert 'class="record-row is-draft"' in listing
    assert '<span class="badge draft">draft</span>' in row[: row.index("</article>")]
    assert [p["summary"] for p in _points(_drawn_chart(editor_client, response))] == [
        "Published view."
    ]
    served = editor_client.get(reverse("issue-chart-data", args=[issue.slug])).json()
    assert [p["summary"] for p in _points(served)] == ["Published view."]
    assert "1 published stance" in response.content.decode()


def test_an_editor_sees_a_list_of_drafts_even_when_none_is_published(editor_client, issue):
    StanceFactory(issue=issue, summary="Only a draft.", status="draft")
    html = _page(editor_client, issue).content.decode()
    assert "No published stances match these filters." in html
    assert "Only a draft." in _listing(html)
    assert "<canvas" not in html


@pytest.mark.parametrize("size", [2, 15])
def test_query_count_is_flat_for_editors(editor_client, issue, django_assert_num_queries, size):
    for i in range(size):
        expert = ExpertFactory(organisation=OrganisationFactory(country=f"Country {i % 4}"))
        StanceFactory(issue=issue, expert=expert, source=_source(dt.date(2010 + i, 1, 1)))
        StanceFactory(issue=issue, expert=expert, status="draft", quote=OTHER_QUOTE)
    # session, user, issue with its generations, perspectives, permission checks (2), counts,
    # a page of stances, a page of chart data, the band, shifts, event markers
    with django_assert_num_queries(12):
        html = _page(editor_client, issue).content.decode()
    assert len(re.findall(r'hx-get="/stances/\d+/edit/"', html)) == 2 * size


def test_the_present_link_carries_the_filters(viewer_client, issue):
    StanceFactory(issue=issue, source=SourceFactory(kind="report"))
    params = {"as_of": "2030-01-01", "kind": "report"}
    href = _present_href(_page(viewer_client, issue, **params).content.decode())
    assert href == f"{reverse('present-issue', args=[issue.slug])}?as_of=2030-01-01&kind=report"
    slide = viewer_client.get(href)
    assert slide.status_code == 200
    assert "Source: 1 document · 1 expert · as of 1 January 2030" in slide.content.decode()


def test_the_filtered_fragment_carries_its_own_present_link(viewer_client, issue):
    StanceFactory(issue=issue, source=SourceFactory(kind="report"))
    html = viewer_client.get(
        reverse("issue", args=[issue.slug]), {"kind": "report"}, headers=HTMX
    ).content.decode()
    assert html.lstrip().startswith('<div id="issue-view"')
    assert _present_href(html).endswith("?kind=report")


def _client_as(username, role) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory(username=username, role=role))
    return client


def test_each_reviewer_publishes_a_draft_from_the_issue_page_with_their_own_token(issue):
    """The rows carry a per-session CSRF token: a page shared between users would refuse."""
    draft = StanceFactory(issue=issue, status="draft")
    url = reverse("issue", args=[issue.slug])
    publish = reverse("stance-publish", args=[draft.pk])
    _client_as("reviewer-a", "reviewer").get(url)
    second = _client_as("reviewer-b", "reviewer")
    html = second.get(url).content.decode()
    form = html[html.index(f'action="{publish}"') :]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    response = second.post(publish, {"csrfmiddlewaretoken": token, "version": draft.version})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_published


def test_an_editor_gets_no_publish_button_even_after_a_reviewer_opened_the_page(issue):
    draft = StanceFactory(issue=issue, status="draft")
    url = reverse("issue", args=[issue.slug])
    publish = reverse("stance-publish", args=[draft.pk])
    assert publish in _client_as("reviewer-a", "reviewer").get(url).content.decode()
    html = _client_as("editor-a", "editor").get(url).content.decode()
    assert f'id="record-stance-{draft.pk}"' in html
    assert publish not in html


def test_long_issues_list_the_newest_stances_and_offer_the_rest_as_csv(viewer_client, db):
    from dashboard.views.issues import LISTED

    issue = IssueFactory(slug="busy")
    for _ in range(LISTED + 3):
        StanceFactory(issue=issue, expert=ExpertFactory(), source=SourceFactory())
    html = viewer_client.get(reverse("issue", args=["busy"])).content.decode()
    assert html.count('class="stance"') == LISTED
    assert f"Stances 1–{LISTED} of {LISTED + 3}" in html
    assert "/stances.csv?issues=busy" in html
    older = viewer_client.get(reverse("issue", args=["busy"]), {"page": 2}).content.decode()
    assert older.count('class="stance"') == 3
    assert f"Stances {LISTED + 1}–{LISTED + 3} of {LISTED + 3}" in older


def test_the_chart_data_table_is_paged(viewer_client, db, monkeypatch):
    monkeypatch.setattr("dashboard.views.issues.LISTED", 2)
    issue = IssueFactory(slug="paged")
    for month in (1, 2, 3):
        StanceFactory(
            issue=issue, summary=f"Month {month}.", source=_source(dt.date(2020, month, 1))
        )

    def table(**params):
        html = viewer_client.get(reverse("issue", args=["paged"]), params).content.decode()
        start = html.index('id="issue-timeline-table"')
        return html[start : html.index("</table>", start)]

    assert "Month 3." in table() and "Month 2." in table() and "Month 1." not in table()
    assert "Month 1." in table(rows=2) and "Month 3." not in table(rows=2)


# --- The CSV link: built from the page's own filter form -------------------------------------


def _csv_href(html: str) -> str:
    match = re.search(r'<a href="([^"]*)">Download every point as CSV</a>', html)
    assert match, "the page offers no CSV of its points"
    return html_lib.unescape(match.group(1))


def test_the_csv_link_carries_every_filter_and_holds_the_rows_the_page_shows(
    viewer_client, issue, monkeypatch
):
    # Two listed rows, so three matching stances make the page offer the full CSV.
    monkeypatch.setattr("dashboard.views.issues.LISTED", 2)
    us = OrganisationFactory(country="US")
    kept = {
        StanceFactory(
            issue=issue, expert=ExpertFactory(organisation=us), source=_source(dt.date(2020, i, 1))
        ).pk
        for i in (1, 2, 3)
    }
    StanceFactory(issue=issue, source=_source(dt.date(2020, 4, 1)))  # another perspective
    blog = _source(dt.date(2020, 5, 1), kind="blog")  # not a report
    StanceFactory(issue=issue, expert=ExpertFactory(organisation=us), source=blog)
    StanceFactory(  # stated after the as-of date
        issue=issue, expert=ExpertFactory(organisation=us), source=_source(dt.date(2023, 1, 1))
    )
    StanceFactory(expert=ExpertFactory(organisation=us), source=_source(dt.date(2020, 6, 1)))
    params = {"as_of": "2021-01-01", "perspective": "US", "kind": "report"}
    html = _page(viewer_client, issue, **params).content.decode()
    assert "3 published stances" in html

    href = _csv_href(html)
    path, _, query = href.partition("?")
    assert path == reverse("stances-csv")
    assert dict(parse_qsl(query)) == {**params, "issues": issue.slug}
    response = viewer_client.get(href)
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert {int(row["id"]) for row in rows} == kept


# --- The chart sends what it draws --------------------------------------------------------


def _chart(client, issue, **params):
    response = client.get(reverse("issue-chart-data", args=[issue.slug]), params)
    assert response.status_code == 200
    return response.json()


def test_the_chart_draws_the_busiest_experts_and_counts_the_rest(viewer_client, issue, monkeypatch):
    monkeypatch.setattr("corpus.pages.issue_page.CHART_SERIES", 2)
    busy = [ExpertFactory(name=name) for name in ("Zed Busy", "Amy Busy")]
    for n, expert in enumerate(busy):
        for year in range(2015, 2018 + n):
            StanceFactory(issue=issue, expert=expert, source=_source(dt.date(year, 1, 1)))
    quiet = ExpertFactory(name="Quiet One")
    StanceFactory(issue=issue, expert=quiet, source=_source(dt.date(2016, 5, 1)))
    chart = _chart(viewer_client, issue)
    assert [s["label"] for s in chart["series"]] == ["Amy Busy", "Zed Busy"]
    assert (chart["experts"], chart["stances"]) == (3, 8)
    one = _chart(viewer_client, issue, expert="quiet one")
    assert [(s["label"], s["stances"]) for s in one["series"]] == [("Quiet One", 1)]
    assert "band" not in one


def test_a_series_is_thinned_to_the_charts_columns(viewer_client, issue, monkeypatch):
    monkeypatch.setattr("corpus.pages.issue_page.CHART_COLUMNS", 4)
    expert = ExpertFactory()
    for month in range(1, 13):
        StanceFactory(issue=issue, expert=expert, source=_source(dt.date(2020, month, 1)))
    [series] = _chart(viewer_client, issue)["series"]
    assert series["thinned"] and series["stances"] == 12
    assert len(series["points"]) <= 4 * 5  # a mark per position per column at most
    assert sum(p["n"] for p in series["points"]) == 12
    # The newest of each column is the one kept.
    assert series["points"][-1]["x"] == "2020-12-01"
    [whole] = _chart(viewer_client, issue, expert=expert.slug)["series"]
    assert len(whole["points"]) == 12 and not whole["thinned"]


def test_zooming_sends_the_period_asked_for(viewer_client, issue):
    expert = ExpertFactory()
    for year in (2015, 2018, 2021):
        StanceFactory(issue=issue, expert=expert, source=_source(dt.date(year, 3, 1)))
    chart = _chart(viewer_client, issue, **{"from": "2017-01-01", "to": "2019-12-31"})
    assert [p["date"] for p in _points(chart)] == ["1 March 2018"]


@pytest.mark.parametrize(
    "params", [{"from": "2020-13-01"}, {"from": "2021-01-01", "to": "2020-01-01"}]
)
def test_a_bad_zoom_is_a_400(viewer_client, issue, params):
    response = viewer_client.get(reverse("issue-chart-data", args=[issue.slug]), params)
    assert response.status_code == 400
