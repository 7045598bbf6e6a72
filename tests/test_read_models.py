"""The read models kept on write equal a rebuild from scratch, whatever the edits were."""

import contextlib
import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus import changes, read_models
from corpus.models import Generation, ScenarioAssessment, Stance
from corpus.models.read_models import (
    IssueYearSpread,
    LatestAssessment,
    LatestPosition,
    StanceMove,
)
from corpus.models.records import EditConflict
from tests.factories import (
    ExpertFactory,
    IssueFactory,
    ScenarioAssessmentFactory,
    ScenarioFactory,
    SourceFactory,
    StanceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

REFUSED = (ValidationError, EditConflict, PermissionDenied)


def _tables():
    return (
        sorted(
            LatestPosition.objects.values_list(
                "expert_id",
                "issue_id",
                "stated_on",
                "stated_precision",
                "positions",
                "low",
                "high",
                "record_ids",
                "count",
                "previous_stated_on",
                "previous_positions",
            )
        ),
        sorted(
            StanceMove.objects.values_list(
                "expert_id",
                "issue_id",
                "stance_id",
                "position",
                "stated_on",
                "stated_precision",
                "previous_id",
                "previous_position",
                "previous_stated_on",
                "previous_precision",
            )
        ),
        sorted(
            LatestAssessment.objects.values_list(
                "expert_id", "scenario_id", "stated_on", "likelihoods", "record_ids"
            )
        ),
        sorted(
            IssueYearSpread.objects.values_list("issue_id", "year", "count", "low", "high", "total")
        ),
    )


def test_a_published_stance_is_its_experts_latest_position():
    stance = StanceFactory(position=-1)
    row = LatestPosition.objects.get(expert=stance.expert, issue=stance.issue)
    assert (row.positions, row.record_ids) == ([-1], [stance.pk])


def test_a_later_statement_keeps_the_earlier_as_previous():
    early = StanceFactory(source=SourceFactory(published_on=dt.date(2019, 1, 1)), position=-1)
    StanceFactory(
        expert=early.expert,
        issue=early.issue,
        source=SourceFactory(published_on=dt.date(2021, 1, 1)),
        position=2,
    )
    row = LatestPosition.objects.get(expert=early.expert, issue=early.issue)
    assert (row.positions, row.previous_positions) == ([2], [-1])
    assert row.previous_stated_on == dt.date(2019, 1, 1)


def test_a_move_between_sources_is_kept_with_what_it_moved_from():
    early = StanceFactory(source=SourceFactory(published_on=dt.date(2019, 1, 1)), position=-1)
    later = StanceFactory(
        expert=early.expert,
        issue=early.issue,
        source=SourceFactory(published_on=dt.date(2021, 1, 1)),
        position=2,
    )
    move = StanceMove.objects.get()
    assert (move.stance_id, move.previous_id) == (later.pk, early.pk)
    assert (move.previous_position, move.position) == (-1, 2)


def test_moves_equal_the_window_query():
    expert, issue = ExpertFactory(), IssueFactory()
    for year, position in [(2017, 0), (2018, 1), (2019, 1), (2020, -2)]:
        source = SourceFactory(published_on=dt.date(year, 1, 1))
        StanceFactory(expert=expert, issue=issue, source=source, position=position)
    window = [(s.pk, s.previous_id) for s in Stance.objects.moves()]
    stored = list(StanceMove.objects.order_by("-stated_on").values_list("stance_id", "previous_id"))
    assert stored == window
    assert len(stored) == 2


def test_a_draft_is_in_no_read_model():
    stance = StanceFactory(status="draft")
    assert not LatestPosition.objects.filter(issue=stance.issue).exists()
    assert not IssueYearSpread.objects.filter(issue=stance.issue).exists()


def _cells_generation() -> int:
    return Generation.objects.filter(scope="cells").values_list("value", flat=True).first() or 0


def test_the_cells_generation_moves_when_a_cell_gets_its_first_position():
    first = StanceFactory()
    before = _cells_generation()
    StanceFactory(expert=first.expert)  # a new cell: the same expert on another issue
    assert _cells_generation() == before + 1


def test_the_cells_generation_stays_when_a_held_cell_changes():
    stance = StanceFactory()
    before = _cells_generation()
    changes.edit(stance, {"position": -2}, seen_version=stance.version, by=None)
    StanceFactory(expert=stance.expert, issue=stance.issue, source=SourceFactory())
    assert _cells_generation() == before


def test_the_cells_generation_moves_when_a_cells_last_position_goes():
    stance = StanceFactory()
    before = _cells_generation()
    changes.deprecate(stance, reason="duplicate", seen_version=stance.version, by=None)
    assert not LatestPosition.objects.filter(issue=stance.issue).exists()
    assert _cells_generation() == before + 1


def test_the_command_rebuilds_what_was_lost():
    stance = StanceFactory()
    read_models.clear()
    call_command("rebuild_read_models", stdout=io.StringIO())
    assert LatestPosition.objects.filter(issue=stance.issue).exists()


def test_a_rebuild_moves_every_cached_page():
    stance = StanceFactory()
    before = dict(Generation.objects.values_list("scope", "value"))
    read_models.rebuild()
    after = dict(Generation.objects.values_list("scope", "value"))
    assert {"record", "people", f"expert:{stance.expert_id}"} <= {
        scope for scope, value in after.items() if value > before.get(scope, 0)
    }


ACTION = st.one_of(
    st.tuples(
        st.just("create"),
        st.integers(0, 1),
        st.integers(0, 1),
        st.integers(0, 2),
        st.integers(-2, 2),
    ),
    st.tuples(st.just("publish"), st.integers(0, 1), st.integers(0, 1), st.integers(0, 2)),
    st.tuples(st.just("assess"), st.integers(0, 1), st.integers(0, 2), st.integers(1, 5)),
    st.tuples(st.just("accept"), st.integers(0, 20)),
    st.tuples(st.just("edit"), st.integers(0, 20), st.integers(-2, 2)),
    st.tuples(st.just("deprecate"), st.integers(0, 20)),
    st.tuples(st.just("revert"), st.integers(0, 20)),
    st.tuples(st.just("delete"), st.integers(0, 20)),
)


def _run(action, world, records, reviewer):
    kind, *args = action
    experts, issues, sources, scenario = world
    if kind == "create":
        e, i, s, position = args
        draft = StanceFactory.build(
            expert=experts[e], issue=issues[i], source=sources[s], position=position
        )
        records.append(changes.create_draft(draft, by=reviewer).record)
        return
    if kind == "publish":
        e, i, s = args
        cell = {"expert": experts[e], "issue": issues[i], "source": sources[s]}
        if not Stance.objects.filter(**cell).exists():  # one quote per source and cell
            records.append(StanceFactory(**cell))
        return
    if kind == "assess":
        e, s, likelihood = args
        cell = {"expert": experts[e], "scenario": scenario, "source": sources[s]}
        if not ScenarioAssessment.objects.filter(**cell).exists():
            records.append(ScenarioAssessmentFactory(**cell, likelihood=likelihood))
        return
    if not records:
        return
    record = records[args[0] % len(records)]
    record = type(record).objects.filter(pk=record.pk).first()
    if record is None:
        return
    if kind == "accept" and (change := changes.live_change(record)) is not None:
        changes.accept(change, seen_version=change.version, by=reviewer)
    elif kind == "edit" and hasattr(record, "position"):
        changes.edit(record, {"position": args[1]}, seen_version=record.version, by=reviewer)
    elif kind == "deprecate":
        changes.deprecate(record, reason="duplicate", seen_version=record.version, by=reviewer)
    elif kind == "revert":
        first = record.history.order_by("history_id").first()
        changes.revert(record, first.history_id, seen_version=record.version, by=reviewer)
    elif kind == "delete":
        changes.delete_draft(record, seen_version=record.version, by=reviewer)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(actions=st.lists(ACTION, min_size=1, max_size=12))
def test_incremental_read_models_equal_a_rebuild(actions):
    reviewer = UserFactory(role="reviewer")
    world = (
        [ExpertFactory(), ExpertFactory()],
        [IssueFactory(), IssueFactory()],
        [SourceFactory(published_on=dt.date(2018 + n, 3, 1)) for n in range(3)],
        ScenarioFactory(),
    )
    records = []
    for action in actions:
        # A refused action changes nothing; the next one goes on.
        with contextlib.suppress(*REFUSED):
            _run(action, world, records, reviewer)
    incremental = _tables()
    read_models.rebuild()
    assert incremental == _tables()
