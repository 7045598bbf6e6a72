"""The review queue and "my changes": each pending change with what it would change.

A reviewer judges a change by a field-by-field diff against the published version and by
the quote in its source context, so both are built here, in a fixed number of queries.
"""

from dataclasses import dataclass

from django.db.models import F, Value
from django.db.models.functions import Greatest, Substr

from corpus.changes.records import deserialise
from corpus.dates import human_partial
from corpus.models import Organisation, PendingChange, PeopleChange, ScenarioAssessment, Stance
from corpus.pages.event_review import event_items
from corpus.revisions import FieldChange, display_value, related_names

CONTEXT_CHARS = 220  # of source text shown on each side of a quote
# What a reviewer compares; the offsets follow the quote and who/when is shown apart.
_SHOWN = {
    Stance: ["expert", "issue", "position", "summary", "stated_on", "quote", "confidence"],
    ScenarioAssessment: [
        "expert",
        "scenario",
        "likelihood",
        "rationale",
        "stated_on",
        "quote",
        "confidence",
    ],
}
_RETIREMENT = ["status", "deprecation_reason", "deprecation_note", "superseded_by"]


@dataclass(frozen=True)
class QuoteInContext:
    before: str
    quote: str
    after: str


@dataclass(frozen=True)
class ReviewItem:
    """One pending change as the queue shows it."""

    change: PendingChange
    record: Stance | ScenarioAssessment
    kind_name: str  # "stance" / "assessment": URL names and element ids
    diff: list[FieldChange]
    context: QuoteInContext

    @property
    def element_id(self) -> str:
        return f"change-{self.change.pk}"


def _records(model, ids):
    target = "issue" if model is Stance else "scenario"
    start = Greatest(F("quote_start") - CONTEXT_CHARS, Value(0))
    return {
        r.pk: r
        for r in model.objects.filter(pk__in=ids)
        .select_related("expert__organisation", target, "source", "updated_by")
        .defer("source__text")
        .with_review_state()
        .annotate(
            # Only the source text around the quote, not whole documents.
            context_before=Substr("source__text", start + 1, F("quote_start") - start),
            context_after=Substr("source__text", F("quote_end") + 1, Value(CONTEXT_CHARS)),
        )
    }


def _diff(model, record, change: PendingChange, names) -> list[FieldChange]:
    fields = {f.name: f for f in model._meta.concrete_fields}
    if change.kind == PendingChange.Kind.NEW:
        return []  # a new record is shown whole, as its row
    proposed = deserialise(model, change.proposed)
    rows = []
    for name in _SHOWN[model] if change.kind == PendingChange.Kind.EDIT else _RETIREMENT:
        field = fields[name]
        if name == "stated_on":
            if not {"stated_on", "stated_precision"} & proposed.keys():
                continue
            new = _stated(proposed.get("stated_on"), proposed.get("stated_precision"), record)
        elif field.attname not in proposed:
            continue
        else:
            new = display_value(field, proposed[field.attname], names)
        old = _value(field, record, names)
        if old != new:
            rows.append(FieldChange(name, str(field.verbose_name), old, new))
    return rows


def _stated(date, precision, record) -> str:
    return human_partial(date or record.stated_on, precision or record.stated_precision)


def _value(field, record, names) -> str:
    if field.name == "stated_on":
        return record.stated_display
    return display_value(field, getattr(record, field.attname), names)


def _names(model, records, changes) -> dict:
    """Display names of every related record the records and their proposals point at."""
    return related_names(model, records, also=[deserialise(model, c.proposed) for c in changes])


def review_items(changes) -> list[ReviewItem]:
    """The changes (with stance/assessment ids loaded) as queue items, in their order."""
    changes = list(changes)
    items = {}
    for model, field, kind_name in (
        (Stance, "stance_id", "stance"),
        (ScenarioAssessment, "assessment_id", "assessment"),
    ):
        mine = [c for c in changes if getattr(c, field)]
        if not mine:
            continue
        records = _records(model, {getattr(c, field) for c in mine})
        changed = [c for c in mine if c.kind != PendingChange.Kind.NEW]
        names = _names(model, records.values(), changed) if changed else {}
        for change in mine:
            record = records[getattr(change, field)]
            items[change.pk] = ReviewItem(
                change=change,
                record=record,
                kind_name=kind_name,
                diff=_diff(model, record, change, names),
                context=QuoteInContext(record.context_before, record.quote, record.context_after),
            )
    items |= event_items(changes, ReviewItem, QuoteInContext)
    return [items[c.pk] for c in changes if c.pk in items]


def queue(limit: int = 200) -> list[ReviewItem]:
    """Open changes, oldest first (first come, first judged)."""
    changes = (
        PendingChange.objects.filter(state=PendingChange.State.OPEN)
        .select_related("author")
        .order_by("updated_at", "pk")[:limit]
    )
    return review_items(changes)


def my_changes(user, limit: int = 200) -> list[ReviewItem]:
    """Every change the user made, newest first, with the reviewer's word on each."""
    changes = (
        PendingChange.objects.filter(author=user)
        .select_related("author", "reviewer")
        .order_by("-updated_at", "-pk")[:limit]
    )
    return review_items(changes)


# --- Experts and organisations -------------------------------------------------------------


@dataclass(frozen=True)
class PeopleRow:
    label: str
    now: str
    proposed: str


@dataclass(frozen=True)
class PeopleItem:
    """One open edit of an expert or an organisation, field by field."""

    change: PeopleChange
    rows: list[PeopleRow]

    @property
    def element_id(self) -> str:
        return f"people-change-{self.change.pk}"


def people_items() -> list[PeopleItem]:
    """The open edits of experts and organisations, oldest first, in four queries."""
    changes = list(
        PeopleChange.objects.filter(state=PeopleChange.State.OPEN)
        .select_related("author", "expert__organisation", "organisation")
        .prefetch_related("expert__aliases")
        .order_by("updated_at", "pk")
    )
    org_ids = {c.proposed.get("organisation_id") for c in changes} - {None}
    organisations = {o.pk: o.name for o in Organisation.objects.filter(pk__in=org_ids)}
    return [PeopleItem(c, _people_rows(c, organisations)) for c in changes]


def _people_rows(change: PeopleChange, organisations: dict) -> list[PeopleRow]:
    record = change.record
    rows = []
    for attname, value in change.proposed.items():
        if attname == "aliases":
            now = ", ".join(a.name for a in record.aliases.all())
            rows.append(PeopleRow("Aliases", now or "—", ", ".join(value) or "—"))
            continue
        field = next(f for f in record._meta.concrete_fields if f.attname == attname)
        if field.is_relation:
            now = str(getattr(record, field.name) or "—")
            new = organisations.get(value, "—") if value is not None else "—"
        elif field.choices:
            now = record._meta.get_field(field.name).flatchoices
            labels = dict(now)
            now, new = labels.get(getattr(record, attname), "—"), labels.get(value, value)
        else:
            now, new = getattr(record, attname) or "—", value or "—"
        rows.append(PeopleRow(str(field.verbose_name).capitalize(), str(now), str(new)))
    return rows
