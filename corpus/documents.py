"""Turning received bytes into a document's original text, refusing what is not text."""

import re

import charset_normalizer

from corpus.errors import IngestError

# C0 control characters other than tab, newline, carriage return and form feed.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode_document(data: bytes, name: str, max_bytes: int | None = None) -> str:
    """The UTF-8 text of data, unchanged; IngestError for empty, binary or non-UTF-8 input."""
    if max_bytes is not None and len(data) > max_bytes:
        raise IngestError(name, f"file is {len(data):,} bytes; the limit is {max_bytes:,}")
    if not data.strip():
        raise IngestError(name, "file is empty")
    if b"\x00" in data[:8192]:
        raise IngestError(name, "file is binary (it contains NUL bytes), not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise IngestError(
            name,
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            f"{_encoding_guess(data)}. Save it as UTF-8 and try again",
            line,
        ) from None
    sample = text[:8192]
    if len(_CONTROL.findall(sample)) > max(2, len(sample) // 100):
        raise IngestError(name, "file looks binary (many control characters), not text")
    return text


def _encoding_guess(data: bytes) -> str:
    """Which encoding the bytes look like, as a phrase for an error message."""
    best = charset_normalizer.from_bytes(data[:65536]).best()
    if best is None:
        return "its encoding could not be recognised"
    return f"it looks like {best.encoding}"
