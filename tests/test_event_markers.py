"""Event markers on the timelines: the chart JSON's `events`, the data table, the toggle."""

import datetime as dt
import json
import re

import pytest
from django.urls import reverse

from corpus.pages import events as event_pages
from tests.factories import EventFactory, IssueFactory, SourceFactory, StanceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def issue():
    return IssueFactory(slug="ukraine-test")


@pytest.fixture
def charted(issue):
    """Stances in 2021 and 2022, so the timeline spans those two whole years."""
    for year in (2021, 2022):
        StanceFactory(issue=issue, source=SourceFactory(published_on=dt.date(year, 3, 1)))
    return issue


def _json(client, issue, **params) -> dict:
    response = client.get(reverse("issue-chart-data", args=[issue.slug]), params)
    assert response.status_code == 200
    return response.json()


def test_the_chart_json_lists_the_issues_events(viewer_client, charted):
    source = SourceFactory()
    EventFactory(
        issues=[charted],
        label="Invasion",
        happened_on=dt.date(2022, 2, 1),
        precision="month",
        source=source,
        quote="The partnership is deep and growing.",
    )
    [event] = _json(viewer_client, charted)["events"]
    assert {k: event[k] for k in ("x", "date", "label", "quote", "source")} == {
        "x": "2022-02-15",  # a month-precision date is drawn mid-month
        "date": "February 2022",
        "label": "Invasion",
        "quote": "The partnership is deep and growing.",
        "source": source.title,
    }
    assert event["source_url"] == reverse("source", args=[source.pk])


def test_events_of_other_issues_drafts_and_other_years_are_left_out(viewer_client, charted):
    EventFactory(issues=[IssueFactory()], label="Elsewhere", happened_on=dt.date(2022, 1, 1))
    EventFactory(issues=[charted], label="Draft", status="draft")
    EventFactory(issues=[charted], label="Long ago", happened_on=dt.date(1989, 5, 1))
    EventFactory(issues=[charted], label="Shown", happened_on=dt.date(2021, 6, 28))
    assert [e["label"] for e in _json(viewer_client, charted)["events"]] == ["Shown"]


def test_events_off_in_the_url_leaves_them_out(viewer_client, charted):
    EventFactory(issues=[charted], happened_on=dt.date(2022, 2, 1))
    assert _json(viewer_client, charted, events="off")["events"] == []


def test_an_unknown_events_switch_is_a_400_naming_it(viewer_client, charted):
    response = viewer_client.get(
        reverse("issue-chart-data", args=[charted.slug]), {"events": "sideways"}
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["events"]


def test_the_issue_pages_data_table_lists_the_events(viewer_client, charted):
    EventFactory(
        issues=[charted], label="Treaty renewed", happened_on=dt.date(2021, 6, 28), precision="day"
    )
    html = viewer_client.get(reverse("issue", args=[charted.slug])).content.decode()
    table = re.search(r'<table class="data stack-narrow chart-events".*?</table>', html, re.S)
    assert table and "Treaty renewed" in table.group(0) and "28 June 2021" in table.group(0)


def test_an_edit_of_an_event_shows_on_the_cached_issue_page(viewer_client, charted):
    from corpus import changes

    event = EventFactory(issues=[charted], label="Before", happened_on=dt.date(2021, 6, 1))
    url = reverse("issue", args=[charted.slug])
    assert "Before" in viewer_client.get(url).content.decode()
    changes.edit(event, {"label": "After"}, seen_version=1, by=None)
    html = viewer_client.get(url).content.decode()
    assert "After" in html and "Before" not in html


def test_the_expert_timeline_carries_the_events_of_their_issues(viewer_client, charted):
    stance = charted.stances.first()
    EventFactory(issues=[charted], label="On their issue", happened_on=dt.date(2021, 6, 1))
    EventFactory(issues=[IssueFactory()], label="Not theirs", happened_on=dt.date(2021, 6, 1))
    html = viewer_client.get(reverse("expert", args=[stance.expert.slug])).content.decode()
    data = re.search(r'id="expert-timeline-data" type="application/json">(.*?)</script>', html)
    assert [e["label"] for e in json.loads(data.group(1))["events"]] == ["On their issue"]


def test_the_issue_slide_draws_the_events(viewer_client, charted):
    EventFactory(issues=[charted], label="Invasion", happened_on=dt.date(2022, 2, 1))
    html = viewer_client.get(reverse("present-issue", args=[charted.slug])).content.decode()
    data = re.search(r'id="slide-chart-1" type="application/json">(.*?)</script>', html)
    assert json.loads(data.group(1))["events"] == [
        {"x": "2022-02-15", "label": "Invasion", "date": "February 2022"}
    ]


def test_the_issue_slide_leaves_them_out_with_events_off(viewer_client, charted):
    EventFactory(issues=[charted], label="Invasion", happened_on=dt.date(2022, 2, 1))
    url = reverse("present-issue", args=[charted.slug])
    html = viewer_client.get(url, {"events": "off"}).content.decode()
    data = re.search(r'id="slide-chart-1" type="application/json">(.*?)</script>', html)
    assert json.loads(data.group(1))["events"] == []


def test_markers_take_one_query_whatever_the_number(charted, django_assert_num_queries):
    for day in range(1, 8):
        EventFactory(
            issues=[charted],
            happened_on=dt.date(2021, 3, day),
            source=SourceFactory(),
            quote="The partnership is deep and growing.",
            precision="day",
        )
    with django_assert_num_queries(1):
        assert len(event_pages.timeline_events([charted.pk])) == 7


def test_the_seed_ukraine_timeline_marks_the_invasion(seeded, viewer_client):
    from corpus.models import Issue

    labels = [e["label"] for e in _json(viewer_client, Issue.objects.get(slug="ukraine"))["events"]]
    assert "Russia invades Ukraine" in labels
