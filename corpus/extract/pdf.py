"""PDF files: the text layer as paragraphs, pages joined, running headers, footers and page
numbers removed, and words hyphenated at line ends put back together.

pypdf's layout mode keeps the vertical gaps between paragraphs as blank lines, so a paragraph
(a speaker's turn, wrapped over several lines) becomes one line of the extracted text again.
"""

import io
import logging
import re
from collections import Counter

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from corpus.errors import IngestError

_PAGE_NUMBER = re.compile(
    r"^\s*(?:page\s*)?[-–]?\s*\d{1,4}\s*[-–]?(?:\s*(?:/|of)\s*\d{1,4})?\s*$", re.IGNORECASE
)
# A letter, a hyphen ending the line, and a lowercase letter starting the next: one word.
_HYPHENATED = re.compile(r"(?<=[^\W\d_])-\n(?=[a-zß-ÿ])")
# pypdf logs what it repairs ("EOF marker not found"); a refused file gets one clear message.
logging.getLogger("pypdf").addHandler(logging.NullHandler())
logging.getLogger("pypdf").propagate = False

# Paragraphs this close to a page's top or bottom may be running headers or footers.
_EDGE = 2


def read(data: bytes, name: str) -> str:
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise IngestError(name, "the PDF is password-protected")
        pages = [_paragraphs(_page_text(page)) for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise IngestError(name, f"not a readable PDF ({exc})") from None
    if not any(pages):
        raise IngestError(
            name,
            "the PDF has no text layer: it looks scanned (run it through OCR first, "
            "or paste its text)",
        )
    blocks = [block for page in _without_running_lines(pages) for block in page]
    return "\n\n".join(blocks) + "\n"


def _page_text(page) -> str:
    try:
        return page.extract_text(extraction_mode="layout", layout_mode_space_vertically=True)
    except (ValueError, KeyError, TypeError, ZeroDivisionError):
        return page.extract_text() or ""


def dehyphenate(text: str) -> str:
    """Join words split by a hyphen at the end of a line."""
    return _HYPHENATED.sub("", text)


def _paragraphs(page_text: str) -> list[str]:
    """A page's paragraphs, each wrapped line joined to the next, spacing collapsed."""
    blocks = re.split(r"\n\s*\n", page_text)
    out = []
    for block in blocks:
        lines = [" ".join(line.split()) for line in block.splitlines() if line.strip()]
        if lines:
            out.append(dehyphenate("\n".join(lines)).replace("\n", " "))
    return out


def _shape(block: str) -> str:
    """A paragraph with its digits blurred, so "Page 3" and "Page 4" repeat as one header."""
    return re.sub(r"\d+", "#", block).casefold()


def _edges(page: list[str]) -> list[int]:
    n = len(page)
    return sorted({*range(min(_EDGE, n)), *range(max(0, n - _EDGE), n)})


def _without_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Pages without the paragraphs at their edges that repeat on at least half of them, and
    without bare page numbers at their edges."""
    counts = Counter()
    for page in pages:
        counts.update({_shape(page[i]) for i in _edges(page)})
    threshold = max(2, (len(pages) + 1) // 2)
    running = {shape for shape, n in counts.items() if n >= threshold} if len(pages) > 1 else set()
    cleaned = []
    for page in pages:
        drop = {
            i for i in _edges(page) if _shape(page[i]) in running or _PAGE_NUMBER.match(page[i])
        }
        cleaned.append([block for i, block in enumerate(page) if i not in drop])
    return cleaned
