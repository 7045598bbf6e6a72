"""The intake documents as the files the team receives: .txt, .html, .pdf and .docx."""

import hashlib
import html
import subprocess
from pathlib import Path

import docx

from tests.snapshots import kept_bytes

CHROMIUM = Path("/usr/bin/chromium")

_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>{style}</style></head><body>
{before}<article>{body}</article>{after}</body></html>"""

# What a saved web page carries around its article; trafilatura must drop all of it.
_BOILERPLATE_BEFORE = """<header><nav><ul><li><a href="/">Home</a></li><li><a href="/research">
Research</a></li><li><a href="/events">Events</a></li><li><a href="/about">About us</a></li>
</ul></nav></header>
<div class="cookie-banner" id="cookies"><p>We use cookies to improve your experience on our
site. By continuing you accept our cookie policy.</p><button>Accept all cookies</button></div>
<div class="share"><a href="#">Share on Twitter</a> <a href="#">Share on LinkedIn</a></div>"""
_BOILERPLATE_AFTER = """<footer><p>Copyright 2025 Example Foundation. All rights reserved.</p>
<p><a href="/privacy">Privacy policy</a> | <a href="/contact">Contact</a> |
<a href="/newsletter">Subscribe to our newsletter</a></p></footer>"""

# Chromium repeats fixed elements on every printed page: a running header and footer.
# Printed pages of a few paragraphs each, with a running header and a page number on each,
# and hyphenation on, as word processors export them.
_PRINT_STYLE = """body{font:14pt/1.5 serif;margin:0} p{margin:0 0 .8em;hyphens:auto}
.run{font:9pt sans-serif;margin:0 0 2em} .page{break-after:page}"""
_RUNNING = '<p class="run">Example Foundation \u2014 {title}</p>'
_PER_PAGE = 4


def _paragraphs(text: str) -> str:
    return "\n".join(
        f"<p>{html.escape(block)}</p>" for block in text.split("\n\n") if block.strip()
    )


def _pages(title: str, text: str) -> str:
    blocks = [block for block in text.split("\n\n") if block.strip()]
    pages = []
    for number, first in enumerate(range(0, len(blocks), _PER_PAGE), start=1):
        body = "".join(f"<p>{html.escape(b)}</p>" for b in blocks[first : first + _PER_PAGE])
        pages.append(
            f'<div class="page">{_RUNNING.format(title=html.escape(title))}{body}'
            f'<p class="run">{number}</p></div>'
        )
    return "\n".join(pages)


def write_txt(document, directory: Path) -> Path:
    path = directory / f"{document.slug}.txt"
    path.write_text(document.text(), encoding="utf-8")
    return path


def write_html(document, directory: Path) -> Path:
    path = directory / f"{document.slug}.html"
    path.write_text(
        _PAGE.format(
            title=html.escape(document.title),
            style="",
            before=_BOILERPLATE_BEFORE,
            body=_paragraphs(document.text()),
            after=_BOILERPLATE_AFTER,
        ),
        encoding="utf-8",
    )
    return path


def write_docx(document, directory: Path) -> Path:
    path = directory / f"{document.slug}.docx"
    word = docx.Document()
    for block in document.text().split("\n\n"):
        if block.strip():
            word.add_paragraph(block)
    word.save(path)
    return path


def write_pdf(document, directory: Path) -> Path:
    page = directory / f"{document.slug}.print.html"
    page.write_text(
        _PAGE.format(
            title=html.escape(document.title),
            style=_PRINT_STYLE,
            before="",
            body=_pages(document.title, document.text()),
            after="",
        ),
        encoding="utf-8",
    )
    return print_pdf(page, directory / f"{document.slug}.pdf")


def _chromium_build() -> bytes:
    binaries = [CHROMIUM, Path("/usr/lib/chromium/chromium")]
    return repr([(b.stat().st_size, b.stat().st_mtime_ns) for b in binaries if b.exists()]).encode()


def print_pdf(page: Path, out: Path) -> Path:
    """Chromium's print of page, kept between runs beside the test database template (a
    launch costs a second or more): the same page and the same Chromium give the same file."""
    key = hashlib.sha256(page.read_bytes() + _chromium_build()).hexdigest()[:24]

    def printed() -> bytes:
        subprocess.run(
            [
                str(CHROMIUM),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-pdf-header-footer",
                f"--print-to-pdf={out}",
                page.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=60,
        )
        return out.read_bytes()

    out.write_bytes(kept_bytes(f"print-{key}.pdf", printed))
    return out


WRITERS = {"txt": write_txt, "html": write_html, "pdf": write_pdf, "docx": write_docx}
