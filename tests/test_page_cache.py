"""Cache generations: the write moves exactly the scopes it touched; pages read them once."""

import pytest
from django.core.cache.backends.redis import RedisCache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from corpus import changes
from corpus.changes import notify
from corpus.models import Generation
from corpus.page_cache import audience, cached, generations
from tests.factories import (
    ExpertFactory,
    IssueFactory,
    OrganisationFactory,
    ScenarioAssessmentFactory,
    SourceFactory,
    StanceFactory,
    UserFactory,
)
from tests.services import redis_answers

pytestmark = pytest.mark.django_db


def _all() -> dict[str, int]:
    return dict(Generation.objects.values_list("scope", "value"))


def _moved(before: dict, after: dict) -> set[str]:
    return {s for s, v in after.items() if v != before.get(s, 0)}


def test_an_edit_through_the_door_moves_exactly_the_scopes_it_touched():
    stance = StanceFactory(status="draft")
    StanceFactory()  # another expert, issue and source: none of theirs may move
    before = _all()
    changes.edit(stance, {"summary": "Changed."}, seen_version=stance.version, by=None)
    assert _moved(before, _all()) == {
        "record",
        f"expert:{stance.expert_id}",
        f"issue:{stance.issue_id}",
        f"source:{stance.source_id}",
    }


def test_an_assessment_edit_moves_its_scenario_and_the_board():
    assessment = ScenarioAssessmentFactory(status="draft")
    before = _all()
    changes.edit(assessment, {"rationale": "Changed."}, seen_version=assessment.version, by=None)
    moved = _moved(before, _all())
    assert {f"scenario:{assessment.scenario_id}", "assessments"} <= moved
    assert not any(s.startswith("issue:") for s in moved)


def test_a_bulk_import_moves_the_scopes_of_what_it_inserted():
    stance = StanceFactory()
    other = StanceFactory.build(
        expert=stance.expert, issue=stance.issue, source=SourceFactory(), position=-1
    )
    before = _all()
    changes.bulk_import([other])
    assert f"source:{other.source_id}" in _moved(before, _all())


def test_renaming_an_expert_moves_their_scope_and_the_people_scope():
    expert, bystander = ExpertFactory(), ExpertFactory()
    before = _all()
    expert.name = "Someone Else"
    expert.save()
    moved = _moved(before, _all())
    assert {f"expert:{expert.pk}", "people", "record"} <= moved
    assert f"expert:{bystander.pk}" not in moved


def test_renaming_an_organisation_moves_the_people_scope():
    organisation = OrganisationFactory()
    before = _all()
    organisation.name = "Renamed"
    organisation.save()
    assert "people" in _moved(before, _all())


def test_clearing_synthetic_data_moves_every_scope():
    stance = StanceFactory()
    before = _all()
    notify.bump_all()
    assert _moved(before, _all()) >= {f"issue:{stance.issue_id}", "record", "people"}


def test_generations_are_read_in_one_query():
    StanceFactory()
    with CaptureQueriesContext(connection) as queries:
        generations(["record", "people", "issue:1", "never-bumped"])
    assert len(queries) == 1


def test_cached_computes_once_per_key():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert cached("t", "a", compute) == 1
    assert cached("t", "a", compute) == 1
    assert cached("t", "b", compute) == 2


def test_readers_share_an_audience_and_editors_do_not():
    reader = UserFactory(role="viewer")
    assert audience(reader, "issue") == audience(UserFactory(role="viewer"), "issue")
    assert audience(UserFactory(role="editor"), "issue") != audience(reader, "issue")


def test_a_page_without_edit_controls_is_the_same_for_everyone():
    assert audience(UserFactory(role="editor"), "overview") == audience(UserFactory(), "overview")


def _generation_queries(queries) -> list[str]:
    return [q["sql"] for q in queries if Generation._meta.db_table in q["sql"]]


@pytest.mark.parametrize("name", ["overview", "scenarios"])
def test_a_cached_page_hit_reads_generations_once_and_polls_nothing(viewer_client, name):
    StanceFactory()
    viewer_client.get(reverse(name))
    with CaptureQueriesContext(connection) as queries:
        assert viewer_client.get(reverse(name)).status_code == 200
    assert len(_generation_queries(queries)) == 1
    assert not any("MAX(" in q["sql"].upper() for q in queries)


def test_the_issue_page_hit_reads_generations_once(viewer_client):
    stance = StanceFactory()
    url = reverse("issue", args=[stance.issue.slug])
    viewer_client.get(url)
    with CaptureQueriesContext(connection) as queries:
        viewer_client.get(url)
    assert len(_generation_queries(queries)) == 1


def test_an_edit_is_on_the_issue_page_at_the_next_request(viewer_client):
    stance = StanceFactory(summary="Before the edit.")
    url = reverse("issue", args=[stance.issue.slug])
    assert "Before the edit." in viewer_client.get(url).text
    stance.refresh_from_db()
    changes.edit(stance, {"summary": "After the edit."}, seen_version=stance.version, by=None)
    page = viewer_client.get(url).text
    assert "After the edit." in page
    assert "Before the edit." not in page


def test_an_edit_on_another_issue_keeps_the_page_cached(viewer_client):
    stance, elsewhere = StanceFactory(), StanceFactory(status="draft")
    url = reverse("issue", args=[stance.issue.slug])
    viewer_client.get(url)
    changes.edit(elsewhere, {"summary": "x"}, seen_version=elsewhere.version, by=None)
    with CaptureQueriesContext(connection) as queries:
        viewer_client.get(url)
    assert not any("corpus_stance" in q["sql"] for q in queries)


def test_a_rename_is_on_the_overview_at_the_next_request(viewer_client):
    stance = StanceFactory()
    viewer_client.get(reverse("overview"))
    IssueFactory()  # unrelated, but the overview's choices must refresh too
    expert = stance.expert
    expert.name = "Renamed Expert"
    expert.save()
    assert "Renamed Expert" in viewer_client.get(reverse("overview")).text


def test_json_is_gzipped_and_html_is_not(viewer_client):
    stance = StanceFactory()
    chart = viewer_client.get(
        reverse("issue-chart-data", args=[stance.issue.slug]), HTTP_ACCEPT_ENCODING="gzip"
    )
    page = viewer_client.get(reverse("overview"), HTTP_ACCEPT_ENCODING="gzip")
    assert chart["Content-Encoding"] == "gzip"
    assert not page.has_header("Content-Encoding")


@pytest.mark.skipif(not redis_answers(), reason="no Redis on 127.0.0.1:6379")
def test_the_redis_backend_round_trips_a_page_entry():
    redis = RedisCache("redis://127.0.0.1:6379/0", {"KEY_PREFIX": "vantage-test-scale"})
    redis.set("page", {"rows": [1, 2]}, 30)
    try:
        assert redis.get("page") == {"rows": [1, 2]}
    finally:
        redis.delete("page")
