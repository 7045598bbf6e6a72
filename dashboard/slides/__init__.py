"""Slides: each chart of Vantage as a full-screen, captioned, exportable view of published data.

One module per kind of chart builds a `Slide` from the same filters as its page.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from corpus.dates import human_date, human_partial
from dashboard.csv_export import SOURCE_COLUMNS, source_cells

# Sources named on a slide's caption before "and N more".
NAMED_SOURCES = 3
# The page saying how positions are read from the sources (the lead's; a plain path until
# its URL name exists on main).
METHOD_URL = "/method/"


@dataclass
class Caption:
    """Carried by every slide: “Source: N documents · K experts · as of DATE”, and the sources
    named (title, publisher, date; the earliest first, "and N more" past three)."""

    documents: int
    experts: int
    as_of: dt.date | None = None
    sources: list = field(default_factory=list)
    method_url: str = METHOD_URL

    def __str__(self) -> str:
        date = human_date(self.as_of or timezone.localdate())
        docs = f"{self.documents} document{'s' if self.documents != 1 else ''}"
        people = f"{self.experts} expert{'s' if self.experts != 1 else ''}"
        return f"Source: {docs} · {people} · as of {date}"

    @property
    def named(self) -> list:
        return self._ordered()[:NAMED_SOURCES]

    @property
    def more(self) -> int:
        return max(0, len(self._ordered()) - NAMED_SOURCES)

    def _ordered(self) -> list:
        unique = {s.pk: s for s in self.sources}.values()
        return sorted(unique, key=lambda s: (s.published_on, s.title))

    def sources_text(self) -> str:
        """The named sources as one line of text (CSV footers, PowerPoint captions)."""
        parts = [
            f"{s.title} ({s.publisher}, {human_partial(s.published_on, s.date_precision)})"
            for s in self.named
        ]
        text = "; ".join(parts)
        return f"{text} and {self.more} more" if self.more else text


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
    # Table slides that hold more experts than fit continue on further pages ("experts 11–15
    # of 15"); decks, the handout, PNG and PPTX step through them all.
    page: int = 1
    pages: int = 1
    # The records drawn, in footnote order: what the evidence slide lists.
    evidence: list = field(default_factory=list)


class SlideError(Exception):
    """The slide's filters are invalid; the message says which."""


def number_evidence(groups) -> list:
    """Footnote numbers, in drawing order, for [(cell or word, its records)]: each holder gets
    `footnotes` (its numbers); the records in that order are the slide's evidence."""
    evidence = []
    for holder, records in groups:
        holder.footnotes = list(range(len(evidence) + 1, len(evidence) + len(records) + 1))
        evidence.extend(records)
    return evidence


def with_page(params, number: int):
    """The same filters, on page `number` of a continued slide."""
    params = params.copy()
    params["page"] = str(number)
    return params


def evidence_parts(evidence: list, size: int) -> list[dict]:
    """A slide's evidence in slides of `size` rows: first and last footnote, numbered rows."""
    return [
        {
            "first": start + 1,
            "last": start + len(chunk),
            "rows": list(enumerate(chunk, start=start + 1)),
        }
        for start in range(0, len(evidence), size)
        if (chunk := evidence[start : start + size])
    ]


def evidence_slide(slide: "Slide", part: dict) -> "Slide":
    """One evidence slide of `slide`: its footnotes part["first"]…part["last"], presented
    (and exported as PNG or CSV) like any slide."""
    return Slide(
        kind="evidence",
        title=f"Evidence: {slide.title}",
        subtitle=f"Records {part['first']}–{part['last']} of {len(slide.evidence)}, "
        "numbered as on the slide",
        template="present/_evidence_slide.html",
        context={"rows": part["rows"]},
        caption=slide.caption,
        csv_header=["footnote", "expert", "stated", "quote", *SOURCE_COLUMNS],
        csv_rows=[
            [n, r.expert.name, r.stated_display, r.quote, *source_cells([r.source])]
            for n, r in part["rows"]
        ],
        page_url=slide.page_url,
    )


def page_label(page, noun: str = "experts") -> str:
    """· experts 11–15 of 15, for a paginator page that is not the only one."""
    if not page.has_other_pages():
        return ""
    return f" · {noun} {page.start_index()}–{page.end_index()} of {page.paginator.count}"


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


def slide_pages(kind: str, target: str, params) -> int:
    """How many pages the slide continues on (one query for table slides, none otherwise)."""
    from dashboard.slides import overview, scenarios

    counters = {"overview": overview.pages, "scenarios": scenarios.pages}
    return counters[kind](params) if kind in counters else 1
