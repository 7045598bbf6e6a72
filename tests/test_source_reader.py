"""The source reader: metadata, passages with speakers, every quote marked at its offsets."""

import re
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from corpus.dates import PartialDate
from corpus.models import ScenarioAssessment, Source, Stance
from corpus.reader import QuoteMark, reader_turns
from corpus.uploads import SourceDetails, add_source
from tests.factories import (
    ExpertFactory,
    PassageFactory,
    ScenarioAssessmentFactory,
    SourceFactory,
    StanceFactory,
)
from tests.htmx import HTMX


class Marks(HTMLParser):
    """The text inside each record's marks (button labels excluded), checking tags nest."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []
        self.text: dict[str, str] = {}
        self.pieces: dict[str, int] = {}
        self.ids: list[str] = []
        self.refs: dict[str, int] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "mark":
            record = attrs.get("data-record")
            self.pieces[record] = self.pieces.get(record, 0) + 1
            self.stack.append(("mark", record))
        elif tag == "button":
            record = attrs.get("data-record")
            self.refs[record] = self.refs.get(record, 0) + 1
            self.stack.append(("button", None))

    def handle_endtag(self, tag):
        if tag in ("mark", "button"):
            opened, _ = self.stack.pop()
            assert opened == tag, f"</{tag}> closes <{opened}>"

    def handle_data(self, data):
        if any(tag == "button" for tag, _ in self.stack):
            return
        for tag, record in self.stack:
            if tag == "mark":
                self.text[record] = self.text.get(record, "") + data


class PassageTexts(HTMLParser):
    """The text content of each element carrying data-start, by its start offset."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: dict[int, str] = {}
        self.open: list[tuple[int, int]] = []  # (start offset, depth of the element)
        self.depth = 0

    def handle_starttag(self, tag, attrs):
        self.depth += 1
        attrs = dict(attrs)
        if "data-start" in attrs:
            start = int(attrs["data-start"])
            assert start not in self.texts, "two elements for one offset"
            self.texts[start] = ""
            self.open.append((start, self.depth))

    def handle_endtag(self, tag):
        if self.open and self.open[-1][1] == self.depth:
            self.open.pop()
        self.depth -= 1

    def handle_data(self, data):
        for start, _ in self.open:
            self.texts[start] += data


def passage_texts(html: str) -> dict[int, str]:
    parser = PassageTexts()
    parser.feed(html[html.index("data-source-text") :])
    return parser.texts


def parse(html: str) -> Marks:
    parser = Marks()
    parser.feed(html)
    parser.close()
    assert not parser.stack, "unclosed tags"
    return parser


def _reader(client, source):
    return client.get(reverse("source", args=[source.pk]))


def _two_passage_source(text: str) -> Source:
    """A source whose passages are its lines, like the ingester makes them."""
    source = SourceFactory(text=text)
    start = 0
    for index, line in enumerate(text.split("\n")):
        if line:
            PassageFactory(
                source=source, index=index, start=start, end=start + len(line), text=line
            )
        start += len(line) + 1
    return source


# --- access ---


def test_it_requires_login(client, db):
    source = SourceFactory()
    response = _reader(client, source)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_public_read_shows_published_quotes_to_anyone(client, db, settings):
    settings.VANTAGE_PUBLIC_READ = True
    published = StanceFactory()
    draft = StanceFactory(source=published.source, status="draft", quote="Beijing will not")
    html = _reader(client, published.source).content.decode()
    assert f'id="stance-{published.pk}"' in html
    assert f"stance-{draft.pk}" not in html


def test_it_is_404_for_an_unknown_source(viewer_client):
    assert viewer_client.get(reverse("source", args=[999999])).status_code == 404


# --- metadata and passages (seed corpus) ---


@pytest.fixture
def transcript(seeded):
    return Source.objects.get(path__startswith="001_")


def test_it_shows_the_metadata_on_top(viewer_client, transcript):
    html = _reader(viewer_client, transcript).content.decode()
    header = html[html.index('class="source-meta"') : html.index('class="reader-layout"')]
    assert "China and Russia: A deepening partnership?" in header
    assert transcript.publisher in header
    assert "Transcript" in header
    assert "<dd>March 2022</dd>" in header
    assert transcript.sha256 in header  # under "Technical details"


def test_it_shows_the_url_when_the_source_has_one(viewer_client, db):
    source = SourceFactory(url="https://example.org/report?id=1&lang=en")
    html = _reader(viewer_client, source).content.decode()
    assert 'href="https://example.org/report?id=1&amp;lang=en"' in html


def test_it_renders_every_passage_with_its_anchor(viewer_client, transcript):
    html = _reader(viewer_client, transcript).content.decode()
    anchors = re.findall(r'<p id="p(\d+)" class="passage', html)
    assert [int(a) for a in anchors] == list(
        transcript.passages.values_list("index", flat=True).order_by("index")
    )


def test_it_labels_a_speakers_turn_once_with_a_link_to_the_expert(viewer_client, transcript):
    html = _reader(viewer_client, transcript).content.decode()
    radchenko = transcript.passages.filter(expert__slug="sergey-radchenko").first().expert
    link = f'<a href="{radchenko.get_absolute_url()}" title="Sergey Radchenko: expert page">'
    # Two turns in the transcript carry his full name as label; each is labelled once,
    # not once per passage.
    turns = html.count(link + "<bdi>Sergey Radchenko</bdi></a>")
    passages = transcript.passages.filter(speaker_label="Sergey Radchenko").count()
    assert 1 <= turns < passages


def test_it_keeps_the_original_text(viewer_client, transcript):
    html = _reader(viewer_client, transcript).content.decode()
    # Text outside the marks reads as the original, apostrophes and all (escaped once).
    assert "I&#x27;m going to kick us all off." in html


# --- quotes ---


def test_it_marks_every_published_quote_at_exactly_its_offsets(viewer_client, seeded):
    for source in Source.objects.all():
        marks = parse(_reader(viewer_client, source).content.decode())
        records = [("stance", r) for r in Stance.objects.published().filter(source=source)] + [
            ("assessment", r) for r in ScenarioAssessment.objects.published().filter(source=source)
        ]
        assert records, source
        for kind, record in records:
            anchor = f"{kind}-{record.pk}"
            assert marks.ids.count(anchor) == 1, anchor
            assert marks.text[anchor] == source.text[record.quote_start : record.quote_end]
            assert marks.text[anchor] == record.quote


def test_it_lists_the_records_quoting_the_source(viewer_client, transcript):
    html = _reader(viewer_client, transcript).content.decode()
    stance = Stance.objects.published().filter(source=transcript).first()
    entry = html[html.index(f'id="rec-stance-{stance.pk}"') :]
    entry = entry[: entry.index("</li>")]
    assert stance.expert.name in entry
    assert stance.issue.name in entry
    assert stance.summary.replace("'", "&#x27;") in entry
    assert f'href="#stance-{stance.pk}"' in entry


@pytest.mark.parametrize(
    ("position", "shown"), [(-2, "−2 (strongly against)"), (0, "0 (neutral)"), (1, "+1 (for)")]
)
def test_a_highlight_names_its_expert_issue_and_position(viewer_client, db, position, shown):
    stance = StanceFactory(position=position)
    html = _reader(viewer_client, stance.source).content.decode()
    mark = re.search(rf'<mark id="stance-{stance.pk}"[^>]*>', html).group()
    assert f'title="{stance.expert.name} on {stance.issue.name}: {shown}"' in mark
    assert f'popovertarget="card-stance-{stance.pk}"' in html
    assert f'<div popover id="card-stance-{stance.pk}"' in html


def test_drafts_are_not_marked_for_viewers(viewer_client, db):
    draft = StanceFactory(status="draft")
    html = _reader(viewer_client, draft.source).content.decode()
    assert f"stance-{draft.pk}" not in html
    assert draft.quote in html  # the words are still there, unmarked


def test_editors_see_drafts_marked_as_drafts(editor_client, db):
    draft = StanceFactory(status="draft")
    html = _reader(editor_client, draft.source).content.decode()
    mark = re.search(rf'<mark id="stance-{draft.pk}"[^>]*>', html).group()
    assert "q-draft" in mark
    assert "[draft]" in mark


def test_it_escapes_markup_in_the_source_text(viewer_client, db):
    source = _two_passage_source('Intro <b>bold</b>\n<script>alert("x")</script> & more\n')
    StanceFactory(source=source, quote='<script>alert("x")</script>')
    html = _reader(viewer_client, source).content.decode()
    assert "<script>alert" not in html
    assert "<b>bold" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</mark>" in html
    assert parse(html).text[f"stance-{Stance.objects.get().pk}"] == '<script>alert("x")</script>'


def test_a_quote_across_passages_is_split_at_their_edges(viewer_client, db):
    source = _two_passage_source("First line ends here.\nSecond line starts here.\n")
    stance = StanceFactory(source=source, quote="ends here.\nSecond line")
    marks = parse(_reader(viewer_client, source).content.decode())
    anchor = f"stance-{stance.pk}"
    assert marks.pieces[anchor] == 2
    assert marks.ids.count(anchor) == 1
    assert marks.text[anchor] == "ends here.Second line"  # the line break is between <p>s


def test_crossing_quotes_nest_cleanly(viewer_client, db):
    source = _two_passage_source("Alpha beta gamma delta epsilon.\n")
    first = StanceFactory(source=source, quote="Alpha beta gamma")
    second = ScenarioAssessmentFactory(source=source, quote="gamma delta")
    marks = parse(_reader(viewer_client, source).content.decode())
    assert marks.text[f"stance-{first.pk}"] == "Alpha beta gamma"
    assert marks.text[f"assessment-{second.pk}"] == "gamma delta"
    assert marks.pieces[f"assessment-{second.pk}"] == 2


def test_identical_quotes_are_both_marked(viewer_client, db):
    source = _two_passage_source("One sentence said twice over.\n")
    stance = StanceFactory(source=source, quote="sentence said")
    assessment = ScenarioAssessmentFactory(source=source, quote="sentence said")
    marks = parse(_reader(viewer_client, source).content.decode())
    assert marks.text[f"stance-{stance.pk}"] == "sentence said"
    assert marks.text[f"assessment-{assessment.pk}"] == "sentence said"


@pytest.mark.parametrize("size", [2, 15])
def test_it_keeps_query_count_flat(viewer_client, django_assert_num_queries, size):
    source = _two_passage_source("\n".join(f"Line {n} of the text." for n in range(size)) + "\n")
    for n in range(size):
        expert = ExpertFactory()
        StanceFactory(source=source, expert=expert, quote=f"Line {n} of")
        ScenarioAssessmentFactory(source=source, expert=expert, quote=f"{n} of the text")
    # session, user, source, passages, stances, assessments, two permission lookups
    with django_assert_num_queries(8):
        response = _reader(viewer_client, source)
    assert len(parse(response.content.decode()).ids) > 2 * size


# --- permalinks ---


def test_a_stance_permalink_opens_the_reader_at_its_quote(viewer_client, db):
    stance = StanceFactory()
    response = viewer_client.get(reverse("stance", args=[stance.pk]))
    assert response.status_code == 302
    assert response["Location"] == f"/sources/{stance.source_id}/#stance-{stance.pk}"


def test_an_assessment_permalink_opens_the_reader_at_its_quote(viewer_client, db):
    assessment = ScenarioAssessmentFactory()
    response = viewer_client.get(reverse("assessment", args=[assessment.pk]))
    assert response.status_code == 302
    assert response["Location"] == (f"/sources/{assessment.source_id}/#assessment-{assessment.pk}")


@pytest.mark.parametrize("name", ["stance", "assessment"])
def test_an_unknown_permalink_is_404(viewer_client, name):
    assert viewer_client.get(reverse(name, args=[999999])).status_code == 404


def test_a_draft_permalink_is_404_for_viewers(viewer_client, db):
    draft = StanceFactory(status="draft")
    assert viewer_client.get(reverse("stance", args=[draft.pk])).status_code == 404


def test_a_draft_permalink_opens_for_editors(editor_client, db):
    draft = ScenarioAssessmentFactory(status="draft")
    response = editor_client.get(reverse("assessment", args=[draft.pk]))
    assert response["Location"].endswith(f"#assessment-{draft.pk}")


def test_permalinks_require_login(client, db):
    stance = StanceFactory()
    response = client.get(reverse("stance", args=[stance.pk]))
    assert response["Location"].startswith(reverse("login"))


# --- the marking itself, on any text, passages and quotes ---


@st.composite
def documents(draw):
    words = draw(st.lists(st.sampled_from(["a", "<b>", "&amp;", "é", "x y", '"q"']), max_size=30))
    lines = [" ".join(words[i : i + 4]) for i in range(0, len(words), 4)] or ["a"]
    text = "\n".join(lines) + "\n"
    passages, start = [], 0
    for index, line in enumerate(lines):
        if line and draw(st.booleans()):  # some lines are left out of every passage
            passages.append(
                SimpleNamespace(
                    index=index,
                    start=start,
                    end=start + len(line),
                    speaker_label="",
                    expert=None,
                    expert_id=None,
                )
            )
        start += len(line) + 1
    spans = draw(
        st.lists(
            st.tuples(st.integers(0, len(text) - 1), st.integers(1, len(text))).filter(
                lambda s: s[0] < s[1]
            ),
            max_size=6,
        )
    )
    marks = [
        QuoteMark(f"stance-{n}", "stance", a, b, n, f"t{n}", "q-stance", record=None)
        for n, (a, b) in enumerate(spans, start=1)
    ]
    return text, passages, marks


@given(documents())
def test_marks_nest_and_hold_exactly_the_visible_words_of_each_quote(document):
    text, passages, marks = document
    html = "".join(
        f"<p>{block.html}</p>"
        for turn in reader_turns(text, passages, marks)
        for block in turn.blocks
    )
    parsed = parse(html)
    for mark in marks:
        visible = "".join(
            text[max(mark.start, b.start) : min(mark.end, b.end)]
            for turn in reader_turns(text, passages, [])
            for b in turn.blocks
        )
        assert parsed.text.get(mark.anchor, "") == visible
        assert parsed.ids.count(mark.anchor) == (1 if visible else 0)
        assert parsed.refs.get(mark.anchor, 0) == (1 if visible else 0)


@given(documents())
def test_each_blocks_markup_holds_exactly_its_span_of_the_text(document):
    text, passages, marks = document
    for turn in reader_turns(text, passages, marks):
        for block in turn.blocks:
            html = f'<div data-source-text><p data-start="{block.start}">{block.html}</p></div>'
            assert passage_texts(html) == {block.start: text[block.start : block.end]}


def test_a_name_colon_label_is_shown_once_as_its_turns_speaker(editor_client, db):
    """An added transcript's "NAME:" lies outside every passage: it is the turn's speaker,
    not a stray line at the end of the turn before it."""
    text = "A panel\n\nVOSS: The partnership is deep.\n\nKELLER: It will fray.\n"
    details = SourceDetails("Panel", "P", "transcript", PartialDate.parse("2025"), "", "auto")
    source = add_source(text, details)
    html = _reader(editor_client, source).content.decode()
    texts = passage_texts(html)
    assert texts[text.index("KELLER:")] == "KELLER:"
    for start, content in texts.items():
        assert source.text[start : start + len(content)] == content
    speakers = re.findall(r'<p class="speaker[^"]*"[^>]*>(.*?)</p>', html, re.S)
    assert [re.sub("<[^>]+>", "", s) for s in speakers] == ["VOSS:", "KELLER:"]
    assert html.count("KELLER") == 1


# --- recording from a selection (editors) ---


def test_each_passage_element_holds_exactly_its_words_of_the_text(viewer_client, seeded):
    """What editing.js relies on to turn a selection into offsets: labels and numbers outside."""
    for source in Source.objects.all():
        html = _reader(viewer_client, source).content.decode()
        texts = passage_texts(html)
        assert len(texts) >= source.passages.count()
        for start, content in texts.items():
            assert content and source.text[start : start + len(content)] == content, start
        assert 'class="q-ref"' in html  # quote numbers were drawn, as CSS content


def test_viewers_get_no_selection_tools(viewer_client, transcript):
    html = _reader(viewer_client, transcript).content.decode()
    assert "data-source-text" in html
    assert "data-selection-actions" not in html
    assert "js/editing.js" not in html
    assert "record-saved" not in html


def test_editors_can_record_from_a_selection(editor_client, transcript):
    html = _reader(editor_client, transcript).content.decode()
    assert "js/editing.js" in html and "css/editing.css" in html
    assert f'data-selection-link="{reverse("stance-new", args=[transcript.pk])}"' in html
    assert f'data-selection-link="{reverse("assessment-new", args=[transcript.pk])}"' in html
    assert 'id="record-panel"' in html
    assert f'href="{reverse("source-attribution", args=[transcript.pk])}"' in html
    # A record saved from the panel marks the text anew.
    article = re.search(r'<article id="reader-text"[^>]*>', html).group()
    assert f'hx-get="{transcript.get_absolute_url()}"' in article
    assert 'hx-trigger="record-saved from:body"' in article


def test_the_new_record_form_starts_from_the_selection(editor_client, transcript):
    passage = transcript.passages.filter(expert__isnull=False).order_by("index").first()
    url = reverse("stance-new", args=[transcript.pk])
    response = editor_client.get(url, {"start": passage.start, "end": passage.end}, headers=HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="record-new-stance" class="record-edit">')
    suggested = f"<strong><bdi>{passage.expert.name}"
    assert f"Expert suggested from the passage attribution: {suggested}" in html
    # Cancelling without JavaScript goes back to the reader.
    assert f'href="{transcript.get_absolute_url()}" data-editing-cancel' in html


def test_after_a_save_htmx_gets_the_text_list_and_cards_marked_anew(editor_client, db):
    source = _two_passage_source("First line here.\nSecond line there.\n")
    draft = StanceFactory(source=source, quote="Second line", status="draft")
    response = editor_client.get(reverse("source", args=[source.pk]), headers=HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<article id="reader-text"')
    assert "<html" not in html
    assert f'<mark id="stance-{draft.pk}" class="q q-stance q-draft"' in html
    assert '<div id="reader-records" hx-swap-oob="true">' in html
    assert f'id="rec-stance-{draft.pk}"' in html
    assert '<div id="quote-cards" hx-swap-oob="true">' in html
    assert f'<div popover id="card-stance-{draft.pk}"' in html
    assert '<dd id="quote-count" hx-swap-oob="true"><a href="#h-records">1 quote</a>' in html
    assert "HX-Request" in response["Vary"]


def test_a_full_page_has_no_out_of_band_parts(editor_client, db):
    source = _two_passage_source("First line here.\n")
    StanceFactory(source=source, quote="First line")
    html = _reader(editor_client, source).content.decode()
    assert "hx-swap-oob" not in html


@pytest.mark.parametrize("size", [2, 15])
def test_it_keeps_query_count_flat_for_editors(editor_client, django_assert_num_queries, size):
    source = _two_passage_source("\n".join(f"Line {n} of the text." for n in range(size)) + "\n")
    for n in range(size):
        StanceFactory(source=source, quote=f"Line {n} of", status="draft")
        ScenarioAssessmentFactory(source=source, quote=f"{n} of the text")
    # session, user, source, passages, stances, assessments, two permission lookups
    with django_assert_num_queries(8):
        response = _reader(editor_client, source)
    assert response.content.decode().count("data-selection-link=") == 2
