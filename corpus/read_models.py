"""Keeping the read models (corpus/models/read_models.py) right on every write.

The write door calls `update(records)` in its transaction with every record a change touched,
before and after (notify.register_updater). The cells those records belong to — expert ×
issue, expert × scenario, issue × year — are recomputed from the published records, so the
result equals a rebuild whatever the change was; a bulk import recomputes its cells in one
pass per table. `rebuild()` recomputes everything (`manage.py rebuild_read_models`).
"""

import datetime as dt
import itertools
from collections import Counter, defaultdict

from django.db import connection, transaction
from django.db.models import Q

from corpus.changes import notify
from corpus.models import ScenarioAssessment, Stance
from corpus.models.read_models import (
    IssueYearSpread,
    LatestAssessment,
    LatestPosition,
    StanceMove,
)
from corpus.models.record_choices import Status
from corpus.row_inserts import insert_statement, prepared_values

BATCH = 2000
# Up to this many issue × year cells are read year by year; more (an import) issue by issue.
_YEAR_BY_YEAR = 20


def _cells(records):
    stance_cells, assessment_cells, years = set(), set(), set()
    for record in records:
        if isinstance(record, Stance):
            stance_cells.add((record.expert_id, record.issue_id))
            # An unvalidated insert (tests' factories) may still hold the date as text.
            stated = record.stated_on
            year = stated.year if hasattr(stated, "year") else int(str(stated)[:4])
            years.add((record.issue_id, year))
        elif isinstance(record, ScenarioAssessment):
            assessment_cells.add((record.expert_id, record.scenario_id))
    return stance_cells, assessment_cells, years


def _published(model, field: str, cells, value: str):
    """(expert, subject) → {date: [(value, pk)]} of the published records in cells."""
    rows = model.objects.filter(status=Status.PUBLISHED)
    if cells is not None:
        rows = rows.filter(
            expert_id__in={e for e, _ in cells}, **{f"{field}_id__in": {s for _, s in cells}}
        )
    found = defaultdict(lambda: defaultdict(list))
    for expert, subject, date, number, pk in rows.values_list(
        "expert_id", f"{field}_id", "stated_on", value, "pk"
    ).iterator(chunk_size=BATCH):
        if cells is None or (expert, subject) in cells:
            found[expert, subject][date].append((number, pk))
    return found


def _stances(cells=None):
    """(expert, issue) → its published stances as (stated_on, pk, position, precision, source),
    in (date, id) order."""
    rows = Stance.objects.filter(status=Status.PUBLISHED)
    if cells is not None:
        rows = rows.filter(expert_id__in={e for e, _ in cells}, issue_id__in={i for _, i in cells})
    found = defaultdict(list)
    fields = ("expert_id", "issue_id", "stated_on", "pk", "position", "stated_precision")
    for expert, issue, *stance in rows.values_list(*fields, "source_id").iterator(chunk_size=BATCH):
        if cells is None or (expert, issue) in cells:
            found[expert, issue].append(tuple(stance))
    for stances in found.values():
        stances.sort(key=lambda s: (s[0], s[1]))
    return found


def _latest_position(expert, issue, stances) -> LatestPosition:
    latest_date = stances[-1][0]
    latest = [s for s in stances if s[0] == latest_date]  # in id order
    earlier = [s for s in stances if s[0] != latest_date]
    previous_date = earlier[-1][0] if earlier else None
    positions = sorted(s[2] for s in latest)
    return LatestPosition(
        expert_id=expert,
        issue_id=issue,
        stated_on=latest_date,
        stated_precision=latest[0][3],
        positions=positions,
        low=positions[0],
        high=positions[-1],
        record_ids=[s[1] for s in latest],
        count=len(stances),
        previous_stated_on=previous_date,
        previous_positions=sorted(s[2] for s in earlier if s[0] == previous_date),
    )


def _moves_of(expert, issue, stances) -> list[StanceMove]:
    """As StanceQuerySet.moves(): each stance against the one before it, in (date, id) order."""
    return [
        StanceMove(
            expert_id=expert,
            issue_id=issue,
            stance_id=pk,
            position=position,
            stated_on=date,
            stated_precision=precision,
            previous_id=before[1],
            previous_position=before[2],
            previous_stated_on=before[0],
            previous_precision=before[3],
        )
        for before, (date, pk, position, precision, source) in itertools.pairwise(stances)
        if position != before[2] and source != before[4]
    ]


def _positions_and_moves(cells=None) -> tuple[list[LatestPosition], list[StanceMove]]:
    positions, moves = [], []
    for (expert, issue), stances in _stances(cells).items():
        positions.append(_latest_position(expert, issue, stances))
        moves.extend(_moves_of(expert, issue, stances))
    return positions, moves


def _latest_assessments(cells=None) -> list[LatestAssessment]:
    rows = []
    found = _published(ScenarioAssessment, "scenario", cells, "likelihood")
    for (expert, scenario), by_date in found.items():
        date = max(by_date)
        latest = sorted(by_date[date])
        rows.append(
            LatestAssessment(
                expert_id=expert,
                scenario_id=scenario,
                stated_on=date,
                likelihoods=[v for v, _ in latest],
                record_ids=sorted(pk for _, pk in latest),
            )
        )
    return rows


def _spreads(years=None) -> list[IssueYearSpread]:
    rows = Stance.objects.filter(status=Status.PUBLISHED)
    if years is not None and len(years) <= _YEAR_BY_YEAR:
        # One edit touches a year or two of an issue: read those, not the issue's every stance.
        within = Q()
        for issue, year in years:
            within |= Q(
                issue_id=issue,
                stated_on__gte=dt.date(year, 1, 1),
                stated_on__lte=dt.date(year, 12, 31),
            )
        rows = rows.filter(within)
    elif years is not None:
        rows = rows.filter(issue_id__in={i for i, _ in years})
    found = defaultdict(Counter)
    for issue, date, position in rows.values_list("issue_id", "stated_on", "position").iterator(
        chunk_size=BATCH
    ):
        if years is None or (issue, date.year) in years:
            found[issue, date.year][position] += 1
    return [
        IssueYearSpread(
            issue_id=issue,
            year=year,
            count=sum(counts.values()),
            low=min(counts),
            high=max(counts),
            total=sum(p * n for p, n in counts.items()),
            counts={str(p): n for p, n in sorted(counts.items())},
        )
        for (issue, year), counts in found.items()
    ]


def _held(cells) -> set:
    """(expert id, issue id) of the cells among these that hold a latest position now (one
    query: the experts' rows, narrowed to the cells in Python)."""
    experts = {expert_id for expert_id, _ in cells}
    rows = LatestPosition.objects.filter(expert_id__in=experts)
    return set(rows.values_list("expert_id", "issue_id")) & set(cells)


def _replace(model, cells, fields: tuple[str, str], rows) -> int:
    """Delete the rows of cells (a set of pairs of fields) and insert their new rows; how
    many rows were deleted. Plain statements: the ORM's delete collects related objects and
    its bulk_create compiles per batch, which cost more than the rows on every edit."""
    table = connection.ops.quote_name(model._meta.db_table)
    first, second = (connection.ops.quote_name(model._meta.get_field(f).column) for f in fields)
    by_first = defaultdict(set)
    for a, b in cells:
        by_first[a].add(b)
    deleted = 0
    with connection.cursor() as cursor:
        for a, bs in by_first.items():
            marks = ", ".join(["%s"] * len(bs))
            cursor.execute(
                f"DELETE FROM {table} WHERE {first} = %s AND {second} IN ({marks})", [a, *bs]
            )
            deleted += cursor.rowcount
        if rows:
            columns = [f for f in model._meta.concrete_fields if not f.primary_key]
            sql = insert_statement(model, columns)
            values = prepared_values(rows, columns)
            for start in range(0, len(values), BATCH):
                cursor.executemany(sql, values[start : start + BATCH])
    return deleted


@notify.register_updater
def update(records) -> None:
    """Recompute the cells these records (before and after a change) belong to."""
    # Only published records are read: a record unpublished both before and after the
    # change (a draft's edit, a pending proposal) moves nothing.
    records = [r for r in records if getattr(r, "status", None) == Status.PUBLISHED]
    stance_cells, assessment_cells, years = _cells(records)
    if stance_cells:
        positions, moves = _positions_and_moves(stance_cells)
        cell = ("expert_id", "issue_id")
        # One cell (most changes): it held a position iff a row is deleted, no query needed.
        held = _held(stance_cells) if len(stance_cells) > 1 else None
        deleted = _replace(LatestPosition, stance_cells, cell, positions)
        if held is None:
            appeared_or_went = bool(deleted) != bool(positions)
        else:
            appeared_or_went = held != {(p.expert_id, p.issue_id) for p in positions}
        if appeared_or_went:
            notify.bump([notify.CELLS])
        _replace(StanceMove, stance_cells, cell, moves)
        _replace(IssueYearSpread, years, ("issue_id", "year"), _spreads(years))
    if assessment_cells:
        _replace(
            LatestAssessment,
            assessment_cells,
            ("expert_id", "scenario_id"),
            _latest_assessments(assessment_cells),
        )


def clear() -> None:
    for model in (LatestPosition, StanceMove, LatestAssessment, IssueYearSpread):
        model.objects.all().delete()


def rebuild() -> dict[str, int]:
    """Recompute every read model from the published records; how many rows each holds."""
    with transaction.atomic():
        clear()
        positions, moves = _positions_and_moves()
        tables = {
            "latest positions": (LatestPosition, positions),
            "moves": (StanceMove, moves),
            "latest assessments": (LatestAssessment, _latest_assessments()),
            "issue-year spreads": (IssueYearSpread, _spreads()),
        }
        for model, rows in tables.values():
            model.objects.bulk_create(rows, batch_size=BATCH)
        # What the pages cached came from the tables just replaced.
        notify.bump_all()
    return {name: len(rows) for name, (_, rows) in tables.items()}
