"""Event markers for timelines: the published events of some issues, as chart-ready data.

The issue and expert timelines, their slides, the PNG, PowerPoint and SVG exports all draw
the same list (the issue chart JSON carries it under `events`). A URL's `events=off` hides
them everywhere.
"""

from django.urls import reverse

from corpus.models import Event

OFF = "off"


def shown(params) -> bool:
    """Whether the URL asks for event markers (they are shown unless events=off)."""
    return params.get("events") != OFF


def timeline_events(issue_ids, *, show: bool = True) -> list[dict]:
    """The published events concerning any of these issues, oldest first (one query)."""
    if not show:
        return []
    issue_ids = list(issue_ids)
    if not issue_ids:
        return []
    events = Event.objects.on_issues(issue_ids).select_related("source").defer("source__text")
    # One reverse() per source cited, not per marker.
    urls = {}
    for event in events:
        if event.source_id and event.source_id not in urls:
            urls[event.source_id] = reverse("source", args=[event.source_id])
    return [_marker(e, urls.get(e.source_id, "")) for e in events]


def _marker(event, source_url: str) -> dict:
    source = event.source
    return {
        "id": event.pk,
        "x": event.drawn_on.isoformat(),
        "date": event.date_display,
        "label": event.label,
        "description": event.description,
        "url": event.url,
        "quote": event.quote,
        "source": source.title if source else "",
        "source_url": source_url,
    }


def within(events: list[dict], start: str, end: str) -> list[dict]:
    """The markers dated inside [start, end] (ISO dates): what a chart of that span draws."""
    return [e for e in events if start <= e["x"] <= end]


def for_chart(chart: dict, issue_ids, *, show: bool = True) -> list[dict]:
    """The markers a timeline (timeline_chart's dict) draws: its issues' events inside the
    whole years it spans (the spread band's years, else those of its points)."""
    years = [b["year"] for b in chart.get("band") or []] or [
        int(p["x"][:4]) for s in chart["series"] for p in s["points"]
    ]
    if not years or not show:
        return []
    start, end = f"{min(years):04d}-01-01", f"{max(years):04d}-12-31"
    return within(timeline_events(issue_ids), start, end)
