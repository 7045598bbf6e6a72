"""Events: their validation, and their writes through the door (history, review, caches)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from corpus import changes
from corpus.models import Event, Generation, PendingChange
from corpus.write_guard import WriteOutsideDoor
from tests.factories import (
    DEFAULT_QUOTE,
    EventFactory,
    IssueFactory,
    SourceFactory,
    UserFactory,
)


def _event(**values) -> Event:
    issues = values.pop("issues", None)
    event = Event(
        **{"happened_on": dt.date(2022, 2, 24), "precision": "day", "label": "Invasion", **values}
    )
    event.door_set("issues", issues if issues is not None else [IssueFactory()])
    return event


def _errors(event) -> dict:
    with pytest.raises(ValidationError) as caught:
        event.full_clean()
    return caught.value.message_dict


# --- validation ----------------------------------------------------------------------------


def test_an_event_needs_an_issue(db):
    assert "issues" in _errors(_event(issues=[]))


def test_an_event_needs_a_label(db):
    assert _errors(_event(label="   "))["label"] == ["Give the event a short label."]


def test_a_date_far_outside_any_timeline_is_refused(db):
    assert (
        "between 1900 and 2100"
        in _errors(_event(happened_on=dt.date(1066, 10, 14)))["happened_on"][0]
    )


def test_a_month_date_is_stored_as_the_first_of_its_month(db):
    event = _event(happened_on=dt.date(2022, 2, 24), precision="month")
    event.full_clean()
    assert (event.happened_on, event.date_display) == (dt.date(2022, 2, 1), "February 2022")


def test_a_passage_must_occur_in_its_source(db):
    source = SourceFactory()
    errors = _errors(_event(source=source, quote="Words nobody wrote down."))
    assert "does not occur in" in errors["quote"][0]


def test_a_passage_needs_its_source(db):
    assert _errors(_event(quote=DEFAULT_QUOTE))["source"] == [
        "Name the source the passage comes from."
    ]


def test_a_source_needs_its_passage(db):
    assert "Quote the passage" in _errors(_event(source=SourceFactory()))["quote"][0]


def test_a_passage_is_anchored_at_its_offsets_in_the_source(db):
    source = SourceFactory()
    event = _event(source=source, quote="The partnership  is deep and growing.")
    event.full_clean()
    assert source.text[event.quote_start : event.quote_end] == DEFAULT_QUOTE == event.quote


# --- the door ------------------------------------------------------------------------------


def test_saving_outside_the_door_is_refused(db):
    event = EventFactory()
    event.label = "Renamed"
    with pytest.raises(WriteOutsideDoor):
        event.save()


def test_changing_issues_outside_the_door_is_refused(db):
    event = EventFactory()
    with pytest.raises(WriteOutsideDoor):
        event.issues.add(IssueFactory())


def test_a_new_event_is_a_draft_on_the_review_queue(db):
    editor = UserFactory(role="editor")
    outcome = changes.create_draft(_event(), by=editor)
    assert outcome.record.status == "draft"
    assert PendingChange.objects.get(event=outcome.record).kind == "new"


def test_history_keeps_each_version_with_its_issues(db):
    reviewer = UserFactory(role="reviewer")
    first, second = IssueFactory(), IssueFactory()
    event = EventFactory(issues=[first])
    changes.edit(event, {"issues": [first, second]}, seen_version=1, by=reviewer)
    rows = list(event.history.order_by("history_date", "history_id"))
    assert [r.history_type for r in rows] == ["+", "~"]
    assert [sorted(i.issue_id for i in r.issues.all()) for r in rows] == [
        [first.pk],
        sorted([first.pk, second.pk]),
    ]
    assert rows[-1].history_user == reviewer


def test_an_editors_edit_of_a_published_event_waits_for_review(db):
    editor = UserFactory(role="editor")
    event = EventFactory(label="Invasion")
    outcome = changes.edit(event, {"label": "Full-scale invasion"}, seen_version=1, by=editor)
    assert not outcome.applied
    assert Event.objects.get(pk=event.pk).label == "Invasion"  # viewers still see this
    assert outcome.pending.proposed == {"label": "Full-scale invasion"}


def test_a_reviewer_accepting_the_edit_publishes_it(db):
    editor, reviewer = UserFactory(role="editor"), UserFactory(role="reviewer")
    old_issue, new_issue = IssueFactory(), IssueFactory()
    event = EventFactory(issues=[old_issue])
    pending = changes.edit(event, {"issues": [new_issue]}, seen_version=1, by=editor).pending
    changes.accept(pending, seen_version=pending.version, by=reviewer)
    event = Event.objects.get(pk=event.pk)
    assert (event.issue_ids(), event.version) == ([new_issue.pk], 2)
    assert event.history.latest("history_date").history_change_reason.startswith("Accepted")


def test_a_rejected_edit_leaves_the_published_event(db):
    editor, reviewer = UserFactory(role="editor"), UserFactory(role="reviewer")
    event = EventFactory(label="Invasion")
    pending = changes.edit(event, {"label": "Wrong"}, seen_version=1, by=editor).pending
    changes.reject(pending, seen_version=pending.version, by=reviewer, comment="Not so.")
    assert Event.objects.get(pk=event.pk).label == "Invasion"
    assert PendingChange.objects.get(pk=pending.pk).state == "rejected"


def test_an_editor_may_not_accept(db):
    editor = UserFactory(role="editor")
    event = changes.create_draft(_event(), by=editor).record
    with pytest.raises(changes.records.PermissionDenied):
        changes.accept(PendingChange.objects.get(event=event), seen_version=1, by=editor)


def _generations(*scopes) -> dict:
    return dict(Generation.objects.filter(scope__in=scopes).values_list("scope", "value"))


def test_moving_an_event_to_another_issue_bumps_both_timelines(db):
    reviewer = UserFactory(role="reviewer")
    old_issue, new_issue = IssueFactory(), IssueFactory()
    event = EventFactory(issues=[old_issue])
    scopes = (f"issue:{old_issue.pk}", f"issue:{new_issue.pk}")
    before = _generations(*scopes)
    changes.edit(event, {"issues": [new_issue]}, seen_version=1, by=reviewer)
    after = _generations(*scopes)
    assert after[scopes[0]] == before[scopes[0]] + 1
    assert after[scopes[1]] == before.get(scopes[1], 0) + 1


def test_deleting_a_draft_bumps_its_issue(db):
    editor = UserFactory(role="editor")
    issue = IssueFactory()
    event = changes.create_draft(_event(issues=[issue]), by=editor).record
    before = _generations(f"issue:{issue.pk}")[f"issue:{issue.pk}"]
    changes.delete_draft(event, seen_version=event.version, by=editor)
    assert _generations(f"issue:{issue.pk}")[f"issue:{issue.pk}"] == before + 1
    assert not Event.objects.filter(pk=event.pk).exists()
