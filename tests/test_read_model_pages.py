"""Pages read the read models when the filters allow, and say the same as the raw record."""

import datetime as dt
import random

import pytest

from corpus.filters import RecordFilters
from corpus.models import Issue, Stance
from corpus.pages import overview
from corpus.pages.issue_page import recent_shifts, shifts
from tests.factories import (
    ExpertFactory,
    IssueFactory,
    OrganisationFactory,
    SourceFactory,
    StanceFactory,
)
from tests.snapshots import built_once

pytestmark = pytest.mark.django_db


@built_once
def record(db):
    """Three experts of two countries on two issues, with moves, splits and repeats."""
    rng = random.Random(7)
    issues = [IssueFactory(), IssueFactory()]
    orgs = [
        OrganisationFactory(name="Pacific Institute", country="China"),
        OrganisationFactory(name="Amur Centre", country="Russia"),
    ]
    experts = [ExpertFactory(organisation=orgs[n % 2]) for n in range(3)]
    sources = [
        SourceFactory(published_on=dt.date(2015 + n // 2, 1 + n % 2, 1), kind=kind)
        for n, kind in enumerate(["report", "transcript"] * 4)
    ]
    for expert in experts:
        for issue in issues:
            for source in rng.sample(sources, 5):
                StanceFactory(
                    expert=expert, issue=issue, source=source, position=rng.randint(-2, 2)
                )
    return issues


def _filters(issues, **kwargs):
    return RecordFilters(issues=list(Issue.objects.filter(pk__in=[i.pk for i in issues])), **kwargs)


CELL_FILTERS = [{}, {"perspective": "China"}, {"organisation": "Pacific Institute"}]


@pytest.mark.parametrize("given", CELL_FILTERS)
def test_the_matrix_from_the_read_model_equals_the_latest_stances(record, given):
    filters = _filters(record, **given)
    assert filters.by_cell
    expected = {}
    for s in Stance.objects.latest_per_cell(filters):
        expected.setdefault((s.expert_id, s.issue_id), []).append(s.position)
    built = overview.matrix(filters)
    shown = {
        (expert.pk, cell.issue.pk): cell.values
        for expert, cells in built.rows
        for cell in cells
        if cell
    }
    assert shown == {key: sorted(values) for key, values in expected.items()}


@pytest.mark.parametrize("given", CELL_FILTERS)
def test_contested_issues_from_the_read_model_equal_the_window(record, given, monkeypatch):
    filters = _filters(record, **given)
    fast = overview.contested_issues(filters)
    monkeypatch.setattr(RecordFilters, "by_cell", property(lambda self: False))
    raw = overview.contested_issues(filters)
    assert [(c.issue.pk, c.low, c.high, c.experts) for c in fast] == [
        (c.issue.pk, c.low, c.high, c.experts) for c in raw
    ]
    assert fast


MOVE_FILTERS = [
    {},
    {"perspective": "Russia"},
    {"date_from": dt.date(2016, 2, 1)},
    {"date_to": dt.date(2017, 1, 1)},
    {"date_from": dt.date(2016, 1, 1), "date_to": dt.date(2018, 1, 1)},
]


@pytest.mark.parametrize("given", MOVE_FILTERS)
def test_shifts_from_the_read_model_equal_the_window(record, given):
    filters = _filters(record, **given)
    assert filters.by_move
    raw = shifts(Stance.objects.matching(filters))
    assert recent_shifts(filters) == raw
    assert raw


def test_shifts_fall_back_to_the_window_under_a_source_kind(record):
    filters = _filters(record, kind="transcript")
    assert not filters.by_move
    assert recent_shifts(filters) == shifts(Stance.objects.matching(filters))
