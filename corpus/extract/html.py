"""Saved web pages: the article only, without navigation, banners, share buttons or footers.

trafilatura finds the main content; favouring precision drops boilerplate at the cost of an
occasional short line, which is the right trade for evidence.
"""

import trafilatura

from corpus.errors import IngestError


def read(data: bytes, name: str) -> str:
    if b"\x00" in data[:8192]:
        raise IngestError(name, "file is binary (it contains NUL bytes), not a web page")
    text = trafilatura.extract(
        data,
        favor_precision=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        deduplicate=False,
    )
    if not text or not text.strip():
        raise IngestError(name, "no article text was found in the web page")
    return text + "\n"
