"""Plain text and Markdown files: UTF-8, kept as they are."""

from corpus.documents import decode_document


def read(data: bytes, name: str) -> str:
    return decode_document(data, name)
