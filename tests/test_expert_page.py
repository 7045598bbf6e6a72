"""The expert page: profile, every published stance and assessment, their own timeline."""

import datetime as dt
import json
import re

import pytest
from django.urls import reverse

from tests.factories import (
    OTHER_QUOTE,
    EventFactory,
    ExpertAliasFactory,
    ExpertFactory,
    IssueFactory,
    OrganisationFactory,
    ScenarioAssessmentFactory,
    ScenarioFactory,
    SourceFactory,
    StanceFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def expert():
    return ExpertFactory(
        slug="anna-example",
        name="Anna Example",
        kind="person",
        role="Senior Fellow",
        organisation=OrganisationFactory(name="Example Centre", country="Poland"),
    )


def _page(client, expert):
    return client.get(reverse("expert", args=[expert.slug]))


def _chart(response) -> dict:
    match = re.search(
        r'<script id="expert-timeline-data" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    assert match, "the page embeds no chart data"
    return json.loads(match.group(1))


def _section(html: str, heading_id: str) -> str:
    start = html.index(f'id="{heading_id}"')
    return html[start : html.find("</section>", start)]


def test_it_requires_login(client, expert):
    response = _page(client, expert)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_unknown_expert_is_404(viewer_client):
    assert viewer_client.get(reverse("expert", args=["nobody"])).status_code == 404


def test_it_shows_the_profile(viewer_client, expert):
    ExpertAliasFactory(expert=expert, name="Dr A. Example")
    html = _page(viewer_client, expert).content.decode()
    for text in ["Anna Example", "Person", "Senior Fellow", "Example Centre", "Poland"]:
        assert text in html
    assert "Dr A. Example" in html


def test_it_groups_published_stances_by_issue(viewer_client, expert):
    first = IssueFactory(name="First issue", order=1)
    second = IssueFactory(name="Second issue", order=2)
    StanceFactory(expert=expert, issue=second, summary="On the second issue.")
    StanceFactory(expert=expert, issue=first, summary="On the first issue.", quote=OTHER_QUOTE)
    html = _section(_page(viewer_client, expert).content.decode(), "h-stances")
    assert html.index("First issue") < html.index("On the first issue.")
    assert html.index("On the first issue.") < html.index("Second issue")
    assert html.index("Second issue") < html.index("On the second issue.")
    assert first.get_absolute_url() in html


def test_each_stance_shows_position_date_summary_and_linked_quote(viewer_client, expert):
    issue = IssueFactory(label_minus_1="keeps its distance")
    stance = StanceFactory(
        expert=expert,
        issue=issue,
        position=-1,
        source=SourceFactory(published_on=dt.date(2016, 1, 1), date_precision="year"),
    )
    html = _section(_page(viewer_client, expert).content.decode(), "h-stances")
    assert 'title="−1: keeps its distance"' in html
    assert "stated 2016" in html
    assert stance.summary in html
    assert "The partnership is deep and growing." in html
    assert f'href="{stance.get_absolute_url()}"' in html


def test_it_lists_published_assessments_with_likelihood_words(viewer_client, expert):
    scenario = ScenarioFactory(title="Formal alliance")
    assessment = ScenarioAssessmentFactory(
        expert=expert, scenario=scenario, likelihood=1, rationale="Calls an alliance fanciful."
    )
    html = _section(_page(viewer_client, expert).content.decode(), "h-assessments")
    assert "Formal alliance" in html
    assert "very unlikely" in html
    assert "Calls an alliance fanciful." in html
    assert f'href="{assessment.get_absolute_url()}"' in html


def test_it_hides_drafts(viewer_client, expert):
    StanceFactory(expert=expert, summary="Draft stance.", status="draft")
    ScenarioAssessmentFactory(expert=expert, rationale="Draft assessment.", status="draft")
    StanceFactory(expert=expert, summary="Published stance.", quote=OTHER_QUOTE)
    response = _page(viewer_client, expert)
    html = response.content.decode()
    assert "Published stance." in html
    assert "Draft stance." not in html
    assert "Draft assessment." not in html
    assert [p["summary"] for s in _chart(response)["series"] for p in s["points"]] == [
        "Published stance."
    ]


def test_timeline_has_one_series_per_issue_in_date_order(viewer_client, expert):
    ukraine = IssueFactory(name="Ukraine", order=1)
    taiwan = IssueFactory(name="Taiwan", order=2)
    year_2016 = SourceFactory(published_on=dt.date(2016, 1, 1), date_precision="year")
    StanceFactory(expert=expert, issue=ukraine, position=0)
    StanceFactory(expert=expert, issue=ukraine, position=1, source=year_2016)
    StanceFactory(expert=expert, issue=taiwan, position=-2)
    chart = _chart(_page(viewer_client, expert))
    assert [s["label"] for s in chart["series"]] == ["Ukraine", "Taiwan"]
    ukraine_points = chart["series"][0]["points"]
    assert [(p["x"], p["date"], p["y"]) for p in ukraine_points] == [
        ("2016-07-01", "2016", 1),
        ("2022-03-15", "March 2022", 0),
    ]
    assert chart["series"][0]["url"] == ukraine.get_absolute_url()


def test_data_table_lists_every_chart_point(viewer_client, expert):
    StanceFactory(expert=expert)
    StanceFactory(expert=expert, quote=OTHER_QUOTE)
    html = _page(viewer_client, expert).content.decode()
    start = html.index('id="expert-timeline-table"')
    table = html[start : html.index("</table>", start)]
    assert table.count("<tr>") == 1 + 2


def test_an_expert_without_published_records_gets_no_empty_chart(viewer_client, expert):
    html = _page(viewer_client, expert).content.decode()
    assert "<canvas" not in html
    assert "No published stances yet." in html
    assert "No published scenario assessments yet." in html


@pytest.mark.parametrize("size", [2, 15])
def test_query_count_is_flat(viewer_client, expert, django_assert_num_queries, size):
    for i in range(size):
        ExpertAliasFactory(expert=expert)
        StanceFactory(expert=expert, source=SourceFactory(published_on=dt.date(2000 + i, 1, 1)))
        ScenarioAssessmentFactory(expert=expert)
    # Events on the issues of the stances, inside the timeline's years.
    issues = list(expert.stances.values_list("issue", flat=True))
    for i, issue in enumerate(issues):
        EventFactory(issues=[issue], happened_on=dt.date(2000 + i, 6, 1))
    # session, user, expert (with organisation), aliases, permission checks (2: may they see
    # drafts?), stances, assessments, event markers
    with django_assert_num_queries(9):
        response = _page(viewer_client, expert)
    assert response.status_code == 200
    assert len(_chart(response)["series"]) == size


# --- Editing in place, and drafts for editors ------------------------------------------------


def test_viewers_get_no_edit_controls(viewer_client, expert):
    stance = StanceFactory(expert=expert)
    assessment = ScenarioAssessmentFactory(expert=expert)
    html = _page(viewer_client, expert).content.decode()
    assert stance.summary in html and assessment.rationale in html
    assert "/edit/" not in html
    assert "js/editing.js" not in html


def test_editors_get_an_edit_button_on_each_stance_and_assessment(editor_client, expert):
    stance = StanceFactory(expert=expert)
    assessment = ScenarioAssessmentFactory(expert=expert)
    html = _page(editor_client, expert).content.decode()
    for kind, record in (("stance", stance), ("assessment", assessment)):
        edit_url = reverse(f"{kind}-edit", args=[record.pk])
        assert f'<article id="record-{kind}-{record.pk}"' in html
        assert f'hx-get="{edit_url}" hx-target="#record-{kind}-{record.pk}"' in html
    assert "js/editing.js" in html


def test_editors_see_drafts_marked_but_not_in_the_chart_or_counts(editor_client, expert):
    StanceFactory(expert=expert, summary="Published stance.", quote=OTHER_QUOTE)
    draft = StanceFactory(expert=expert, summary="Draft stance.", status="draft")
    ScenarioAssessmentFactory(expert=expert, rationale="Draft assessment.", status="draft")
    response = _page(editor_client, expert)
    html = response.content.decode()
    stances = _section(html, "h-stances")
    row = stances[stances.index(f'id="record-stance-{draft.pk}"') :]
    assert "Draft stance." in row
    assert '<span class="badge draft">draft</span>' in row[: row.index("</article>")]
    assert "Draft assessment." in _section(html, "h-assessments")
    assert "1 published stance on 1 issue · 0 published scenario assessments" in html
    assert [p["summary"] for s in _chart(response)["series"] for p in s["points"]] == [
        "Published stance."
    ]


@pytest.mark.parametrize("size", [2, 15])
def test_query_count_is_flat_for_editors(editor_client, expert, django_assert_num_queries, size):
    for i in range(size):
        StanceFactory(expert=expert, source=SourceFactory(published_on=dt.date(2000 + i, 1, 1)))
        StanceFactory(expert=expert, status="draft", quote=OTHER_QUOTE)
        ScenarioAssessmentFactory(expert=expert, status="draft")
    # session, user, expert (with organisation), aliases, permission checks (2), stances,
    # assessments, event markers
    with django_assert_num_queries(9):
        html = _page(editor_client, expert).content.decode()
    assert len(re.findall(r'hx-get="/(stances|assessments)/\d+/edit/"', html)) == 3 * size


def test_a_long_list_of_stances_is_paged(viewer_client, expert, monkeypatch):
    monkeypatch.setattr("dashboard.views.experts.LISTED", 2)
    issue = IssueFactory()
    for month in (1, 2, 3):
        StanceFactory(
            expert=expert,
            issue=issue,
            summary=f"Said in month {month}.",
            source=SourceFactory(published_on=dt.date(2020, month, 1)),
        )
    first = _section(_page(viewer_client, expert).content.decode(), "h-stances")
    assert "Said in month 3." in first and "Said in month 1." not in first
    assert "Stances 1–2 of 3" in first
    url = reverse("expert", args=[expert.slug])
    second = _section(viewer_client.get(url, {"page": 2}).content.decode(), "h-stances")
    assert "Said in month 1." in second and "Said in month 3." not in second


def _stances_by_month(expert, months, issue=None):
    issue = issue or IssueFactory()
    for month in months:
        StanceFactory(
            expert=expert,
            issue=issue,
            summary=f"Said in month {month}.",
            source=SourceFactory(published_on=dt.date(2020, month, 1)),
        )


def _table(html: str) -> str:
    start = html.index('id="expert-timeline-table"')
    return html[start : html.index("</table>", start)]


def test_the_chart_data_table_is_paged(viewer_client, expert, monkeypatch):
    monkeypatch.setattr("dashboard.views.experts.LISTED", 2)
    _stances_by_month(expert, (1, 2, 3))
    url = reverse("expert", args=[expert.slug])
    first = viewer_client.get(url).content.decode()
    assert _table(first).count("<tr>") == 1 + 2
    assert "March 2020" not in _table(first)  # the chart's points run oldest first
    assert "Points 1–2 of 3" in first
    second = viewer_client.get(url, {"rows": 2}).content.decode()
    assert _table(second).count("<tr>") == 1 + 1
    assert "March 2020" in _table(second)
    # The chart itself still draws every point.
    assert len(_chart(viewer_client.get(url))["series"][0]["points"]) == 3


def test_the_side_by_side_table_is_paged_by_record(viewer_client, expert, monkeypatch):
    monkeypatch.setattr("dashboard.views.experts.LISTED", 2)
    _stances_by_month(expert, (1, 2, 3))
    url = reverse("expert", args=[expert.slug])
    first = _section(viewer_client.get(url).content.decode(), "h-side-by-side")
    assert "March 2020" in first and "January 2020" not in first
    assert "Records 1–2 of 3" in first
    second = _section(viewer_client.get(url, {"dates": 2}).content.decode(), "h-side-by-side")
    assert "January 2020" in second and "March 2020" not in second


def test_a_pager_moves_its_own_list_and_keeps_the_others_pages(viewer_client, expert, monkeypatch):
    monkeypatch.setattr("dashboard.views.experts.LISTED", 2)
    _stances_by_month(expert, (1, 2, 3))
    url = reverse("expert", args=[expert.slug])
    html = viewer_client.get(url, {"dates": 2, "events": "off"}).content.decode()
    assert '<a href="?dates=2&amp;events=off&amp;rows=2#h-timeline">Next →</a>' in html
    assert '<a href="?dates=1&amp;events=off#h-side-by-side">← Newer</a>' in html


@pytest.mark.parametrize("size", [5, 12])
def test_query_count_is_flat_with_paged_lists(
    viewer_client, expert, django_assert_num_queries, monkeypatch, size
):
    monkeypatch.setattr("dashboard.views.experts.LISTED", 2)
    for i in range(size):
        StanceFactory(expert=expert, source=SourceFactory(published_on=dt.date(2000 + i, 1, 1)))
        ScenarioAssessmentFactory(expert=expert)
    # session, user, expert (with organisation), aliases, permission checks (2), stances,
    # assessments, event markers: every list and table pages the rows already loaded
    with django_assert_num_queries(9):
        html = viewer_client.get(reverse("expert", args=[expert.slug]), {"rows": 2}).content
    html = html.decode()
    assert _table(html).count("<tr>") == 1 + 2
    assert f"Points 3–4 of {size}" in html
