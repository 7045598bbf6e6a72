"""The write door: every change to a stance or assessment goes through corpus.changes."""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError

from corpus import changes
from corpus.models import Generation, PendingChange, Stance
from corpus.models.records import EditConflict, Status
from corpus.write_guard import WriteOutsideDoor
from tests.factories import (
    ScenarioAssessmentFactory,
    StanceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def published():
    return StanceFactory(status="published", summary="Sees a deepening partnership.")


@pytest.fixture
def editor():
    return UserFactory(username="door-editor", role="editor")


@pytest.fixture
def reviewer():
    return UserFactory(username="door-reviewer", role="reviewer")


def _fresh(record):
    return type(record).objects.get(pk=record.pk)


# --- The door is the only way in ---------------------------------------------------------


def test_a_save_outside_the_door_is_refused(published):
    published.summary = "Sneaked in."
    with pytest.raises(WriteOutsideDoor):
        published.save()
    assert _fresh(published).summary == "Sees a deepening partnership."


def test_a_queryset_update_outside_the_door_is_refused(published):
    with pytest.raises(WriteOutsideDoor):
        Stance.objects.filter(pk=published.pk).update(status=Status.DRAFT)
    assert _fresh(published).status == Status.PUBLISHED


def test_a_delete_outside_the_door_is_refused():
    assessment = ScenarioAssessmentFactory(status="draft")
    with pytest.raises(WriteOutsideDoor):
        assessment.delete()
    assert type(assessment).objects.filter(pk=assessment.pk).exists()


def _python_files():
    root = Path(settings.BASE_DIR)
    for folder in ("corpus", "dashboard"):
        for path in (root / folder).rglob("*.py"):
            if "migrations" not in path.parts:
                yield root, path


def test_only_the_door_opens_the_door():
    outside = []
    for root, path in _python_files():
        relative = path.relative_to(root).as_posix()
        if relative.startswith("corpus/changes/") or relative == "corpus/write_guard.py":
            continue
        if "open_door" in path.read_text(encoding="utf-8"):
            outside.append(relative)
    assert outside == []


def test_no_module_outside_the_door_assigns_a_record_status():
    """`x.status = …` and `status=…` in an update() call appear only in corpus.changes."""
    offenders = []
    for root, path in _python_files():
        relative = path.relative_to(root).as_posix()
        if relative.startswith("corpus/changes/"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Attribute) and target.attr == "status":
                        offenders.append(f"{relative}:{node.lineno}")
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("update", "bulk_update")
                and any(k.arg == "status" for k in node.keywords)
            ):
                offenders.append(f"{relative}:{node.lineno}")
    assert offenders == []


# --- Creating ----------------------------------------------------------------------------


def test_a_new_record_is_a_draft_on_the_queue(editor):
    saved = StanceFactory(status="draft")
    stance = Stance(
        expert=saved.expert,
        issue=saved.issue,
        source=saved.source,
        position=-1,
        summary="Another reading.",
        quote=saved.quote,
        quote_start=saved.quote_start,
        quote_end=saved.quote_end,
        stated_on=saved.stated_on,
        status="published",
    )
    changes.delete_draft(saved, seen_version=1, by=None)
    changes.create_draft(stance, by=editor)
    stance = _fresh(stance)
    assert stance.status == Status.DRAFT
    change = changes.live_change(stance)
    assert (change.kind, change.state, change.author) == ("new", "open", editor)
    assert stance.history.first().history_user == editor


# --- Editing a published record -------------------------------------------------------


def test_an_editors_edit_of_a_published_record_waits_beside_it(published, editor):
    outcome = changes.edit(published, {"summary": "Fixed typo."}, seen_version=1, by=editor)
    assert not outcome.applied
    current = _fresh(published)
    assert (current.status, current.summary, current.version) == ("published", published.summary, 1)
    assert outcome.pending.proposed == {"summary": "Fixed typo."}


def test_a_second_editor_edits_the_same_pending_change(published, editor):
    first = changes.edit(published, {"summary": "One."}, seen_version=1, by=editor)
    other = UserFactory(username="door-editor-2", role="editor")
    second = changes.edit(
        published, {"summary": "Two."}, seen_version=1, seen_change=first.pending.token, by=other
    )
    assert second.pending.pk == first.pending.pk
    assert PendingChange.objects.get(pk=first.pending.pk).proposed == {"summary": "Two."}
    assert PendingChange.objects.filter(stance=published).count() == 1


def test_a_stale_pending_token_is_a_conflict(published, editor):
    first = changes.edit(published, {"summary": "One."}, seen_version=1, by=editor)
    changes.edit(
        published, {"summary": "Two."}, seen_version=1, seen_change=first.pending.token, by=editor
    )
    with pytest.raises(EditConflict):
        changes.edit(
            published,
            {"summary": "Three."},
            seen_version=1,
            seen_change=first.pending.token,
            by=editor,
        )
    assert PendingChange.objects.get(pk=first.pending.pk).proposed == {"summary": "Two."}


def test_editing_without_having_seen_the_pending_change_is_a_conflict(published, editor):
    changes.edit(published, {"summary": "One."}, seen_version=1, by=editor)
    with pytest.raises(EditConflict):
        changes.edit(published, {"summary": "Blind."}, seen_version=1, by=editor)


def test_a_reviewers_edit_applies_at_once(published, reviewer):
    outcome = changes.edit(published, {"position": -1}, seen_version=1, by=reviewer)
    assert outcome.applied
    assert (_fresh(published).position, _fresh(published).version) == (-1, 2)


def test_an_invalid_proposal_is_refused_and_nothing_is_kept(published, editor):
    with pytest.raises(ValidationError):
        changes.edit(published, {"quote": "Words nobody wrote."}, seen_version=1, by=editor)
    assert not PendingChange.objects.filter(stance=published).exists()


# --- Review ------------------------------------------------------------------------------


def test_accepting_a_pending_edit_publishes_it(published, editor, reviewer):
    pending = changes.edit(published, {"summary": "Fixed."}, seen_version=1, by=editor).pending
    changes.accept(pending, seen_version=pending.version, by=reviewer)
    current = _fresh(published)
    assert (current.summary, current.version, current.status) == ("Fixed.", 2, "published")
    assert PendingChange.objects.get(pk=pending.pk).state == "accepted"
    assert "door-editor" in current.history.first().history_change_reason


def test_rejecting_keeps_the_published_version_and_the_comment(published, editor, reviewer):
    pending = changes.edit(published, {"summary": "Wrong."}, seen_version=1, by=editor).pending
    changes.reject(pending, seen_version=pending.version, by=reviewer, comment="Not in the quote.")
    assert _fresh(published).summary == "Sees a deepening partnership."
    pending.refresh_from_db()
    assert (pending.state, pending.comment, pending.reviewer) == (
        "rejected",
        "Not in the quote.",
        reviewer,
    )


def test_a_rejection_needs_a_comment(published, editor, reviewer):
    pending = changes.edit(published, {"summary": "Wrong."}, seen_version=1, by=editor).pending
    with pytest.raises(ValidationError):
        changes.reject(pending, seen_version=pending.version, by=reviewer, comment=" ")


def test_an_editor_may_not_accept(published, editor):
    pending = changes.edit(published, {"summary": "Mine."}, seen_version=1, by=editor).pending
    with pytest.raises(PermissionDenied):
        changes.accept(pending, seen_version=pending.version, by=editor)


def test_accepting_a_stale_view_of_the_change_is_a_conflict(published, editor, reviewer):
    pending = changes.edit(published, {"summary": "One."}, seen_version=1, by=editor).pending
    seen = pending.version
    changes.edit(
        published, {"summary": "Two."}, seen_version=1, seen_change=pending.token, by=editor
    )
    with pytest.raises(EditConflict):
        changes.accept(pending, seen_version=seen, by=reviewer)
    assert _fresh(published).summary == "Sees a deepening partnership."


def test_publishing_a_draft(editor, reviewer):
    draft = StanceFactory(status="draft")
    change = changes.live_change(draft)
    changes.accept(change, seen_version=change.version, by=reviewer)
    assert _fresh(draft).status == Status.PUBLISHED


# --- Deprecation and deletion --------------------------------------------------------------


def test_an_editor_requests_deprecation_and_a_reviewer_accepts(published, editor, reviewer):
    outcome = changes.deprecate(
        published, reason="misattributed", note="Said by the chair.", seen_version=1, by=editor
    )
    assert _fresh(published).status == Status.PUBLISHED
    changes.accept(outcome.pending, seen_version=outcome.pending.version, by=reviewer)
    current = _fresh(published)
    assert (current.status, current.deprecation_reason) == ("deprecated", "misattributed")
    assert not Stance.objects.published().filter(pk=published.pk).exists()


def test_a_record_is_superseded_by_a_later_one_of_the_same_expert(published, reviewer):
    later = StanceFactory(expert=published.expert, issue=published.issue, status="published")
    changes.deprecate(published, reason="", superseded_by=later, seen_version=1, by=reviewer)
    current = _fresh(published)
    assert (current.status, current.superseded_by_id) == ("superseded", later.pk)


def test_a_published_record_is_not_deleted(published, reviewer):
    with pytest.raises(ValidationError):
        changes.delete_draft(published, seen_version=1, by=reviewer)
    assert Stance.objects.filter(pk=published.pk).exists()


# --- What the pages hang on --------------------------------------------------------------


def test_an_edit_moves_the_generations_of_what_it_touched(published, reviewer):
    scopes = ["record", f"issue:{published.issue_id}", f"expert:{published.expert_id}"]
    before = dict(Generation.objects.filter(scope__in=scopes).values_list("scope", "value"))
    changes.edit(published, {"position": 2}, seen_version=1, by=reviewer)
    after = dict(Generation.objects.filter(scope__in=scopes).values_list("scope", "value"))
    assert all(after[s] == before.get(s, 0) + 1 for s in scopes)


def test_a_refused_edit_moves_no_generation(published, reviewer):
    before = Generation.objects.get(scope="record").value
    with pytest.raises(EditConflict):
        changes.edit(published, {"position": 2}, seen_version=7, by=reviewer)
    assert Generation.objects.get(scope="record").value == before
