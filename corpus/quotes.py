"""Locating verbatim quotes in a source's original text."""

import difflib
import re
from dataclasses import dataclass


class QuoteNotFound(ValueError):
    """The quote does not occur in the text; carries the nearest matching excerpt."""

    def __init__(self, quote: str, nearest: str):
        self.quote = quote
        self.nearest = nearest
        short = quote if len(quote) <= 80 else quote[:77] + "..."
        super().__init__(f"quote not found in source: {short!r}; nearest text: {nearest!r}")


@dataclass(frozen=True)
class Span:
    start: int
    end: int


def _flexible_pattern(quote: str) -> re.Pattern:
    # Annotation files fold long quotes over lines; any run of whitespace matches any other.
    words = quote.split()
    return re.compile(r"\s+".join(re.escape(w) for w in words))


def locate_quote(text: str, quote: str, occurrence: int = 1) -> Span:
    """Find the n-th occurrence of quote in text, exactly or up to whitespace differences."""
    if not quote.strip():
        raise QuoteNotFound(quote, "")
    if occurrence < 1:
        raise ValueError("occurrence counts from 1")
    spans = [m.span() for m in re.finditer(re.escape(quote), text)]
    if not spans:
        spans = [m.span() for m in _flexible_pattern(quote).finditer(text)]
    if len(spans) < occurrence:
        raise QuoteNotFound(quote, nearest_excerpt(text, quote))
    start, end = spans[occurrence - 1]
    return Span(start, end)


def nearest_excerpt(text: str, quote: str, width: int | None = None) -> str:
    """The excerpt of text most like quote, to show a curator where they went wrong."""
    width = width or max(len(quote), 20)
    if not text:
        return ""
    words = quote.split()
    anchor = words[0] if words else quote[:10]
    best, best_ratio = text[:width], -1.0
    step = max(1, width // 4)
    candidates = [m.start() for m in re.finditer(re.escape(anchor), text)] or range(
        0, max(1, len(text) - width + 1), step
    )
    for start in list(candidates)[:2000]:
        window = text[start : start + width]
        ratio = difflib.SequenceMatcher(None, quote, window, autojunk=False).quick_ratio()
        if ratio > best_ratio:
            best, best_ratio = window, ratio
    return " ".join(best.split())
