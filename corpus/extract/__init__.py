"""Turning a received file into the text that becomes a source's evidence.

One module per format; `extract` picks by file name. Whatever the format, the result's text
has no byte-order mark and only "\n" line endings, so the same text saved on another system
hashes the same and the duplicate check catches it. The original bytes travel beside it.
"""

import hashlib
from dataclasses import dataclass
from pathlib import PurePath

from corpus.errors import IngestError
from corpus.extract import docx, html, pdf, text

# suffix → (format name, reader of bytes into text)
READERS = {
    ".txt": ("txt", text.read),
    ".md": ("md", text.read),
    ".html": ("html", html.read),
    ".htm": ("html", html.read),
    ".pdf": ("pdf", pdf.read),
    ".docx": ("docx", docx.read),
}
SUFFIXES = tuple(READERS)


@dataclass(frozen=True)
class Extracted:
    """A document's extracted text (the evidence) and the file it came from."""

    text: str
    data: bytes
    name: str
    format: str

    @property
    def data_sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def normalise(value: str) -> str:
    """The text without a leading byte-order mark and with "\n" line endings."""
    return value.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def extract(data: bytes, name: str, max_bytes: int | None = None) -> Extracted:
    """The text of a file named name; IngestError saying why it cannot be a source."""
    suffix = PurePath(name).suffix.lower()
    if suffix not in READERS:
        accepted = ", ".join(SUFFIXES)
        raise IngestError(
            name, f"files ending {suffix or '(no extension)'} cannot be added; accepted: {accepted}"
        )
    if max_bytes is not None and len(data) > max_bytes:
        raise IngestError(name, f"file is {len(data):,} bytes; the limit is {max_bytes:,}")
    if not data.strip():
        raise IngestError(name, "file is empty")
    fmt, reader = READERS[suffix]
    extracted = normalise(reader(data, name))
    if not extracted.strip():
        raise IngestError(name, "no text could be found in the file")
    return Extracted(text=extracted, data=data, name=PurePath(name).name, format=fmt)


def extract_pasted(value: str, max_bytes: int | None = None) -> Extracted:
    """Pasted text, checked with the rules of a .txt upload."""
    data = value.encode("utf-8")
    if max_bytes is not None and len(data) > max_bytes:
        # Said of the paste, not of a "file" the editor never chose.
        raise IngestError(
            "pasted text",
            f"the pasted text is {len(data):,} bytes; the limit is {max_bytes:,}: upload the "
            "document as a file, or paste less",
        )
    result = extract(data, "pasted text.txt", max_bytes)
    return Extracted(text=result.text, data=data, name="", format="pasted")
