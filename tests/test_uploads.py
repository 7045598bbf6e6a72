"""Adding a source in the browser, and correcting its attribution."""

import hashlib
import html as html_lib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from corpus.models import Expert, Passage, Source
from tests.editing_support import db_state
from tests.factories import (
    ExpertAliasFactory,
    ExpertFactory,
    SourceFactory,
)
from tests.intake.helpers import accept

TRANSCRIPT = (
    "Panel on the partnership\n\nAnna Example\n\nThe partnership is deep.\n\n"
    "Boris\n\nIt will fray.\n"
)


@pytest.fixture
def speakers(db):
    anna = ExpertFactory(name="Anna Example", slug="anna-example")
    boris = ExpertFactory(name="Boris Example", slug="boris-example")
    ExpertAliasFactory(expert=boris, name="Boris")
    return anna, boris


def _metadata(**changes) -> dict:
    return {
        "title": "A new panel",
        "publisher": "Example Institute",
        "kind": "transcript",
        "published": "2023-05",
        "url": "https://example.org/panel",
        "layout": "transcript",
        "text": "",
    } | changes


def _post(client, **changes):
    return client.post(reverse("source-new"), _metadata(**changes))


def test_it_requires_login(client, db):
    assert client.get(reverse("source-new"))["Location"].startswith(reverse("login"))


def test_viewers_may_not_add_sources(viewer_client, db):
    assert _post(viewer_client, text=TRANSCRIPT).status_code == 403
    assert not Source.objects.exists()


def test_the_form_asks_for_text_metadata_and_layout(editor_client, db):
    html = editor_client.get(reverse("source-new")).content.decode()
    for name in ("title", "publisher", "kind", "published", "url", "layout", "text", "file"):
        assert f'name="{name}"' in html
    assert 'enctype="multipart/form-data"' in html


def test_pasted_text_becomes_a_source_with_attributed_passages(editor_client, editor, speakers):
    anna, boris = speakers
    _post(editor_client, text=TRANSCRIPT)
    response = accept(editor_client)
    source = Source.objects.get()
    assert response["Location"] == reverse("source-coding", args=[source.pk])
    assert source.text == TRANSCRIPT
    assert (source.published_display, source.date_precision) == ("May 2023", "month")
    assert source.created_by == editor
    assert source.history.get().history_user == editor
    held = {p.text: p.expert for p in source.passages.all()}
    assert held["The partnership is deep."] == anna
    assert held["It will fray."] == boris
    assert held["Panel on the partnership"] is None


def test_pasted_line_breaks_are_stored_as_pasted(editor_client, db):
    _post(editor_client, text="First line.\r\nSecond line.\r\n", layout="plain")
    accept(editor_client)
    assert Source.objects.get().text == "First line.\nSecond line.\n"


def test_an_uploaded_file_is_kept_byte_for_byte_beside_its_text(editor_client, db):
    data = "\ufeffÜber den Fluss.\r\nZweite Zeile.\r\n".encode()
    upload = SimpleUploadedFile("notes.md", data, content_type="text/markdown")
    editor_client.post(reverse("source-new"), _metadata(file=upload, layout="plain"))
    accept(editor_client)
    source = Source.objects.get()
    assert source.text == "Über den Fluss.\nZweite Zeile.\n"
    assert bytes(source.original.data) == data
    assert source.original.sha256 == hashlib.sha256(data).hexdigest()
    assert source.path == "notes.md"
    assert source.passages.count() == 2


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "The submitted file is empty."),
        ("blank.txt", b"   \n\n", "file is empty"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "file is binary"),
        ("latin1.txt", "café au lait".encode("latin-1"), "not valid UTF-8"),
        ("report.pdf", b"%PDF-1.7 text", "not a readable PDF"),
        ("slides.pptx", b"PK\x03\x04 zipped", "only .txt, .md, .html, .htm, .pdf, .docx files"),
    ],
)
def test_unacceptable_files_are_refused_and_nothing_is_stored(
    editor_client, db, name, data, message
):
    before = db_state()
    upload = SimpleUploadedFile(name, data)
    response = editor_client.post(reverse("source-new"), _metadata(file=upload))
    assert response.status_code == 200
    assert message in html_lib.unescape(response.content.decode())
    assert db_state() == before


def test_a_file_over_the_size_limit_is_refused(editor_client, db, settings):
    settings.VANTAGE_MAX_SOURCE_BYTES = 100
    upload = SimpleUploadedFile("long.txt", b"word " * 30)
    response = editor_client.post(reverse("source-new"), _metadata(file=upload))
    assert "file is 150 bytes; the limit is 100" in response.content.decode()
    assert not Source.objects.exists()


def test_pasted_text_over_the_size_limit_is_refused(editor_client, db, settings):
    settings.VANTAGE_MAX_SOURCE_BYTES = 100
    response = _post(editor_client, text="word " * 30)
    assert "the limit is 100" in response.content.decode()
    assert not Source.objects.exists()


def test_nothing_to_store_is_said_plainly(editor_client, db):
    response = _post(editor_client, text="   ")
    assert "Paste the document&#x27;s text or choose a file" in response.content.decode()


def test_text_and_file_together_are_refused(editor_client, db):
    upload = SimpleUploadedFile("a.txt", b"Some text.")
    response = editor_client.post(reverse("source-new"), _metadata(text="Other.", file=upload))
    assert "Paste the text or upload a file, not both." in response.content.decode()
    assert not Source.objects.exists()


def test_the_same_text_twice_links_to_the_existing_source(editor_client, db):
    existing = SourceFactory(text="Exactly this.\n")
    response = _post(editor_client, text="Exactly this.\n", title="Again")
    html = response.content.decode()
    assert "This exact text is already a source; nothing was added." in html
    assert f'href="{existing.get_absolute_url()}"' in html
    assert Source.objects.count() == 1


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "ftp://x.org/a"]
)
def test_only_web_addresses_are_accepted(editor_client, db, url):
    response = _post(editor_client, text="Some text.\n", url=url)
    assert "Enter a web address starting with http:// or https://." in response.content.decode()
    assert not Source.objects.exists()


def test_a_bad_date_is_explained(editor_client, db):
    response = _post(editor_client, text="Some text.\n", published="March 2022")
    assert "Enter the date as YYYY, YYYY-MM or YYYY-MM-DD" in response.content.decode()


# --- Correcting attribution -------------------------------------------------------------------


@pytest.fixture
def uploaded(editor_client, speakers):
    _post(editor_client, text=TRANSCRIPT)
    accept(editor_client)
    return Source.objects.get()


def _attribution(client, source, **data):
    return client.post(reverse("source-attribution", args=[source.pk]), data)


def test_the_attribution_page_lists_each_passage_and_its_holder(editor_client, uploaded):
    html = editor_client.get(reverse("source-attribution", args=[uploaded.pk])).content.decode()
    assert html.count('name="passages"') == uploaded.passages.count()
    assert "<strong><bdi>Anna Example</bdi></strong>" in html


def test_an_editor_assigns_a_run_of_passages_to_an_expert(editor_client, uploaded, speakers):
    anna, _ = speakers
    response = _attribution(editor_client, uploaded, passages=[0, 3, 4], expert=anna.pk)
    assert response.status_code == 302
    held = dict(uploaded.passages.values_list("index", "expert"))
    assert (held[0], held[3], held[4]) == (anna.pk, anna.pk, anna.pk)


def test_an_editor_assigns_passages_to_nobody(editor_client, uploaded):
    _attribution(editor_client, uploaded, passages=[1, 2], expert="")
    assert not uploaded.passages.filter(index__in=[1, 2], expert__isnull=False).exists()


def test_an_editor_adds_a_new_expert_for_passages(editor_client, uploaded):
    _attribution(editor_client, uploaded, passages=[0], new_expert="  Carla   Nuova ")
    carla = Expert.objects.get(name="Carla Nuova")
    assert carla.slug == "carla-nuova"
    assert uploaded.passages.get(index=0).expert == carla


def test_a_new_expert_who_exists_already_is_pointed_out(editor_client, uploaded):
    response = _attribution(editor_client, uploaded, passages=[0], new_expert="boris")
    assert "Boris Example is already an expert: choose them above." in response.content.decode()
    assert Expert.objects.count() == 2


def test_no_ticked_passage_is_explained(editor_client, uploaded, speakers):
    response = _attribution(editor_client, uploaded, expert=speakers[0].pk)
    assert "Tick the passages to assign" in response.content.decode()


def test_viewers_may_not_change_attribution(client, viewer, uploaded, speakers):
    client.force_login(viewer)  # the uploaded fixture signed this client in as an editor
    before = db_state()
    response = _attribution(client, uploaded, passages=[0], expert=speakers[1].pk)
    assert response.status_code == 403
    assert db_state() == before


def test_a_missing_source_is_404(editor_client, db):
    assert editor_client.get(reverse("source-attribution", args=[9])).status_code == 404


@pytest.mark.parametrize("size", [3, 30])
def test_the_attribution_page_keeps_its_query_count_flat(
    editor_client, django_assert_num_queries, size, db
):
    source = SourceFactory(text="line\n" * size)
    Passage.objects.bulk_create(
        Passage(source=source, index=n, start=5 * n, end=5 * n + 4, text="line", expert=e)
        for n, e in enumerate(ExpertFactory() for _ in range(size))
    )
    # session, user, source, passages, permission checks (2), experts, organisations
    with django_assert_num_queries(8):
        response = editor_client.get(reverse("source-attribution", args=[source.pk]))
    assert response.status_code == 200


def test_the_attribution_page_leads_to_the_reader_to_record_stances(editor_client, uploaded):
    html = editor_client.get(reverse("source-attribution", args=[uploaded.pk])).content.decode()
    assert (
        f'<a class="button small" href="{uploaded.get_absolute_url()}">'
        "Record stances from this source</a>"
    ) in html
