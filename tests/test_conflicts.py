"""Saving over a newer version never overwrites: the editor sees both and chooses."""

import pytest
from django.urls import reverse

from corpus import changes
from corpus.models.records import EditConflict
from tests.editing_support import stance_data
from tests.factories import StanceFactory, UserFactory
from tests.htmx import HTMX


@pytest.fixture
def stance(db):
    return StanceFactory(status="draft", summary="Sees a deepening partnership.")


def _edit_url(stance):
    return reverse("stance-edit", args=[stance.pk])


def _someone_else_saves(stance, **values):
    other = UserFactory(username="colleague", role="editor")
    changes.edit(stance, values, seen_version=stance.version, by=other)
    return other


def test_a_stale_save_shows_the_conflict_instead_of_overwriting(editor_client, stance):
    stale = stance_data(stance, summary="My summary.")
    _someone_else_saves(stance, summary="Their summary.")
    response = editor_client.post(_edit_url(stance), stale, headers=HTMX)
    html = response.content.decode()
    assert "Someone else saved this stance while you were editing" in html
    assert "colleague" in html
    stance.refresh_from_db()
    assert (stance.summary, stance.version) == ("Their summary.", 2)


def test_the_conflict_shows_theirs_beside_mine_with_a_word_diff(editor_client, stance):
    stale = stance_data(stance, summary="My new summary.")
    _someone_else_saves(stance, summary="Their new summary.")
    html = editor_client.post(_edit_url(stance), stale, headers=HTMX).content.decode()
    assert "<td>Their new summary.</td>" in html
    assert "<del>Their</del><ins>My</ins> new summary." in html
    assert "changed by them" in html
    assert "changed by you" in html


def test_the_conflict_view_replaces_the_form_in_place(editor_client, stance):
    stale = stance_data(stance, summary="Mine.")
    _someone_else_saves(stance, summary="Theirs.")
    html = editor_client.post(_edit_url(stance), stale, headers=HTMX).content.decode()
    assert f'<div id="record-stance-{stance.pk}" class="record-edit record-conflict">' in html
    assert "<html" not in html


def test_keep_mine_saves_again_on_the_current_version(editor_client, stance):
    stale = stance_data(stance, summary="Mine.")
    _someone_else_saves(stance, summary="Theirs.")
    response = editor_client.post(_edit_url(stance), stale, headers=HTMX)
    retry = response.context["form"]
    assert retry["version"].value() == 2
    assert retry["summary"].value() == "Mine."
    editor_client.post(_edit_url(stance), stale | {"version": 2}, headers=HTMX)
    stance.refresh_from_db()
    assert (stance.summary, stance.version) == ("Mine.", 3)


def test_keep_theirs_returns_the_current_row(editor_client, stance):
    stale = stance_data(stance, summary="Mine.")
    _someone_else_saves(stance, summary="Theirs.")
    html = editor_client.post(_edit_url(stance), stale, headers=HTMX).content.decode()
    row_url = reverse("stance-row", args=[stance.pk])
    assert f'hx-get="{row_url}"' in html
    assert "Keep theirs (discard mine)" in html
    row = editor_client.get(row_url, headers=HTMX).content.decode()
    assert "Theirs." in row


def test_without_htmx_the_conflict_is_a_whole_page(editor_client, stance):
    stale = stance_data(stance, summary="Mine.")
    _someone_else_saves(stance, summary="Theirs.")
    response = editor_client.post(_edit_url(stance), stale)
    assert "<h1>Edit conflict</h1>" in response.content.decode()


def test_publishing_a_stale_draft_is_refused(reviewer_client, stance):
    seen = stance.version
    _someone_else_saves(stance, summary="Changed after the reviewer looked.")
    response = reviewer_client.post(
        reverse("stance-publish", args=[stance.pk]), {"version": seen}, headers=HTMX
    )
    assert "Not published: it was changed after you loaded this page" in (response.content.decode())
    stance.refresh_from_db()
    assert stance.status == "draft"


def test_revise_raises_on_a_stale_version(stance):
    _someone_else_saves(stance, summary="Theirs.")
    with pytest.raises(EditConflict):
        changes.edit(stance, {"summary": "Mine."}, seen_version=1, by=None)
