"""Extraction of each accepted format into the text that becomes the evidence."""

import pytest

from corpus.errors import IngestError
from corpus.extract import extract
from corpus.extract.pdf import dehyphenate
from tests.intake import render
from tests.intake.documents import ARTICLE, COLON_PANEL


@pytest.fixture(scope="session")
def files(tmp_path_factory):
    directory = tmp_path_factory.mktemp("extract")
    made = {
        "html": render.write_html(ARTICLE, directory),
        "docx": render.write_docx(COLON_PANEL, directory),
    }
    if render.CHROMIUM.exists():
        made["pdf"] = render.write_pdf(COLON_PANEL, directory)
    return made


def _text(path):
    return extract(path.read_bytes(), path.name).text


def test_a_web_page_keeps_the_article_and_drops_the_furniture(files):
    text = _text(files["html"])
    assert "By Lucia Ferraro and Henrik Dahl" in text
    assert "a shield, not a sword" in text
    for furniture in ("cookie", "Share on Twitter", "Privacy policy", "About us", "Copyright"):
        assert furniture not in text


def test_a_pdf_gives_back_the_paragraphs_without_running_headers_or_page_numbers(files):
    if "pdf" not in files:
        pytest.skip("Chromium is needed to print the PDF")
    text = _text(files["pdf"])
    assert text == COLON_PANEL.text()  # pages joined, one paragraph per line, nothing added
    assert "Example Foundation" not in text


def test_a_word_file_gives_one_paragraph_per_line(files):
    assert _text(files["docx"]) == COLON_PANEL.text()


def test_words_hyphenated_at_line_ends_are_joined():
    assert dehyphenate("the partner-\nship holds; a well-known fact") == (
        "the partnership holds; a well-known fact"
    )


def test_a_byte_order_mark_and_windows_line_endings_are_normalised():
    result = extract(b"\xef\xbb\xbfOne.\r\nTwo.\rThree.\r\n", "a.txt")
    assert result.text == "One.\nTwo.\nThree.\n"
    assert result.data.startswith(b"\xef\xbb\xbf")


def test_an_unknown_extension_is_refused():
    with pytest.raises(IngestError, match="cannot be added"):
        extract(b"data", "slides.key")
