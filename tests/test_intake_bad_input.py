"""Bad input in the browser: a form error, the typed fields kept, nothing written."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfWriter

from corpus.models import PendingSource, Source
from tests.conftest import SEEDS
from tests.editing_support import db_state
from tests.factories import SourceFactory
from tests.intake.helpers import proposal_data

SEED_001 = (SEEDS / "001_b242f4e15b4feee3.txt").read_bytes()


def _fields(**changes) -> dict:
    return {
        "title": "Kept title",
        "publisher": "Kept publisher",
        "kind": "transcript",
        "published": "2024-06",
        "url": "https://example.org/kept",
        "layout": "auto",
        "text": "",
    } | changes


def _refused(client, message, **changes):
    before = db_state()
    response = client.post(reverse("source-new"), _fields(**changes))
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page, page[:3000]
    for kept in ("Kept title", "Kept publisher", "2024-06", "https://example.org/kept"):
        assert f'value="{kept}"' in page
    assert db_state() == before
    return page


def _blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "The submitted file is empty."),
        ("binary.txt", b"\x00\x01\x02 binary", "file is binary"),
        ("notes.rtf", b"{\\rtf1 hello}", "only .txt, .md, .html"),
        ("scan.pdf", None, "it looks scanned"),
        ("cp1251.txt", "Привет, как дела у тебя сегодня".encode("cp1251"), "looks like cp1251"),
        ("broken.docx", b"PK\x03\x04 not really", "not a readable Word"),
    ],
)
def test_a_bad_file_is_a_form_error(editor_client, db, name, data, message):
    upload = SimpleUploadedFile(name, _blank_pdf() if data is None else data)
    _refused(editor_client, message, file=upload)


def test_a_pasted_text_over_the_limit_is_a_form_error_not_a_bare_400(editor_client, db):
    # 5 MB: more than the source limit, within what the server parses.
    _refused(
        editor_client,
        "the pasted text is 5,000,000 bytes; the limit is 2,097,152",
        text="word " * 1_000_000,
    )


def test_empty_paste_is_a_form_error(editor_client, db):
    _refused(editor_client, "Paste the document", text="   \n ")


def test_the_same_text_with_windows_line_endings_is_a_duplicate(editor_client, seeded):
    upload = SimpleUploadedFile("copy.txt", SEED_001.replace(b"\n", b"\r\n"))
    page = _refused(editor_client, "This exact text is already a source", file=upload)
    assert "China and Russia: A deepening partnership?" in page


def test_the_same_text_with_a_byte_order_mark_is_a_duplicate(editor_client, seeded):
    upload = SimpleUploadedFile("copy.txt", b"\xef\xbb\xbf" + SEED_001)
    _refused(editor_client, "This exact text is already a source", file=upload)


def test_a_byte_order_mark_does_not_hide_the_first_speaker(editor_client, db):
    text = "\ufeffHOLM: The first speaker speaks.\n\nVIK: And then another.\n\nHOLM: Again.\n"
    editor_client.post(
        reverse("source-new"),
        _fields(text="", file=SimpleUploadedFile("bom.txt", text.encode("utf-8"))),
    )
    pending = PendingSource.objects.get()
    page = editor_client.get(reverse("source-proposal", args=[pending.pk])).content.decode()
    assert 'data-label="HOLM"' in page


def test_a_title_holding_markup_is_escaped(editor_client, db):
    SourceFactory(title="<script>alert(1)</script>", text="Taken.\n")
    page = editor_client.post(reverse("source-new"), _fields(text="Taken.\n")).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_file_over_the_size_limit_is_a_form_error(editor_client, db, settings):
    settings.VANTAGE_MAX_SOURCE_BYTES = 100
    upload = SimpleUploadedFile("long.txt", b"word " * 100)
    _refused(editor_client, "file is 500 bytes; the limit is 100", file=upload)


def test_a_new_title_holding_markup_is_escaped_on_every_intake_screen(editor_client, db):
    title = "<img src=x onerror=alert(1)>"
    text = "KOVAC: The partnership is deep.\n\nLUND: It will fray.\n\nKOVAC: Still deep.\n"
    editor_client.post(reverse("source-new"), _fields(title=title, text=text))
    pending = PendingSource.objects.get()
    screens = [editor_client.get(reverse("source-proposal", args=[pending.pk]))]
    url = reverse("source-proposal", args=[pending.pk])
    screens.append(editor_client.post(url, proposal_data(pending), follow=True))
    source = Source.objects.get()
    screens.append(editor_client.get(reverse("source-coding", args=[source.pk])))
    screens.append(editor_client.get(source.get_absolute_url()))
    for response in screens:
        page = response.content.decode()
        assert title not in page
        assert "&lt;img src=x onerror=alert(1)&gt;" in page
