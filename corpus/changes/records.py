"""The one door for every change to a stance, scenario assessment or event.

Each action takes the acting user (`by`, None for the system: ingest, synth) and, where a
person acted on what they saw, the version they saw. Each runs in one transaction: one
conflict check (a conditional UPDATE of the version), the model's validation, history
(simple-history, with who and why), the pending-change bookkeeping of review, and
`notify.touched`, which moves the cache generations and read models of what changed.

Review (the model of MediaWiki's pending changes): a new record is a draft until a reviewer
accepts it; an editor's edit of a published record is kept beside it as a pending change,
so viewers keep seeing the published version; a reviewer's own edit applies at once.
"""

import copy
import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from corpus.changes.notify import touched
from corpus.models import Event, PendingChange, ScenarioAssessment, Stance
from corpus.models.records import EditConflict, Status
from corpus.write_guard import open_door

# Who and when are kept by history itself; status moves only through review actions.
_NOT_CONTENT = ("created_by", "updated_by", "status", "deprecation_reason", "deprecation_note")


class PendingConflict(EditConflict):
    """Someone changed the pending change (or resolved it) since the editor loaded it."""


@dataclass(frozen=True)
class Outcome:
    """What an action did: the record as it now stands and, if it waits for review, the change."""

    record: models.Model
    pending: PendingChange | None
    applied: bool
    message: str


def content_fields(model) -> list[str]:
    """The attribute names an edit, revert or restore may change."""
    return [
        f.attname
        for f in model._meta.concrete_fields
        if f.editable and not f.primary_key and f.name not in _NOT_CONTENT
    ] + list(_m2m(model))


def _m2m(model) -> tuple[str, ...]:
    """The many-to-many fields an edit may change (an event's issues), staged until saved."""
    return getattr(model, "DOOR_M2M", ())


def _differs(record, name: str, value) -> bool:
    """Whether value differs from the record's (a many-to-many field compared as ids)."""
    if name in _m2m(type(record)):
        return record.door_get(name) != _raw(value)
    return getattr(record, name) != value


def _content_only(model, values: dict) -> dict:
    """The values that name a content field, by field name ("expert") or attname ("expert_id")."""
    allowed = set(content_fields(model))
    out = {}
    for name, value in values.items():
        field = model._meta.get_field(name)
        if field.attname in allowed:
            out[name] = value
    return out


def is_reviewer(user, model) -> bool:
    """The system (user None) and holders of the model's review permission review."""
    return user is None or user.has_perm(f"corpus.review_{model._meta.model_name}")


def _require_reviewer(user, model, action: str) -> None:
    if not is_reviewer(user, model):
        raise PermissionDenied(f"Only a reviewer may {action}.")


_RECORD_FIELDS = {Stance: "stance", ScenarioAssessment: "assessment", Event: "event"}


def _record_field(model) -> str:
    return _RECORD_FIELDS[model]


def live_change(record) -> PendingChange | None:
    """The record's open or sent-back change, if any."""
    field = _record_field(type(record))
    return (
        PendingChange.objects.filter(**{field: record}, state__in=PendingChange.LIVE_STATES)
        .select_related("author")
        .first()
    )


def _bump_version(model, pk: int, seen_version: int) -> None:
    """The one conflict check: move the version only if nobody saved since seen_version."""
    with open_door():
        moved = model.objects.filter(pk=pk, version=seen_version).update(version=seen_version + 1)
    if not moved:
        raise EditConflict(model.objects.get(pk=pk))


def _check_version(model, pk: int, seen_version: int) -> None:
    """The same conflict check for a delete: the row must still be at seen_version (and is
    locked by the no-op UPDATE until the transaction ends)."""
    with open_door():
        matched = model.objects.filter(pk=pk, version=seen_version).update(version=seen_version)
    if not matched:
        raise EditConflict(model.objects.get(pk=pk))


def _bump_change(change: PendingChange, seen_version: int) -> None:
    moved = PendingChange.objects.filter(
        pk=change.pk, version=seen_version, state__in=PendingChange.LIVE_STATES
    ).update(version=seen_version + 1)
    if not moved:
        raise PendingConflict(_current(change))
    change.version = seen_version + 1


def _current(change: PendingChange):
    return type(change.record).objects.get(pk=change.record_id)


def _save(record, *, by, reason: str, force_insert: bool = False) -> None:
    record.updated_by = by
    record._history_user = by
    record._change_reason = reason
    with open_door():
        record.save(force_insert=force_insert)


def _save_change(change: PendingChange, *, by, reason: str) -> None:
    change._history_user = by
    change._change_reason = reason
    with open_door():
        change.save()


def _apply(record, changes: dict) -> None:
    m2m = _m2m(type(record))
    for name, value in changes.items():
        if name in m2m:
            record.door_set(name, value)
        else:
            setattr(record, name, value)


def _raw(value):
    """A related record as its id (related records as sorted ids), so a proposed change
    stores plain values."""
    if isinstance(value, list | tuple | set | models.QuerySet):
        return sorted(_raw(v) for v in value)
    return value.pk if isinstance(value, models.Model) else value


def serialise(model, values: dict) -> dict:
    """Field values as JSON for a pending change (dates as ISO strings, relations as ids)."""
    out = {}
    for name, value in values.items():
        out[name] = value.isoformat() if isinstance(value, dt.date) else value
    return out


def deserialise(model, proposed: dict) -> dict:
    """A pending change's JSON values as field values again."""
    fields = {f.attname: f for f in model._meta.concrete_fields}
    values = {
        name: fields[name].to_python(value) for name, value in proposed.items() if name in fields
    }
    values |= {name: list(proposed[name]) for name in _m2m(model) if name in proposed}
    return values


def with_change(record, change: PendingChange | None):
    """A copy of the record showing its pending edit (what an editor sees and edits)."""
    if change is None or change.kind != PendingChange.Kind.EDIT:
        return record
    shown = copy.copy(record)
    _apply(shown, deserialise(type(record), change.proposed))
    return shown


def _validated(record, changes: dict):
    """The record with changes applied, checked by the model's rules (not saved)."""
    candidate = copy.copy(record)
    _apply(candidate, changes)
    candidate.full_clean()
    return candidate


# --- New records -------------------------------------------------------------------------


def create_draft(record, *, by) -> Outcome:
    """Save a new record as a draft and put it on the review queue."""
    record.status = Status.DRAFT
    record.created_by = by
    with transaction.atomic():
        record.full_clean()
        _save(record, by=by, reason="Created as a draft")
        change = _open_new(record, by=by)
        touched([record])
    return Outcome(record, change, applied=False, message="Saved as a draft.")


def _open_new(record, *, by) -> PendingChange:
    change = PendingChange(
        kind=PendingChange.Kind.NEW,
        base_version=record.version,
        author=by,
        **{_record_field(type(record)): record},
    )
    _save_change(change, by=by, reason="Draft created")
    return change


def insert(record, *, by=None, validate: bool = True):
    """Save a new record in the status it carries (from a file, an import or a test fixture)."""
    record.created_by = by
    with transaction.atomic():
        if validate:
            record.full_clean()
        _save(record, by=by, reason="Imported")
        if record.is_draft:
            _open_new(record, by=by)
        touched([record])
    return record


def import_record(model, lookup: dict, values: dict, *, by=None, keep_edited=False) -> str:
    """Create or update one record from a file (ingest, import) as the file says it stands.

    Returns "created", "updated", "unchanged" or "kept" (edited in the app since, and
    keep_edited asked to let the team's edit win).
    """
    with transaction.atomic():
        record = model.objects.filter(**lookup).first()
        if record is None:
            m2m = {k: v for k, v in values.items() if k in _m2m(model)}
            record = model(**lookup, **{k: v for k, v in values.items() if k not in m2m})
            _apply(record, m2m)
            insert(record, by=by)
            return "created"
        if keep_edited and record.version > 1:
            return "kept"
        changed = {k: v for k, v in values.items() if _differs(record, k, v)}
        if not changed:
            return "unchanged"
        before = copy.copy(record)
        _apply(record, changed)
        # The version stays: it counts the team's edits (keep_edited reads it), not the file's.
        record.full_clean()
        _save(record, by=by, reason="Updated from file")
        if record.is_draft and live_change(record) is None:
            _open_new(record, by=by)
        touched([before, record])
        return "updated"


def bulk_import(records: list, *, by=None, batch_size: int = 2000) -> int:
    """Insert many new records at once (synthetic data), with history and review items."""
    from simple_history.utils import bulk_create_with_history

    if not records:
        return 0
    model = type(records[0])
    with transaction.atomic(), open_door():
        for record in records:
            record.created_by = record.updated_by = by
        created = bulk_create_with_history(
            records, model, batch_size=batch_size, default_user=by, default_change_reason="Imported"
        )
        drafts = [r for r in created if r.status == Status.DRAFT]
        field = _record_field(model)
        PendingChange.objects.bulk_create(
            [
                PendingChange(kind=PendingChange.Kind.NEW, base_version=r.version, **{field: r})
                for r in drafts
            ],
            batch_size=batch_size,
        )
        touched(created)
    return len(created)


# --- Edits -------------------------------------------------------------------------------


def edit(record, changes: dict, *, seen_version: int, seen_change: str = "", by) -> Outcome:
    """An edit from a form: applied at once to a draft or by a reviewer; pending otherwise.

    seen_change is the token of the pending change the editor's form showed ("" if none).
    """
    model = type(record)
    changes = _content_only(model, changes)
    with transaction.atomic():
        if record.is_draft or is_reviewer(by, model):
            return _edit_now(record, changes, seen_version=seen_version, by=by)
        return _propose(record, changes, seen_version, seen_change, by=by)


def _edit_now(record, changes: dict, *, seen_version: int, by) -> Outcome:
    model = type(record)
    before = copy.copy(record)
    _bump_version(model, record.pk, seen_version)
    _apply(record, changes)
    record.version = seen_version + 1
    record.full_clean()
    _save(record, by=by, reason="Edited")
    change = live_change(record)
    if change is not None and change.kind == PendingChange.Kind.NEW:
        # The draft changed: a reviewer who loaded the older draft must look again.
        change.version += 1
        change.state = PendingChange.State.OPEN
        _save_change(change, by=by, reason="Draft edited")
    touched([before, record])
    if record.is_draft:
        message = "Saved. The draft awaits review."
    else:
        message = "Saved and published (your edits as a reviewer apply at once)."
    return Outcome(record, change, applied=True, message=message)


def _propose(record, changes: dict, seen_version: int, seen_change: str, *, by) -> Outcome:
    model = type(record)
    current = model.objects.select_for_update().get(pk=record.pk)
    if current.version != seen_version:
        raise EditConflict(current)
    change = live_change(current)
    if change is not None and change.kind != PendingChange.Kind.EDIT:
        raise ValidationError(
            f"This {model._meta.verbose_name} has a {change.get_kind_display().lower()} "
            "awaiting review; it can be edited once that is decided."
        )
    if (change.token if change else "") != (seen_change or ""):
        raise PendingConflict(current)
    base = with_change(current, change)
    proposed = {
        model._meta.get_field(k).attname: _raw(v)
        for k, v in changes.items()
        if _differs(current, k, v)
    }
    if not proposed:
        if change is not None:
            change.state = PendingChange.State.WITHDRAWN
            _save_change(change, by=by, reason="Edited back to the published version")
            touched([current])
            return Outcome(
                current, None, applied=False, message="No change from the published version."
            )
        return Outcome(current, None, applied=False, message="Nothing changed.")
    _validated(base, changes)
    if change is None:
        change = PendingChange(
            kind=PendingChange.Kind.EDIT,
            base_version=current.version,
            **{_record_field(model): current},
        )
        reason = "Change proposed"
    else:
        _bump_change(change, int(seen_change.split(".")[1]))
        reason = "Pending change edited"
    change.proposed = serialise(model, proposed)
    change.author = by
    change.state = PendingChange.State.OPEN
    _save_change(change, by=by, reason=reason)
    touched([current])
    return Outcome(
        current,
        change,
        applied=False,
        message="Saved as a pending change: viewers see the published version until a "
        "reviewer accepts it.",
    )


# --- Review ------------------------------------------------------------------------------


def accept(change: PendingChange, *, seen_version: int, by, comment: str = "") -> Outcome:
    """Accept a change the reviewer saw at seen_version: publish, apply or deprecate."""
    record = change.record
    model = type(record)
    _require_reviewer(by, model, "accept changes")
    with transaction.atomic():
        _bump_change(change, seen_version)
        current = model.objects.select_for_update().get(pk=record.pk)
        before = copy.copy(current)
        if change.kind == PendingChange.Kind.EDIT and current.version != change.base_version:
            raise EditConflict(current)
        if change.kind == PendingChange.Kind.NEW:
            current.status = Status.PUBLISHED
            reason = "Published"
        elif change.kind == PendingChange.Kind.EDIT:
            _apply(current, deserialise(model, change.proposed))
            reason = f"Accepted the change proposed by {_name(change.author)}"
        else:
            _apply(current, deserialise(model, change.proposed))
            reason = f"{current.get_status_display()} ({_name(change.author)}'s request)"
        current.version += 1
        current.full_clean()
        _save(current, by=by, reason=reason)
        _close(change, PendingChange.State.ACCEPTED, by=by, comment=comment)
        touched([before, current])
    return Outcome(current, change, applied=True, message=f"Accepted: {reason.lower()}.")


def reject(change: PendingChange, *, seen_version: int, by, comment: str) -> Outcome:
    """Refuse a change with a reason; the published record (or the draft) stays as it was."""
    return _decline(change, PendingChange.State.REJECTED, seen_version, by, comment)


def send_back(change: PendingChange, *, seen_version: int, by, comment: str) -> Outcome:
    """Return a change to its author with a comment; it stays theirs to fix and resubmit."""
    return _decline(change, PendingChange.State.SENT_BACK, seen_version, by, comment)


def _decline(change, state, seen_version, by, comment) -> Outcome:
    record = change.record
    _require_reviewer(by, type(record), "review changes")
    if not comment.strip():
        raise ValidationError({"comment": "Say why, so the author knows what to fix."})
    with transaction.atomic():
        _bump_change(change, seen_version)
        _close(change, state, by=by, comment=comment.strip())
        touched([record])
    verb = "Rejected" if state == PendingChange.State.REJECTED else "Sent back"
    return Outcome(record, change, applied=False, message=f"{verb}, with your comment.")


def _close(change: PendingChange, state, *, by, comment: str) -> None:
    change.state = state
    change.reviewer = by
    change.reviewed_at = timezone.now()
    change.comment = comment
    reason = {
        PendingChange.State.ACCEPTED: "Accepted",
        PendingChange.State.REJECTED: "Rejected",
        PendingChange.State.SENT_BACK: "Sent back",
    }[state]
    _save_change(change, by=by, reason=reason)


def withdraw(change: PendingChange, *, seen_version: int, by) -> Outcome:
    """The author takes back their own pending change."""
    record = change.record
    if by is not None and change.author_id != by.pk and not is_reviewer(by, type(record)):
        raise PermissionDenied("Only the change's author may withdraw it.")
    if change.kind == PendingChange.Kind.NEW:
        raise ValidationError("A new draft is withdrawn by deleting it.")
    with transaction.atomic():
        _bump_change(change, seen_version)
        change.state = PendingChange.State.WITHDRAWN
        _save_change(change, by=by, reason="Withdrawn by its author")
        touched([record])
    return Outcome(record, change, applied=False, message="Withdrawn.")


def _name(user) -> str:
    return user.get_username() if user is not None else "the system"


# --- Deprecation, revert, delete, restore --------------------------------------------------


def deprecate(
    record, *, reason: str, note: str = "", superseded_by=None, seen_version: int, by
) -> Outcome:
    """Retire a published record (deprecated with a reason, or superseded by a later one).

    A reviewer's applies at once; an editor's becomes a deprecation request for review.
    """
    model = type(record)
    if record.status != Status.PUBLISHED:
        raise ValidationError("Only a published record can be deprecated; delete a draft instead.")
    proposed = _retirement(record, reason, note, superseded_by)
    with transaction.atomic():
        if is_reviewer(by, model):
            before = copy.copy(record)
            _bump_version(model, record.pk, seen_version)
            _apply(record, proposed)
            record.version = seen_version + 1
            record.full_clean()
            _save(record, by=by, reason=record.get_status_display())
            touched([before, record])
            return Outcome(record, None, applied=True, message=f"{record.get_status_display()}.")
        current = model.objects.select_for_update().get(pk=record.pk)
        if current.version != seen_version:
            raise EditConflict(current)
        if live_change(current) is not None:
            raise ValidationError("A change to this record is already awaiting review.")
        _validated(current, proposed)
        change = PendingChange(
            kind=PendingChange.Kind.DEPRECATE,
            base_version=current.version,
            proposed=serialise(model, proposed),
            author=by,
            **{_record_field(model): current},
        )
        _save_change(change, by=by, reason="Deprecation requested")
        touched([current])
    return Outcome(
        current, change, applied=False, message="Deprecation requested: it awaits review."
    )


def _retirement(record, reason: str, note: str, superseded_by) -> dict:
    if superseded_by is not None:
        if superseded_by.pk == record.pk or superseded_by.expert_id != record.expert_id:
            raise ValidationError(
                {"superseded_by": "A record is superseded by a later one of the same expert."}
            )
        if superseded_by.status != Status.PUBLISHED:
            raise ValidationError({"superseded_by": "The later record must be published."})
        return {
            "status": Status.SUPERSEDED,
            "superseded_by_id": superseded_by.pk,
            "deprecation_reason": "",
            "deprecation_note": note,
        }
    return {
        "status": Status.DEPRECATED,
        "superseded_by_id": None,
        "deprecation_reason": reason,
        "deprecation_note": note,
    }


def revert(record, history_id: int, *, seen_version: int, by) -> Outcome:
    """Make an old version's content current again, as a new version (reviewers only)."""
    model = type(record)
    _require_reviewer(by, model, "revert")
    old = record.history.get(history_id=history_id)
    changes = {name: getattr(old, name) for name in content_fields(model)}
    changes |= {"status": old.status}
    with transaction.atomic():
        before = copy.copy(record)
        _bump_version(model, record.pk, seen_version)
        _apply(record, changes)
        record.version = seen_version + 1
        record.full_clean()
        _save(record, by=by, reason=f"Reverted to version {old.version}")
        touched([before, record])
    return Outcome(record, None, applied=True, message=f"Reverted to version {old.version}.")


def delete_draft(record, *, seen_version: int, by) -> None:
    """Delete a draft (its history stays); published records are deprecated instead."""
    model = type(record)
    if record.status != Status.DRAFT:
        raise ValidationError(
            "Published records are not deleted: deprecate it (with a reason) instead."
        )
    with transaction.atomic():
        _check_version(model, record.pk, seen_version)
        current = model.objects.get(pk=record.pk)
        current._history_user = by
        current._change_reason = "Deleted"
        with open_door():
            current.delete()
        touched([current])


def restore(model, pk: int, *, by):
    """Bring a deleted record back from its last historical record, as a new version.

    LookupError when the record is not deleted; ValidationError when it no longer fits.
    """
    last = model.history.filter(id=pk).order_by("-history_date", "-history_id").first()
    if last is None or last.history_type != "-":
        raise LookupError(f"{model._meta.verbose_name} {pk} is not deleted")
    record = last.instance
    record.version = last.version + 1
    with transaction.atomic():
        record.full_clean()
        _save(record, by=by, reason=f"Restored (as version {record.version})", force_insert=True)
        if record.is_draft:
            _open_new(record, by=by)
        touched([record])
    return record


def reassign_expert(source_expert, target_expert, *, by) -> int:
    """Move every record of one expert to another (merging two records of one person)."""
    moved = 0
    with transaction.atomic():
        for model in (Stance, ScenarioAssessment):
            for record in model.objects.select_for_update().filter(expert=source_expert):
                before = copy.copy(record)
                record.expert = target_expert
                record.version += 1
                _save(record, by=by, reason=f"Moved from {source_expert} (merged)")
                touched([before, record])
                moved += 1
    return moved
