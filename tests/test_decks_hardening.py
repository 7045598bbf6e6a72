"""Decks refuse malformed input with a clear answer, and keep speaker notes to presenters."""

import pytest
from django.urls import reverse

from corpus.models import Deck, SavedView


@pytest.fixture
def deck(db):
    deck = Deck.objects.create(title="Briefing")
    deck.add(
        SavedView.objects.create(title="Matrix", kind="overview", note="Secret: mention Crimea")
    )
    return deck


def test_a_share_token_with_a_nul_is_a_404(client, deck):
    deck.share()
    response = client.get("/shared/%00/")
    assert response.status_code == 404
    assert "not valid, or its owner has revoked it" in response.content.decode()


def test_a_revoked_share_link_says_so(client, deck):
    token = deck.share()
    deck.revoke_share()
    response = client.get(reverse("shared", args=[token]))
    assert response.status_code == 404
    assert "revoked" in response.content.decode()


def test_adding_a_saved_view_that_is_not_a_number_is_a_400(presenter_client, presenter, deck):
    deck.created_by = presenter
    deck.save()
    response = presenter_client.post(reverse("deck-add", args=[deck.pk]), {"saved_view": "abc"})
    assert response.status_code == 400
    assert "Choose one of the saved views" in response.content.decode()
    assert deck.slides.count() == 1


class TestPublicRead:
    @pytest.fixture(autouse=True)
    def public(self, settings):
        settings.VANTAGE_PUBLIC_READ = True

    def test_the_saved_views_list_hides_notes_from_anonymous_readers(self, client, deck):
        html = client.get(reverse("saved-views")).content.decode()
        assert "Matrix" in html
        assert "Secret" not in html

    def test_the_notes_window_needs_a_sign_in(self, client, deck):
        response = client.get(reverse("deck-notes", args=[deck.pk, 1]))
        assert response.status_code == 302
        assert "Secret" not in response.content.decode()

    def test_an_anonymous_slide_offers_no_notes(self, client, deck):
        response = client.get(reverse("deck-slide", args=[deck.pk, 1]))
        assert response.status_code == 200
        assert "Speaker notes" not in response.content.decode()
        assert "Secret" not in response.content.decode()

    def test_signed_in_presenters_still_read_their_notes(self, viewer_client, deck):
        html = viewer_client.get(reverse("deck-notes", args=[deck.pk, 1])).content.decode()
        assert "Secret: mention Crimea" in html
