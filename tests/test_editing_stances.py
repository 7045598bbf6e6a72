"""Editing a stance in place, and creating one from text selected in its source."""

import pytest
from django.urls import reverse

from corpus.models import Stance
from tests.editing_support import stance_data
from tests.factories import (
    SOURCE_TEXT,
    ExpertFactory,
    IssueFactory,
    PassageFactory,
    SourceFactory,
    StanceFactory,
)
from tests.htmx import HTMX

SENTENCE = "Beijing will not abandon Moscow."


@pytest.fixture
def stance(db):
    # A draft: editors' edits apply to drafts at once (a published record's wait for review).
    return StanceFactory(status="draft", summary="Sees a deepening partnership.")


@pytest.fixture
def published_stance(db):
    return StanceFactory(status="published", summary="Sees a deepening partnership.")


def _edit_url(stance):
    return reverse("stance-edit", args=[stance.pk])


# --- The edit form ---------------------------------------------------------------------------


def test_it_requires_login(client, stance):
    response = client.get(_edit_url(stance))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_viewers_may_not_open_the_form(viewer_client, stance):
    assert viewer_client.get(_edit_url(stance)).status_code == 403


def test_a_missing_stance_is_404(editor_client, db):
    assert editor_client.get(reverse("stance-edit", args=[999])).status_code == 404


def test_htmx_gets_the_form_fragment_in_place_of_the_row(editor_client, stance):
    response = editor_client.get(_edit_url(stance), headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert f'<div id="record-stance-{stance.pk}" class="record-edit">' in html
    assert f'name="version" value="{stance.version}"' in html
    assert "Sees a deepening partnership." in html


def test_without_htmx_the_form_is_a_whole_page(editor_client, stance):
    html = editor_client.get(_edit_url(stance)).content.decode()
    assert "<html" in html
    assert "Edit stance" in html
    assert stance.source.title in html


def test_the_position_choices_show_the_issue_scale_labels(editor_client, stance):
    html = editor_client.get(_edit_url(stance), headers=HTMX).content.decode()
    for label in ("strongly against", "against", "neutral", "for", "strongly for"):
        assert f"· {label}</label>" in html


def test_editors_are_told_a_published_stance_change_waits_for_review(
    editor_client, published_stance
):
    html = editor_client.get(_edit_url(published_stance), headers=HTMX).content.decode()
    assert "kept as a <strong>pending change</strong>" in html


def test_editor_saves_and_gets_the_updated_row(editor_client, editor, stance):
    data = stance_data(stance, summary="Now sees a fraying partnership.", position=-1)
    response = editor_client.post(_edit_url(stance), data, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<article id="record-stance-{stance.pk}"' in html
    assert "Now sees a fraying partnership." in html
    stance.refresh_from_db()
    assert (stance.summary, stance.position, stance.version) == (
        "Now sees a fraying partnership.",
        -1,
        2,
    )
    assert stance.updated_by == editor
    assert stance.history.first().history_user == editor


def test_an_editors_change_to_a_published_stance_waits_beside_it(editor_client, published_stance):
    stance = published_stance
    html = editor_client.post(
        _edit_url(stance), stance_data(stance, position=2), headers=HTMX
    ).content.decode()
    assert "pending change" in html
    stance.refresh_from_db()
    assert (stance.status, stance.position, stance.version) == ("published", 1, 1)
    assert stance.pending_changes.get().proposed == {"position": 2}


def test_a_second_edit_form_shows_the_pending_change(editor_client, published_stance):
    stance = published_stance
    editor_client.post(_edit_url(stance), stance_data(stance, summary="Pending words."))
    html = editor_client.get(_edit_url(stance), headers=HTMX).content.decode()
    assert "Pending words." in html


def test_a_reviewers_change_keeps_it_published(reviewer_client, published_stance):
    stance = published_stance
    reviewer_client.post(_edit_url(stance), stance_data(stance, position=2), headers=HTMX)
    stance.refresh_from_db()
    assert (stance.position, stance.status) == (2, "published")


def test_saving_without_htmx_redirects_to_next(editor_client, stance):
    data = stance_data(stance, summary="Changed.", next="/review/")
    response = editor_client.post(_edit_url(stance), data)
    assert response.status_code == 302
    assert response["Location"] == "/review/"


def test_it_refuses_an_offsite_next(editor_client, stance):
    data = stance_data(stance, summary="Changed.", next="https://evil.example/")
    response = editor_client.post(_edit_url(stance), data)
    assert response["Location"] == reverse("stance-history", args=[stance.pk])


def test_an_unchanged_form_writes_no_new_version(editor_client, stance):
    editor_client.post(_edit_url(stance), stance_data(stance), headers=HTMX)
    stance.refresh_from_db()
    assert stance.version == 1
    assert stance.history.count() == 1


def test_errors_show_beside_their_fields_and_nothing_is_saved(editor_client, stance):
    data = stance_data(stance, summary="", stated="2022-13", position=7)
    html = editor_client.post(_edit_url(stance), data, headers=HTMX).content.decode()
    assert 'class="field field-summary has-error"' in html
    assert 'id="id_summary_error"' in html
    assert "2022-13 is not a real date." in html
    assert 'class="field field-position scale-choice has-error"' in html
    stance.refresh_from_db()
    assert stance.version == 1


def test_it_refuses_a_quote_not_in_the_source_with_the_reason(editor_client, stance):
    data = stance_data(stance, quote="Moscow will abandon Beijing tomorrow.")
    html = editor_client.post(_edit_url(stance), data, headers=HTMX).content.decode()
    assert 'class="field field-quote has-error"' in html
    assert "These words do not occur in" in html
    assert "The closest text there is “Moscow. Boris Example It is a marriage" in html
    stance.refresh_from_db()
    assert stance.quote == "The partnership is deep and growing."


def test_it_recomputes_the_offsets_when_the_quote_changes(editor_client, stance):
    data = stance_data(stance, quote=SENTENCE)
    editor_client.post(_edit_url(stance), data, headers=HTMX)
    stance.refresh_from_db()
    assert stance.source.text[stance.quote_start : stance.quote_end] == SENTENCE
    assert stance.quote_start == stance.source.text.index(SENTENCE)


def test_a_quote_differing_only_in_line_breaks_is_stored_as_the_source_words(editor_client, stance):
    data = stance_data(stance, quote="The partnership   is deep\r\nand growing.")
    editor_client.post(_edit_url(stance), data, headers=HTMX)
    stance.refresh_from_db()
    assert stance.quote == "The partnership is deep and growing."


def test_cancel_returns_the_row(editor_client, stance):
    response = editor_client.get(reverse("stance-row", args=[stance.pk]), headers=HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith("{") is False
    assert f'<article id="record-stance-{stance.pk}"' in html
    assert 'hx-get="' + _edit_url(stance) + '"' in html


def test_the_row_only_answers_get(editor_client, stance):
    assert editor_client.post(reverse("stance-row", args=[stance.pk])).status_code == 405


def test_the_edit_url_refuses_other_methods(editor_client, stance):
    assert editor_client.delete(_edit_url(stance)).status_code == 405


# --- A new stance from selected text ---------------------------------------------------------


@pytest.fixture
def attributed_source(db):
    """The factory source with Anna's turn attributed to an expert."""
    source = SourceFactory()
    anna = ExpertFactory(name="Anna Example")
    start = SOURCE_TEXT.index("The partnership")
    end = SOURCE_TEXT.index("\n", start)
    PassageFactory(source=source, index=2, start=start, end=end, expert=anna)
    return source, anna


def _new_url(source, **params):
    url = reverse("stance-new", args=[source.pk])
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"{url}?{query}" if query else url


def test_the_new_form_is_prefilled_from_the_selection(editor_client, attributed_source):
    source, anna = attributed_source
    start = source.text.index(SENTENCE)
    response = editor_client.get(
        _new_url(source, start=start, end=start + len(SENTENCE)), headers=HTMX
    )
    form = response.context["form"]
    assert form["quote"].value() == SENTENCE
    assert form["quote_start"].value() == start
    assert form["expert"].value() == anna.pk
    assert str(form["stated"].value()) == "2022-03"
    assert "suggested from the passage attribution: <strong><bdi>Anna Example</bdi></strong>" in (
        response.content.decode()
    )


def test_the_selection_is_trimmed_of_surrounding_whitespace(editor_client, attributed_source):
    source, _ = attributed_source
    start = source.text.index(SENTENCE)
    response = editor_client.get(_new_url(source, start=start - 1, end=start + len(SENTENCE) + 2))
    assert response.context["form"]["quote"].value() == SENTENCE


@pytest.mark.parametrize("params", [{"start": 5, "end": 99999}, {"start": "x", "end": 3}])
def test_a_selection_outside_the_text_is_a_bad_request(editor_client, attributed_source, params):
    source, _ = attributed_source
    assert editor_client.get(_new_url(source, **params)).status_code == 400


def test_the_issue_can_be_preselected_by_slug(editor_client, attributed_source):
    source, _ = attributed_source
    issue = IssueFactory(slug="alignment")
    response = editor_client.get(_new_url(source, issue="alignment"))
    assert response.context["form"]["issue"].value() == issue.pk


def _new_data(source, expert, issue, **changes):
    start = source.text.find(SENTENCE)
    return {
        "expert": expert.pk,
        "issue": issue.pk,
        "position": 2,
        "stated": "2022-03-01",
        "confidence": "high",
        "summary": "Beijing stands by Moscow.",
        "quote": SENTENCE,
        "quote_start": start,
    } | changes


def test_a_new_stance_is_saved_as_a_draft(editor_client, editor, attributed_source):
    source, anna = attributed_source
    issue = IssueFactory()
    response = editor_client.post(_new_url(source), _new_data(source, anna, issue), headers=HTMX)
    stance = Stance.objects.get()
    assert (stance.status, stance.created_by, stance.updated_by) == ("draft", editor, editor)
    assert (stance.stated_precision, stance.position) == ("day", 2)
    assert stance.quote_start == source.text.index(SENTENCE)
    assert stance.history.get().history_user == editor
    assert "on the review queue" in response.content.decode()


def test_a_new_stance_keeps_the_selected_occurrence_of_a_repeated_quote(editor_client, db):
    source = SourceFactory(text="Yes. They agree.\nNo.\nYes. They agree.\n")
    expert, issue = ExpertFactory(), IssueFactory()
    second = source.text.rindex("They agree.")
    data = _new_data(source, expert, issue, quote="They agree.", quote_start=second)
    editor_client.post(_new_url(source), data, headers=HTMX)
    assert Stance.objects.get().quote_start == second


def test_a_second_stance_from_the_same_words_is_refused(editor_client, attributed_source):
    source, anna = attributed_source
    issue = IssueFactory()
    editor_client.post(_new_url(source), _new_data(source, anna, issue), headers=HTMX)
    response = editor_client.post(_new_url(source), _new_data(source, anna, issue), headers=HTMX)
    assert "already has a stance on this issue" in response.content.decode()
    assert Stance.objects.count() == 1


def test_a_new_stance_with_a_made_up_quote_is_refused(editor_client, attributed_source):
    source, anna = attributed_source
    data = _new_data(source, anna, IssueFactory(), quote="Words nobody said.", quote_start="")
    html = editor_client.post(_new_url(source), data, headers=HTMX).content.decode()
    assert "do not occur in" in html
    assert not Stance.objects.exists()


def test_viewers_may_not_create_stances(viewer_client, attributed_source):
    source, anna = attributed_source
    response = viewer_client.post(_new_url(source), _new_data(source, anna, IssueFactory()))
    assert response.status_code == 403
    assert not Stance.objects.exists()


def test_a_missing_source_is_404(editor_client, db):
    assert editor_client.get(reverse("stance-new", args=[999])).status_code == 404
