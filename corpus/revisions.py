"""A record's versions as people read them: what changed between them, conflicts, deletions.

Reading only: every change itself goes through corpus.changes.
"""

from dataclasses import dataclass

from django.db import models

from corpus.dates import human_partial

# Who changed a record is shown beside each version, so it is left out of the diff.
_NOT_DIFFED = ("created_by", "updated_by")
_TEXT_FIELDS = ("quote", "summary", "rationale")
# Machine details (the quote's character offsets in its source; the date's precision, which
# the stated date itself already reads at): kept, but shown only under "Technical details".
TECHNICAL_FIELDS = ("quote_start", "quote_end", "stated_precision")
# How each related record is named on a history page (one query per field, whatever the size).
_NAMES = {"expert": "name", "issue": "name", "scenario": "title", "source": "title"}


@dataclass(frozen=True)
class FieldChange:
    """One field's value before and after a version, as the history page shows them."""

    field: str
    label: str
    old: str
    new: str

    @property
    def is_text(self) -> bool:
        return self.field in _TEXT_FIELDS

    @property
    def is_technical(self) -> bool:
        return self.field in TECHNICAL_FIELDS


@dataclass(frozen=True)
class Version:
    """A historical record and how it differs from the version before it."""

    record: models.Model
    changes: list[FieldChange]

    @property
    def shown_changes(self) -> list[FieldChange]:
        """What changed in words people read (no offsets)."""
        return [c for c in self.changes if not c.is_technical]

    @property
    def technical_changes(self) -> list[FieldChange]:
        return [c for c in self.changes if c.is_technical]

    @property
    def kind(self) -> str:
        return {"+": "created", "~": "changed", "-": "deleted"}[self.record.history_type]


def _diffed_fields(model) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if f.editable and not f.primary_key and f.name not in _NOT_DIFFED
    ]


def related_names(model, records, also=()) -> dict[str, dict[int, str]]:
    """For each foreign key of model, the display name of every target the records (and the
    field values in `also`, e.g. proposed changes, keyed by attname) point at."""
    records = list(records)
    names = {}
    for field in _diffed_fields(model):
        if field.is_relation:
            ids = {getattr(r, field.attname) for r in records}
            ids |= {values.get(field.attname) for values in also}
            ids -= {None}
            if field.name not in _NAMES:
                # A link to another record of the same kind (superseded_by): named by its id.
                names[field.name] = {pk: f"record {pk}" for pk in ids}
                continue
            target = field.related_model.objects.filter(pk__in=ids)
            names[field.name] = dict(target.values_list("pk", _NAMES[field.name]))
    return names


def display_value(field: models.Field, value, names: dict[str, dict[int, str]]) -> str:
    """A field's value as a person reads it: names for related records, labels for choices."""
    if value is None or value == "":
        return ""
    if field.is_relation:
        return names[field.name].get(value, f"#{value} (deleted)")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def _shown(field, record, names) -> str:
    """A field of one version as people read it; a stated date at its own precision."""
    if record is None:
        return ""
    if field.name == "stated_on":
        return human_partial(record.stated_on, record.stated_precision)
    return display_value(field, getattr(record, field.attname), names)


def _changes(model, new, old, names) -> list[FieldChange]:
    fields = {f.name: f for f in _diffed_fields(model)}
    if old is None:
        changed = list(fields)
    else:
        changed = [c.field for c in new.diff_against(old, included_fields=list(fields)).changes]
        # A date made vaguer or sharper ("2016" → "March 2016") reads as a change of the date.
        if "stated_precision" in changed and "stated_on" not in changed and "stated_on" in fields:
            changed.append("stated_on")
    return [
        FieldChange(
            name,
            str(fields[name].verbose_name),
            _shown(fields[name], old, names),
            _shown(fields[name], new, names),
        )
        for name in changed
    ]


def versions(model, pk: int) -> list[Version]:
    """Every version of one record, newest first, each with its changes (fixed query count)."""
    records = list(
        model.history.filter(id=pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )
    if not records:
        return []
    names = related_names(model, records)
    older = [*records[1:], None]
    return [
        Version(record, [] if record.history_type == "-" else _changes(model, record, old, names))
        for record, old in zip(records, older, strict=True)
    ]


@dataclass(frozen=True)
class ConflictRow:
    """One field of an edit conflict: the saved value, mine, and who changed it since loading."""

    field: str
    label: str
    theirs: str
    mine: str
    they_changed: bool
    i_changed: bool

    @property
    def differs(self) -> bool:
        return self.theirs != self.mine

    @property
    def is_text(self) -> bool:
        return self.field in _TEXT_FIELDS


# Offsets follow the quote, and the source never changes: neither is worth a row. The stated
# date is shown at its precision, in one row.
_NOT_COMPARED = ("source", "quote_start", "quote_end", "status", "stated_precision")


def conflict_rows(model, *, base, theirs, mine) -> list[ConflictRow]:
    """Each editable field as saved by someone else (theirs) and as submitted (mine).

    base is the version the editor loaded (None if its history is gone): it tells which
    side changed a field.
    """
    fields = [f for f in _diffed_fields(model) if f.name not in _NOT_COMPARED]
    names = related_names(model, [r for r in (base, theirs, mine) if r is not None])
    rows = []
    for f in fields:
        values = [
            _compared_value(f, r, names) if r is not None else None for r in (base, theirs, mine)
        ]
        was, saved, submitted = values
        rows.append(
            ConflictRow(
                f.name,
                str(f.verbose_name),
                saved,
                submitted,
                they_changed=was is not None and was != saved,
                i_changed=was is not None and was != submitted,
            )
        )
    return rows


def _compared_value(field, record, names) -> str:
    if field.name == "stated_on":
        return human_partial(record.stated_on, record.stated_precision)
    return display_value(field, getattr(record, field.attname), names)


def seen_version(model, pk: int, version: int):
    """The historical record of the version an editor loaded, if it was kept."""
    return model.history.filter(id=pk, version=version).order_by("-history_id").first()


def deleted(model) -> list:
    """The last historical record of each deleted (and not restored) record, newest first."""
    records = (
        model.history.filter(history_type="-")
        .exclude(id__in=model.objects.values("pk"))
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )
    latest = {}
    for record in records:
        latest.setdefault(record.id, record)
    return list(latest.values())
