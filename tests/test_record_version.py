"""The record version moves with every change the read pages could show, and only then."""

import pytest

from corpus import changes
from corpus.record_version import cached, record_version
from tests.factories import ExpertFactory, IssueFactory, SourceFactory, StanceFactory

pytestmark = pytest.mark.django_db


def test_it_stays_put_while_nothing_changes():
    StanceFactory()
    assert record_version() == record_version()


def test_an_edit_moves_it():
    stance = StanceFactory()
    before = record_version()
    changes.edit(stance, {"summary": "Changed."}, seen_version=stance.version, by=None)
    assert record_version() != before


def test_a_delete_moves_it():
    stance = StanceFactory(status="draft")
    before = record_version()
    changes.delete_draft(stance, seen_version=1, by=None)
    assert record_version() != before


def test_a_bulk_insert_moves_it():
    stance = StanceFactory()
    # Saved before the version is read: a save writes history, which would move it alone.
    other = StanceFactory.build(
        expert=stance.expert, issue=stance.issue, source=SourceFactory(), position=-1
    )
    before = record_version()
    changes.bulk_import([other])
    assert record_version() != before


def test_renaming_an_expert_moves_it():
    expert = ExpertFactory()
    before = record_version()
    expert.name = "Someone Else"
    expert.save()
    assert record_version() != before


def test_cached_computes_once_per_version_and_key():
    IssueFactory()
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    version = record_version()
    assert cached("t", version, "a", compute) == 1
    assert cached("t", version, "a", compute) == 1
    assert cached("t", version, "b", compute) == 2
    IssueFactory()
    assert cached("t", record_version(), "a", compute) == 3
