"""Read pages cache what they compute under the record version: fast again, never stale."""

import pytest
from django.test import Client
from django.urls import reverse

from corpus import changes
from tests.factories import (
    ExpertFactory,
    IssueFactory,
    ScenarioAssessmentFactory,
    SourceFactory,
    StanceFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def stance():
    return StanceFactory(summary="Sees a deepening partnership.", position=1)


def edit(stance, **values):
    changes.edit(stance, values, seen_version=stance.version, by=None)


def test_a_repeated_overview_skips_the_record_queries(
    viewer_client, stance, django_assert_num_queries
):
    viewer_client.get(reverse("overview"))
    # session, user, record version: the filter choices and the matrix come from the cache
    with django_assert_num_queries(3):
        response = viewer_client.get(reverse("overview"))
    assert stance.expert.name in response.content.decode()


def test_the_overview_shows_an_edit_at_once(viewer_client, stance):
    cell = f"{stance.expert.name} on {stance.issue.name}: "
    assert f"{cell}+1," in viewer_client.get(reverse("overview")).content.decode()
    edit(stance, position=-2)
    html = viewer_client.get(reverse("overview")).content.decode()
    assert f"{cell}−2," in html
    assert f"{cell}+1," not in html


def test_the_issue_page_shows_an_edit_at_once(viewer_client, stance):
    url = reverse("issue", args=[stance.issue.slug])
    assert "Sees a deepening partnership." in viewer_client.get(url).content.decode()
    edit(stance, summary="Now sees a marriage of convenience.")
    html = viewer_client.get(url).content.decode()
    assert "Now sees a marriage of convenience." in html
    assert "Sees a deepening partnership." not in html


def test_the_chart_data_shows_an_edit_at_once(viewer_client, stance):
    url = reverse("issue-chart-data", args=[stance.issue.slug])
    assert viewer_client.get(url).json()["series"][0]["points"][0]["y"] == 1
    edit(stance, position=-1)
    assert viewer_client.get(url).json()["series"][0]["points"][0]["y"] == -1


def test_a_filter_is_its_own_cache_entry(viewer_client, stance):
    url = reverse("issue", args=[stance.issue.slug])
    viewer_client.get(url)
    other_kind = "transcript" if stance.source.kind != "transcript" else "report"
    html = viewer_client.get(url, {"kind": other_kind}).content.decode()
    assert "No published stances match these filters." in html


def test_viewers_never_get_the_editors_cached_page(viewer, editor, stance):
    url = reverse("issue", args=[stance.issue.slug])
    edit_link = f"/stances/{stance.pk}/edit/"
    editor_client, viewer_client = Client(), Client()
    editor_client.force_login(editor)
    viewer_client.force_login(viewer)
    assert edit_link in editor_client.get(url).content.decode()
    assert edit_link not in viewer_client.get(url).content.decode()


def test_the_scenario_board_shows_a_new_assessment_at_once(viewer_client):
    first = ScenarioAssessmentFactory(expert=ExpertFactory(name="First Assessor"))
    assert "First Assessor" in viewer_client.get(reverse("scenarios")).content.decode()
    ScenarioAssessmentFactory(
        scenario=first.scenario,
        expert=ExpertFactory(name="Second Assessor"),
        source=SourceFactory(),
    )
    assert "Second Assessor" in viewer_client.get(reverse("scenarios")).content.decode()


def test_compare_shows_a_renamed_issue_at_once(viewer_client):
    issue = IssueFactory(name="Old name")
    a, b = ExpertFactory(), ExpertFactory()
    StanceFactory(issue=issue, expert=a)
    StanceFactory(issue=issue, expert=b, source=SourceFactory())
    url = f"{reverse('compare')}?experts={a.slug},{b.slug}"
    assert "Old name" in viewer_client.get(url).content.decode()
    issue.name = "New name"
    issue.save()
    assert "New name" in viewer_client.get(url).content.decode()
