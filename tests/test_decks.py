"""Decks: built and reordered in the browser, stepped through, shared read-only and revocable."""

import pytest
from django.urls import reverse

from corpus.models import Deck, DeckSlide, SavedView
from tests.factories import ExpertFactory, IssueFactory, StanceFactory
from tests.htmx import HTMX


@pytest.fixture
def deck(presenter):
    deck = Deck.objects.create(title="Briefing", created_by=presenter)
    for n in range(3):
        deck.add(
            SavedView.objects.create(title=f"View {n + 1}", kind="overview", created_by=presenter)
        )
    return deck


def titles(deck):
    return list(deck.slides.values_list("saved_view__title", flat=True))


def test_slide_has_its_own_url_and_a_counter(viewer_client, deck):
    html = viewer_client.get(reverse("deck-slide", args=[deck.pk, 2])).content.decode()
    assert "View 2" in html
    assert ">2 / 3<" in html
    assert f'data-prev="/decks/{deck.pk}/1/"' in html
    assert f'data-next="/decks/{deck.pk}/3/"' in html
    assert f'data-exit="/decks/{deck.pk}/"' in html


def test_slide_beyond_the_deck_is_404(viewer_client, deck):
    assert viewer_client.get(reverse("deck-slide", args=[deck.pk, 4])).status_code == 404


def test_moving_a_slide_up_reorders_and_returns_the_list_fragment(presenter_client, deck):
    third = deck.slides.get(position=3)
    response = presenter_client.post(
        reverse("deck-move", args=[deck.pk, third.pk]), {"direction": "up"}, headers=HTMX
    )
    assert response.content.decode().lstrip().startswith('<section id="deck-slides"')
    assert titles(deck) == ["View 1", "View 3", "View 2"]


def test_removing_a_slide_renumbers_the_rest(presenter_client, deck):
    first = deck.slides.get(position=1)
    presenter_client.post(reverse("deck-remove", args=[deck.pk, first.pk]), headers=HTMX)
    assert list(deck.slides.values_list("position", flat=True)) == [1, 2]
    assert titles(deck) == ["View 2", "View 3"]


def test_adding_a_saved_view_appends_it(presenter_client, deck):
    extra = SavedView.objects.create(title="Extra", kind="scenarios")
    presenter_client.post(
        reverse("deck-add", args=[deck.pk]), {"saved_view": extra.pk}, headers=HTMX
    )
    assert titles(deck)[-1] == "Extra"


def test_deck_changes_require_login(client, deck):
    first = deck.slides.get(position=1)
    response = client.post(reverse("deck-remove", args=[deck.pk, first.pk]))
    assert response.status_code == 302
    assert deck.slides.count() == 3


def test_deck_changes_require_a_role(client, stranger, deck):
    client.force_login(stranger)
    first = deck.slides.get(position=1)
    response = client.post(reverse("deck-remove", args=[deck.pk, first.pk]))
    assert response.status_code == 403
    assert deck.slides.count() == 3


def test_deck_move_refuses_get(presenter_client, deck):
    first = deck.slides.get(position=1)
    assert presenter_client.get(reverse("deck-move", args=[deck.pk, first.pk])).status_code == 405


def test_creating_a_deck(presenter_client, db):
    response = presenter_client.post(reverse("decks"), {"title": "Monday"})
    deck = Deck.objects.get(title="Monday")
    assert response["Location"] == deck.get_absolute_url()


def test_share_link_needs_no_login(client, presenter_client, deck):
    presenter_client.post(reverse("deck-share", args=[deck.pk]))
    deck.refresh_from_db()
    assert len(deck.share_token) >= 40
    client.logout()
    response = client.get(reverse("shared-slide", args=[deck.share_token, 1]))
    assert response.status_code == 200
    assert ">1 / 3<" in response.content.decode()


def test_revoked_share_link_answers_404(client, presenter_client, deck):
    token = deck.share()
    presenter_client.post(reverse("deck-revoke", args=[deck.pk]))
    assert client.get(reverse("shared", args=[token])).status_code == 404
    assert client.get(reverse("shared-slide", args=[token, 1])).status_code == 404


def test_unknown_share_token_answers_404(client, db):
    assert client.get(reverse("shared-slide", args=["not-a-token", 1])).status_code == 404


def test_share_link_never_shows_drafts(client, db):
    issue = IssueFactory(slug="hot")
    StanceFactory(issue=issue, expert=ExpertFactory(name="Published Person"))
    StanceFactory(issue=issue, expert=ExpertFactory(name="Draft Person"), status="draft")
    deck = Deck.objects.create(title="Shared")
    deck.add(SavedView.objects.create(title="Hot issue", kind="issue", target="hot"))
    deck.add(SavedView.objects.create(title="Matrix", kind="overview"))
    token = deck.share()
    for number in (1, 2):
        html = client.get(reverse("shared-slide", args=[token, number])).content.decode()
        assert "Draft Person" not in html
    assert (
        "Published Person" in client.get(reverse("shared-slide", args=[token, 2])).content.decode()
    )
    assert "Draft Person" not in client.get(reverse("shared-print", args=[token])).content.decode()


def test_shared_slide_has_no_speaker_notes(client, deck):
    token = deck.share()
    html = client.get(reverse("shared-slide", args=[token, 1])).content.decode()
    assert "Speaker notes" not in html


def test_notes_page_shows_the_note(viewer_client, deck):
    view = deck.slides.get(position=2).saved_view
    view.note = "Stress the trend <b>since 2022</b>."
    view.save()
    html = viewer_client.get(reverse("deck-notes", args=[deck.pk, 2])).content.decode()
    assert "Stress the trend &lt;b&gt;since 2022&lt;/b&gt;." in html


def test_print_handout_has_every_slide(viewer_client, deck):
    html = viewer_client.get(reverse("deck-print", args=[deck.pk])).content.decode()
    assert html.count('<main class="slide"') == 3


def test_saved_view_in_a_deck_cannot_be_deleted(presenter_client, deck):
    view = deck.slides.first().saved_view
    response = presenter_client.post(reverse("delete-saved-view", args=[view.pk]))
    assert response.status_code == 409
    assert SavedView.objects.filter(pk=view.pk).exists()
    assert DeckSlide.objects.count() == 3
