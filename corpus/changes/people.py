"""Every write to experts, their aliases and organisations: create, edit, review, merge.

Each function takes the user who acts, so simple-history records who did it. An editor's
edit of an existing expert or organisation is reviewed like any record: it waits as a
PeopleChange until a reviewer accepts it; a reviewer's own edit applies at once.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from corpus.changes.records import reassign_expert
from corpus.models import Expert, ExpertAlias, Organisation, Passage, PeopleChange
from corpus.participants import normalise
from corpus.write_guard import open_door

EXPERT_FIELDS = ("name", "kind", "organisation", "role", "bio")
ORGANISATION_FIELDS = ("name", "country", "kind")
ALIASES = "aliases"  # the key of an expert's proposed list of aliases


def _saved(instance, by):
    instance._history_user = by
    instance.full_clean()
    instance.save()
    return instance


def free_slug(name: str) -> str:
    """A slug for name that no expert holds yet."""
    base = slugify(name)[:45] or "expert"
    taken = set(Expert.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def create_organisation(name: str, country: str = "", kind: str = "", *, by=None):
    """The organisation named name (ignoring case), created if the record lacks it."""
    name = " ".join(name.split())
    existing = Organisation.objects.filter(name__iexact=name).first()
    if existing:
        return existing
    return _saved(Organisation(name=name, country=country, kind=kind), by)


def create_expert(
    name: str, organisation=None, *, role: str = "", bio: str = "", kind=None, by=None
) -> Expert:
    """A new expert named by an editor, with a slug no other expert holds."""
    name = " ".join(name.split())
    expert = Expert(
        slug=free_slug(name),
        name=name,
        organisation=organisation,
        role=role,
        bio=bio,
        kind=kind or Expert.Kind.PERSON,
    )
    return _saved(expert, by)


def add_alias(expert: Expert, name: str) -> ExpertAlias | None:
    """Record name as another way documents name expert; None if it is already known."""
    name = " ".join(name.split())
    if not name or normalise(name) == normalise(expert.name):
        return None
    if any(normalise(a) == normalise(name) for a in expert.aliases.values_list("name", flat=True)):
        return None
    return ExpertAlias.objects.create(expert=expert, name=name)


def set_aliases(expert: Expert, names: list[str]) -> None:
    """Make expert's aliases exactly names (order and case as given, duplicates dropped)."""
    wanted = {normalise(n): " ".join(n.split()) for n in names if n.strip()}
    for alias in expert.aliases.all():
        if normalise(alias.name) not in wanted:
            alias.delete()
    for name in wanted.values():
        add_alias(expert, name)


def merge_experts(keep: Expert, duplicate: Expert, *, by=None) -> Expert:
    """Fold duplicate into keep: their stances, assessments and passages move, their name and
    aliases become keep's aliases, and duplicate is deleted (its history stays)."""
    if keep.pk == duplicate.pk:
        raise ValueError("An expert cannot be merged with themselves.")
    with transaction.atomic():
        reassign_expert(duplicate, keep, by=by)
        Passage.objects.filter(expert=duplicate).update(expert=keep)
        for name in [duplicate.name, *duplicate.aliases.values_list("name", flat=True)]:
            add_alias(keep, name)
        if not keep.organisation and duplicate.organisation:
            keep.organisation = duplicate.organisation
        for field in ("role", "bio"):
            if not getattr(keep, field) and getattr(duplicate, field):
                setattr(keep, field, getattr(duplicate, field))
        _saved(keep, by)
        duplicate._history_user = by
        duplicate.delete()
    return keep


# --- Edits reviewed like any record --------------------------------------------------------


@dataclass(frozen=True)
class PeopleOutcome:
    record: Expert | Organisation
    change: PeopleChange | None
    applied: bool
    message: str


def is_people_reviewer(user) -> bool:
    """The system (user None) and reviewers of the record review experts and organisations."""
    return user is None or user.has_perm("corpus.review_stance")


def open_change(record) -> PeopleChange | None:
    field = "expert" if isinstance(record, Expert) else "organisation"
    return (
        PeopleChange.objects.filter(**{field: record}, state=PeopleChange.State.OPEN)
        .select_related("author")
        .first()
    )


def _fields(record) -> tuple[str, ...]:
    return EXPERT_FIELDS if isinstance(record, Expert) else ORGANISATION_FIELDS


def _alias_key(names, own: str) -> set[str]:
    """The aliases as compared: a form of the expert's own name is no alias (add_alias
    skips it), so it makes no change either."""
    return {normalise(n) for n in names if n.strip()} - {normalise(own)}


def _proposed(current, values: dict, aliases) -> dict:
    """The changed fields as JSON (relations as ids), plus the aliases when they change."""
    out = {}
    for name in _fields(current):
        field = current._meta.get_field(name)
        value = values.get(name, getattr(current, name))
        raw = value.pk if field.is_relation and value is not None else value
        if getattr(current, field.attname) != raw:
            out[field.attname] = raw
    if aliases is not None:
        own = values.get("name", current.name)
        have = list(current.aliases.values_list("name", flat=True))
        if _alias_key(have, own) != _alias_key(aliases, own):
            wanted = [" ".join(a.split()) for a in aliases if a.strip()]
            out[ALIASES] = [a for a in wanted if normalise(a) != normalise(own)]
    return out


def _apply_values(record, proposed: dict, *, by):
    for attname, value in proposed.items():
        if attname != ALIASES:
            setattr(record, attname, value)
    if isinstance(record, Expert):
        clash = Expert.objects.matching_name(record.name).exclude(pk=record.pk).first()
        if clash:
            raise ValidationError(
                {"name": f"{clash.name} is already an expert under that name; merge instead."}
            )
    _saved(record, by)
    if ALIASES in proposed:
        set_aliases(record, proposed[ALIASES])
    return record


def _save_change(change: PeopleChange, *, by, reason: str) -> None:
    change._history_user = by
    change._change_reason = reason
    with open_door():
        change.save()


def edit_person(record, values: dict, aliases: list[str] | None = None, *, by) -> PeopleOutcome:
    """An edit of an expert (values of EXPERT_FIELDS, and their aliases) or an organisation
    from a form: applied at once by a reviewer, proposed for review otherwise."""
    model = type(record)
    with transaction.atomic():
        current = model.objects.select_for_update().get(pk=record.pk)
        proposed = _proposed(current, values, aliases)
        change = open_change(current)
        theirs = change is not None and change.author_id not in (None, getattr(by, "pk", None))
        if theirs and not is_people_reviewer(by):
            raise ValidationError(
                f"{change.author}'s change to this record awaits review; it can be "
                "edited once a reviewer has decided on it."
            )
        if is_people_reviewer(by):
            if not proposed:
                return PeopleOutcome(current, change, applied=False, message="Nothing changed.")
            _apply_values(current, proposed, by=by)
            return PeopleOutcome(current, change, applied=True, message=f"Saved {current}.")
        if not proposed:
            if change is not None:
                change.state = PeopleChange.State.WITHDRAWN
                _save_change(change, by=by, reason="Edited back to the current record")
                return PeopleOutcome(
                    current, None, applied=False, message="No change from the current record."
                )
            return PeopleOutcome(current, None, applied=False, message="Nothing changed.")
        _validate(current, proposed)
        if change is None:
            field = "expert" if model is Expert else "organisation"
            change = PeopleChange(**{field: current})
            reason = "Change proposed"
        else:
            reason = "Pending change edited"
        change.proposed = proposed
        change.author = by
        _save_change(change, by=by, reason=reason)
    return PeopleOutcome(
        current,
        change,
        applied=False,
        message=f"Saved as a pending change to {current}: it applies when a reviewer accepts it.",
    )


def _validate(current, proposed: dict) -> None:
    """The record as it would be, checked with the model's rules (nothing saved)."""
    model = type(current)
    trial = model.objects.get(pk=current.pk)
    for attname, value in proposed.items():
        if attname != ALIASES:
            setattr(trial, attname, value)
    trial.full_clean()


def _require_reviewer(by, action: str) -> None:
    if not is_people_reviewer(by):
        raise PermissionDenied(f"Only a reviewer may {action}.")


def accept_people_change(change: PeopleChange, *, by, comment: str = "") -> PeopleOutcome:
    """Apply an open change to its expert or organisation, with history."""
    _require_reviewer(by, "accept changes")
    with transaction.atomic():
        change = PeopleChange.objects.select_for_update().get(pk=change.pk)
        if change.state != PeopleChange.State.OPEN:
            raise ValidationError("This change was already decided.")
        record = type(change.record).objects.select_for_update().get(pk=change.record.pk)
        record._change_reason = f"Accepted the change proposed by {change.author or 'someone'}"
        _apply_values(record, change.proposed, by=by)
        _close(change, PeopleChange.State.ACCEPTED, by=by, comment=comment)
    return PeopleOutcome(record, change, applied=True, message=f"Accepted: {record} changed.")


def reject_people_change(change: PeopleChange, *, by, comment: str) -> PeopleOutcome:
    """Refuse a change with a reason; the record stays as it is."""
    _require_reviewer(by, "review changes")
    if not comment.strip():
        raise ValidationError({"comment": "Say why, so the author knows what to fix."})
    with transaction.atomic():
        change = PeopleChange.objects.select_for_update().get(pk=change.pk)
        if change.state != PeopleChange.State.OPEN:
            raise ValidationError("This change was already decided.")
        _close(change, PeopleChange.State.REJECTED, by=by, comment=comment.strip())
    return PeopleOutcome(
        change.record, change, applied=False, message="Rejected, with your comment."
    )


def _close(change: PeopleChange, state, *, by, comment: str) -> None:
    change.state = state
    change.reviewer = by
    change.reviewed_at = timezone.now()
    change.comment = comment
    _save_change(change, by=by, reason=change.State(state).label)
