"""Word files: the text of each paragraph, one per line, in document order."""

import io
import zipfile

import docx as python_docx

from corpus.errors import IngestError


def read(data: bytes, name: str) -> str:
    try:
        document = python_docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise IngestError(name, f"not a readable Word (.docx) file ({exc})") from None
    lines = [p.text.strip() for p in document.paragraphs]
    return "\n\n".join(line for line in lines if line) + "\n"
