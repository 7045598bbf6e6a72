"""Deciding who holds each passage: speaker turns, "Written by" sections, explicit markers."""

import re
from dataclasses import dataclass

from corpus.splitter import Span

TRANSCRIPT = "transcript"
SECTIONS = "sections"
PLAIN = "plain"
LAYOUTS = (TRANSCRIPT, SECTIONS, PLAIN)

_WRITTEN_BY = re.compile(r"^Written by\s+(?P<name>.+?)\.?\s*$")


@dataclass(frozen=True)
class Marker:
    """From the line starting with `prefix` on, passages belong to `expert` ("" for nobody)."""

    prefix: str
    expert: str


@dataclass(frozen=True)
class Attribution:
    speaker_label: str
    expert: str | None  # expert slug, or None when nobody known holds the passage


def spaced(text: str) -> str:
    """Runs of whitespace, no-break spaces included, as one plain space: a marker copied from
    a document matches its line whichever spaces either was typed with."""
    return " ".join(text.split())


def _normalise(name: str) -> str:
    return " ".join(name.split()).casefold()


def attribute(
    text: str,
    spans: list[Span],
    layout: str,
    names: dict[str, str],
    markers: list[Marker] = (),
    display: dict[str, str] | None = None,
) -> list[Attribution]:
    """One Attribution per span.

    `names` maps every known name and alias to an expert slug; `display` maps slugs to names.
    """
    lookup = {_normalise(k): v for k, v in names.items()}
    display = display or {}
    prefixes = [(spaced(m.prefix), m) for m in markers]
    current = Attribution("", None)
    result = []
    for span in spans:
        line = text[span.start : span.end]
        folded = spaced(line)
        marker = next((m for prefix, m in prefixes if folded.startswith(prefix)), None)
        if marker is not None:
            label = display.get(marker.expert, marker.expert) if marker.expert else ""
            current = Attribution(label, marker.expert or None)
        elif layout == TRANSCRIPT and _normalise(line) in lookup:
            current = Attribution(line, lookup[_normalise(line)])
        elif layout == SECTIONS and (match := _WRITTEN_BY.match(line)):
            name = match["name"]
            current = Attribution(name, lookup.get(_normalise(name)))
        result.append(current)
    return result


class CrossesTurns(ValueError):
    """A selection that runs from one speaker's turn into another's."""


def within_turn(source, start: int, end: int) -> tuple[int, int]:
    """The selection [start, end) without the speaker label it may begin with; CrossesTurns
    when it covers passages of more than one speaker."""
    passages = list(
        source.passages.filter(start__lt=end, end__gt=start)
        .order_by("index")
        .values("start", "end", "text", "speaker_label", "expert_id")
    )
    # A label alone on its line ("Jane Roe") is a passage of its own: not part of any quote.
    while len(passages) > 1 and passages[0]["text"] == passages[0]["speaker_label"]:
        passages.pop(0)
    if not passages:
        return start, end
    holders = {(p["speaker_label"], p["expert_id"]) for p in passages}
    if len(holders) > 1:
        raise CrossesTurns(
            "The selection runs into another speaker's turn: select words of one speaker only."
        )
    # "NAME: text": the label lies before the passage's start, so the quote starts there.
    return max(start, passages[0]["start"]), min(end, passages[-1]["end"])
