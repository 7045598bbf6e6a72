"""Splitting an original text into passages: one per non-blank line, whitespace trimmed."""

import re
from dataclasses import dataclass

_LINE = re.compile(r"[^\r\n]+")


@dataclass(frozen=True)
class Span:
    """Half-open character offsets [start, end) into the original text."""

    start: int
    end: int


def split_passages(text: str) -> list[Span]:
    """Every line holding visible text, trimmed; in order, non-overlapping, within bounds."""
    spans = []
    for match in _LINE.finditer(text):
        line = match.group()
        stripped = line.strip()
        if not stripped:
            continue
        start = match.start() + (len(line) - len(line.lstrip()))
        spans.append(Span(start, start + len(stripped)))
    return spans
