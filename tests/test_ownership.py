"""Decks and saved views belong to whoever made them: every write URL × every role."""

import pytest
from django.test import Client
from django.urls import reverse

from corpus.models import Deck, DeckSlide, SavedView
from tests.factories import UserFactory
from tests.snapshots import built_once

ROLES = ["anonymous", "viewer", "owner", "other-presenter", "editor", "reviewer"]
# Who may do it: "make" — anyone who presents (a new object, their own); "manage" — the
# owner and reviewers only.
MAKERS = {"owner", "other-presenter", "reviewer"}
MANAGERS = {"owner", "reviewer"}


@built_once
def world(db):
    """Five users, one per role, and an owner's decks, slides and saved views."""
    owner = UserFactory(username="owner-presenter", role="presenter")
    users = {
        "viewer": UserFactory(username="o-viewer", role="viewer"),
        "owner": owner,
        "other-presenter": UserFactory(username="o-presenter-2", role="presenter"),
        "editor": UserFactory(username="o-editor", role="editor"),
        "reviewer": UserFactory(username="o-reviewer", role="reviewer"),
    }
    deck = Deck.objects.create(title="Owner's deck", created_by=owner)
    first, second = (
        SavedView.objects.create(title=f"View {n}", kind="overview", created_by=owner)
        for n in (1, 2)
    )
    spare = SavedView.objects.create(title="Spare", kind="scenarios", created_by=owner)
    loose = SavedView.objects.create(title="Loose", kind="overview", created_by=owner)
    first_slide = deck.add(first)
    slide = deck.add(second)
    shared = Deck.objects.create(title="Shared deck", created_by=owner)
    shared.share()
    return {
        "users": users,
        "deck": deck,
        "shared": shared,
        "slide": slide,
        "first_slide": first_slide,
        "spare": spare,
        "loose": loose,
    }


def _writes(w):
    """(name, who may, url, data) for every deck and saved-view write."""
    deck, slide = w["deck"], w["slide"]
    return [
        ("save-view", MAKERS, reverse("save-view"), {"kind": "overview", "title": "New"}),
        ("create-deck", MAKERS, reverse("decks"), {"title": "Another"}),
        ("duplicate-deck", MAKERS, reverse("deck-duplicate", args=[deck.pk]), {}),
        ("duplicate-view", MAKERS, reverse("duplicate-saved-view", args=[w["loose"].pk]), {}),
        ("delete-view", MANAGERS, reverse("delete-saved-view", args=[w["loose"].pk]), {}),
        ("add", MANAGERS, reverse("deck-add", args=[deck.pk]), {"saved_view": w["spare"].pk}),
        (
            "move",
            MANAGERS,
            reverse("deck-move", args=[deck.pk, slide.pk]),
            {"direction": "up", "version": deck.current_version()},
        ),
        (
            "reorder",
            MANAGERS,
            reverse("deck-reorder", args=[deck.pk]),
            {"order": f"{slide.pk},{w['first_slide'].pk}", "version": deck.current_version()},
        ),
        (
            "add-to-deck",
            MANAGERS,
            reverse("add-to-deck"),
            {"saved_view": w["spare"].pk, "deck": deck.pk},
        ),
        # A new deck of one's own, with someone else's saved view in it.
        (
            "add-to-new-deck",
            MAKERS,
            reverse("add-to-deck"),
            {"saved_view": w["spare"].pk, "new_deck": "Mine"},
        ),
        ("evidence", MANAGERS, reverse("deck-evidence", args=[deck.pk, slide.pk]), {}),
        ("remove", MANAGERS, reverse("deck-remove", args=[deck.pk, slide.pk]), {}),
        ("share", MANAGERS, reverse("deck-share", args=[deck.pk]), {}),
        ("revoke", MANAGERS, reverse("deck-revoke", args=[w["shared"].pk]), {}),
    ]


def _state():
    return (
        list(Deck.objects.order_by("pk").values_list("pk", "title", "share_token", "created_by")),
        list(
            DeckSlide.objects.order_by("pk").values_list(
                "pk", "deck", "saved_view", "position", "evidence"
            )
        ),
        list(SavedView.objects.order_by("pk").values_list("pk", "title", "created_by")),
    )


WRITE_NAMES = [
    "save-view",
    "create-deck",
    "duplicate-deck",
    "duplicate-view",
    "delete-view",
    "add",
    "move",
    "reorder",
    "add-to-deck",
    "add-to-new-deck",
    "evidence",
    "remove",
    "share",
    "revoke",
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", WRITE_NAMES)
def test_each_write_is_done_or_refused_by_role_and_owner(world, name, role):
    _, allowed, url, data = next(w for w in _writes(world) if w[0] == name)
    client = Client()
    if role != "anonymous":
        client.force_login(world["users"][role])
    before = _state()
    response = client.post(url, data)
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
        assert _state() == before
    elif role in allowed:
        assert response.status_code in (200, 302), response.content[:300]
        assert _state() != before
    else:
        assert response.status_code == 403
        assert _state() == before


def test_a_duplicate_belongs_to_whoever_made_it(world):
    other = world["users"]["other-presenter"]
    client = Client()
    client.force_login(other)
    client.post(reverse("deck-duplicate", args=[world["deck"].pk]))
    copy = Deck.objects.get(title="Owner's deck (copy)")
    assert copy.created_by == other
    assert copy.slides.count() == world["deck"].slides.count()


def test_the_deck_page_hides_the_owners_controls_from_others(world):
    client = Client()
    client.force_login(world["users"]["other-presenter"])
    html = client.get(reverse("deck", args=[world["deck"].pk])).content.decode()
    assert reverse("deck-share", args=[world["deck"].pk]) not in html
    assert reverse("deck-duplicate", args=[world["deck"].pk]) in html
    assert "only its owner or a reviewer" in html
