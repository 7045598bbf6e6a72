"""The spreadsheet exits: the stances of a filtered view (`Stance.objects.for_export`), as rows."""

from corpus.dates import format_partial

COLUMNS = [
    "id",
    "issue",
    "issue_name",
    "expert",
    "expert_name",
    "organisation",
    "perspective",
    "position",
    "position_label",
    "summary",
    "quote",
    "stated_on",
    "stated_precision",
    "confidence",
    "status",
    "version",
    "source_title",
    "source_publisher",
    "source_kind",
    "source_date",
    "source_url",
    "source_sha256",
    "quote_start",
    "quote_end",
]


def export_row(stance) -> dict:
    """One stance as a flat row (CSV columns and JSON keys alike)."""
    organisation = stance.expert.organisation
    return {
        "id": stance.pk,
        "issue": stance.issue.slug,
        "issue_name": stance.issue.name,
        "expert": stance.expert.slug,
        "expert_name": stance.expert.name,
        "organisation": organisation.name if organisation else "",
        "perspective": organisation.country if organisation else "",
        "position": stance.position,
        "position_label": stance.issue.label_for(stance.position),
        "summary": stance.summary,
        "quote": stance.quote,
        "stated_on": format_partial(stance.stated_on, stance.stated_precision),
        "stated_precision": stance.stated_precision,
        "confidence": stance.confidence,
        "status": stance.status,
        "version": stance.version,
        "source_title": stance.source.title,
        "source_publisher": stance.source.publisher,
        "source_kind": stance.source.kind,
        "source_date": format_partial(stance.source.published_on, stance.source.date_precision),
        "source_url": stance.source.url,
        "source_sha256": stance.source.sha256,
        "quote_start": stance.quote_start,
        "quote_end": stance.quote_end,
    }
