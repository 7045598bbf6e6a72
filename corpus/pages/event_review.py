"""Pending changes to events as review-queue items (corpus/pages/review.py lists them).

A new event is shown whole; an edit of a published one as a field-by-field diff (the issues
by name), with the cited passage in its source context. A fixed number of queries.
"""

from django.db.models import F, Value
from django.db.models.functions import Greatest, Substr

from corpus.changes.records import deserialise
from corpus.dates import human_partial
from corpus.models import Event, Issue, PendingChange, Source
from corpus.revisions import FieldChange

CONTEXT_CHARS = 220
# What a reviewer compares, in this order; the date is shown with its precision.
_SHOWN = [
    ("label", "label"),
    ("date", "date"),
    ("issues", "issues"),
    ("description", "description"),
    ("url", "link"),
    ("source_id", "source"),
    ("quote", "passage"),
]


def event_items(changes, item_class, context_class) -> dict:
    """{change pk: item} for the changes that concern events (three queries at most)."""
    changes = [c for c in changes if c.event_id]
    if not changes:
        return {}
    start = Greatest(F("quote_start") - CONTEXT_CHARS, Value(0))
    events = {
        e.pk: e
        for e in Event.objects.filter(pk__in={c.event_id for c in changes})
        .select_related("source", "updated_by")
        .defer("source__text")
        .prefetch_related("issues")
        .annotate(
            context_before=Substr("source__text", start + 1, F("quote_start") - start),
            context_after=Substr("source__text", F("quote_end") + 1, Value(CONTEXT_CHARS)),
        )
    }
    proposals = {c.pk: deserialise(Event, c.proposed) for c in changes}
    issue_ids = {i for p in proposals.values() for i in p.get("issues", [])}
    source_ids = {p["source_id"] for p in proposals.values() if p.get("source_id")}
    issues = dict(Issue.objects.filter(pk__in=issue_ids).values_list("pk", "name"))
    issues |= {i.pk: i.name for e in events.values() for i in e.issues.all()}
    sources = dict(Source.objects.filter(pk__in=source_ids).values_list("pk", "title"))
    sources |= {e.source_id: e.source.title for e in events.values() if e.source_id}
    items = {}
    for change in changes:
        event = events[change.event_id]
        diff = []
        if change.kind == PendingChange.Kind.EDIT:
            diff = _diff(event, proposals[change.pk], issues, sources)
        context = context_class(event.context_before or "", event.quote, event.context_after or "")
        items[change.pk] = item_class(
            change=change, record=event, kind_name="event", diff=diff, context=context
        )
    return items


def _shown(name, values: dict, event, issues, sources) -> str:
    if name == "date":
        return human_partial(
            values.get("happened_on", event.happened_on), values.get("precision", event.precision)
        )
    if name == "issues":
        ids = values.get("issues", [i.pk for i in event.issues.all()])
        return ", ".join(sorted(issues.get(i, f"#{i}") for i in ids))
    value = values.get(name, getattr(event, name))
    if name == "source_id":
        return sources.get(value, "") if value else ""
    return str(value or "")


def _diff(event, proposed: dict, issues, sources) -> list[FieldChange]:
    rows = []
    for name, label in _SHOWN:
        old = _shown(name, {}, event, issues, sources)
        new = _shown(name, proposed, event, issues, sources)
        if old != new:
            rows.append(FieldChange(name, label, old, new))
    return rows
