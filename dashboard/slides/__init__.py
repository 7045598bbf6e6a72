"""Slides: each chart of Vantage as a full-screen, captioned, exportable view of published data.

One module per kind of chart builds a `Slide` from the same filters as its page.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone


@dataclass
class Caption:
    """Carried by every slide: “Source: N documents · K experts · as of DATE”."""

    documents: int
    experts: int
    as_of: dt.date | None = None

    def __str__(self) -> str:
        date = (self.as_of or timezone.localdate()).isoformat()
        docs = f"{self.documents} document{'s' if self.documents != 1 else ''}"
        people = f"{self.experts} expert{'s' if self.experts != 1 else ''}"
        return f"Source: {docs} · {people} · as of {date}"


@dataclass
class Slide:
    kind: str
    title: str
    subtitle: str
    template: str  # the partial that draws the slide body
    context: dict
    caption: Caption
    csv_header: list[str] = field(default_factory=list)
    csv_rows: list[list] = field(default_factory=list)
    page_url: str = ""  # the interactive page this slide presents


class SlideError(Exception):
    """The slide's filters are invalid; the message says which."""


def build_slide(kind: str, target: str, params) -> Slide:
    """The slide of one kind of chart for these GET parameters (published data only)."""
    from dashboard.slides import compare, issue, overview, scenarios

    builders = {
        "overview": overview.build,
        "issue": issue.build,
        "compare": compare.build,
        "scenarios": scenarios.build,
    }
    return builders[kind](target, params)
