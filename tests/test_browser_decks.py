"""Building a deck in Chromium as a presenter would: save a view, add it to a deck, reorder by
keyboard and by drag without a reload, share, and present from the shared landing page."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from corpus.models import Deck, SavedView
from tests.factories import UserFactory

pytestmark = pytest.mark.browser

SHOTS = "/tmp/vantage-shots"


@pytest.fixture
def presenter_app(app):
    owner = UserFactory(username="deck-builder", role="presenter")
    app.login_as(owner)
    app.owner = owner
    app.page.set_viewport_size({"width": 1280, "height": 900})
    return app


@pytest.fixture
def deck(presenter_app):
    deck = Deck.objects.create(title="Tuesday briefing", created_by=presenter_app.owner)
    for title, kind in [("Matrix", "overview"), ("Board", "scenarios"), ("Voices", "compare")]:
        query = "experts=bonny-lin,maria-repnikova" if kind == "compare" else ""
        deck.add(SavedView.objects.create(title=title, kind=kind, query=query))
    return deck


def titles(deck):
    return list(deck.slides.values_list("saved_view__title", flat=True))


def listed(page):
    return page.locator(".deck-slides li a").all_inner_texts()


def mark_page(page):
    """A flag on the window that a reload would drop."""
    page.evaluate("window.vantageNoReload = true")


def not_reloaded(page):
    return page.evaluate("window.vantageNoReload === true")


def test_a_saved_view_goes_into_a_deck_from_the_save_confirmation(presenter_app, deck):
    page = presenter_app.goto(reverse("present-scenarios"))
    page.get_by_text("Save view").click()
    page.get_by_label("Title").fill("Scenarios for the minister")
    page.get_by_role("button", name="Save").click()
    confirm = page.locator("#saved-confirm")
    expect(confirm).to_contain_text("Saved “Scenarios for the minister”")
    expect(page.locator(".messages")).to_contain_text("add it to a deck below")
    page.screenshot(path=f"{SHOTS}-decks-saved.png", full_page=True)
    confirm.get_by_label("Deck for “Scenarios for the minister”").select_option(label=deck.title)
    confirm.get_by_role("button", name="Add to deck: “Scenarios for the minister”").click()
    expect(page.locator(".messages")).to_contain_text(
        "Added “Scenarios for the minister” to Tuesday briefing as slide 4."
    )
    page.locator(".messages").get_by_role("link", name="Tuesday briefing").click()
    expect(page.locator(".deck-slides li").nth(3)).to_contain_text("Scenarios for the minister")


def test_an_empty_deck_gets_its_first_slide_and_present_link_without_a_reload(presenter_app):
    SavedView.objects.create(title="Matrix", kind="overview")
    empty = Deck.objects.create(title="New deck", created_by=presenter_app.owner)
    page = presenter_app.goto(empty.get_absolute_url())
    expect(page.locator("#present-deck")).to_have_count(0)
    mark_page(page)
    page.get_by_role("button", name="Add slide").click()
    expect(page.locator("#present-deck")).to_be_visible()
    expect(page.locator("#deck-status")).to_have_text("Added “Matrix” as slide 1.")
    assert not_reloaded(page)
    page.locator("#present-deck").click()
    expect(page.locator(".counter")).to_have_text("1 / 2")


def test_the_arrow_keys_on_a_handle_reorder_the_deck(presenter_app, deck):
    page = presenter_app.goto(deck.get_absolute_url())
    mark_page(page)
    handle = page.get_by_role("button", name="Reorder “Voices”, slide 3 of 3")
    handle.focus()
    page.keyboard.press("ArrowUp")
    expect(page.locator("#deck-status")).to_have_text("Moved “Voices” to slide 2 of 3.")
    assert listed(page) == ["Matrix", "Voices", "Board"]
    # The focus stays on the moved slide's handle, so the next key moves it again.
    expect(page.get_by_role("button", name="Reorder “Voices”, slide 2 of 3")).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(page.locator("#deck-status")).to_have_text("Moved “Voices” to slide 1 of 3.")
    assert listed(page) == ["Voices", "Matrix", "Board"]
    # Press once the focus is back on the moved handle (the swap restores it after the status).
    expect(page.get_by_role("button", name="Reorder “Voices”, slide 1 of 3")).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(page.locator("#deck-status")).to_have_text("Moved “Voices” to slide 2 of 3.")
    assert not_reloaded(page)
    assert titles(deck) == ["Matrix", "Voices", "Board"]
    page.screenshot(path=f"{SHOTS}-decks-keyboard.png", full_page=True)


def test_dragging_a_slide_reorders_the_deck(presenter_app, deck):
    page = presenter_app.goto(deck.get_absolute_url())
    mark_page(page)
    rows = page.locator(".deck-slides li")
    rows.nth(2).locator(".drag-handle").drag_to(rows.nth(0), target_position={"x": 20, "y": 3})
    expect(page.locator("#deck-status")).to_have_text("Moved “Voices” to slide 1 of 3.")
    assert listed(page) == ["Voices", "Matrix", "Board"]
    assert titles(deck) == ["Voices", "Matrix", "Board"]
    assert not_reloaded(page)
    page.screenshot(path=f"{SHOTS}-decks-dragged.png", full_page=True)


def test_a_reorder_in_a_stale_tab_shows_the_newer_order_instead_of_overwriting_it(
    presenter_app, deck, console_problems
):
    stale = presenter_app.goto(deck.get_absolute_url())
    other = stale.context.new_page()
    other.goto(presenter_app.url + deck.get_absolute_url())
    other.get_by_role("button", name="Move “Board” down").click()
    expect(other.locator("#deck-status")).to_have_text("Moved “Board” to slide 3 of 3.")
    stale.get_by_role("button", name="Move “Matrix” down").click()
    expect(stale.locator("#deck-status")).to_contain_text("order was changed elsewhere")
    assert listed(stale) == ["Matrix", "Voices", "Board"]
    assert titles(deck) == ["Matrix", "Voices", "Board"]
    stale.screenshot(path=f"{SHOTS}-decks-stale.png", full_page=True)
    # Chromium logs the refused move's 409 (expected here), and nothing else.
    refused = [p for p in console_problems if "status of 409" in p]
    assert len(refused) == 1
    console_problems.remove(refused[0])
    # Now up to date, the same move goes through.
    stale.get_by_role("button", name="Move “Matrix” down").click()
    expect(stale.locator("#deck-status")).to_have_text("Moved “Matrix” to slide 2 of 3.")
    other.close()


def test_the_up_button_keeps_the_focus_on_the_moved_slide(presenter_app, deck):
    page = presenter_app.goto(deck.get_absolute_url())
    page.get_by_role("button", name="Move “Board” up").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#deck-status")).to_have_text("Moved “Board” to slide 1 of 3.")
    # At the top it has no Up button any more: the focus goes to its handle.
    expect(page.get_by_role("button", name="Reorder “Board”, slide 1 of 3")).to_be_focused()


def test_revoking_a_share_link_asks_first(presenter_app, deck):
    deck.share()
    page = presenter_app.goto(deck.get_absolute_url())
    questions = []

    def answer(dialog):
        questions.append(dialog.message)
        dialog.dismiss() if len(questions) == 1 else dialog.accept()

    page.on("dialog", answer)
    page.get_by_role("button", name="Revoke the link").click()
    expect(page.locator("#share-link")).to_be_visible()
    page.get_by_role("button", name="Revoke the link").click()
    expect(page.locator(".messages")).to_contain_text("Share link revoked")
    assert questions[0].startswith("Revoke the share link?")
    deck.refresh_from_db()
    assert deck.share_token is None


def test_the_shared_landing_page_starts_with_the_arrow_keys(presenter_app, deck):
    token = deck.share()
    page = presenter_app.page
    page.context.clear_cookies()
    page.goto(presenter_app.url + reverse("shared", args=[token]))
    page.screenshot(path=f"{SHOTS}-decks-shared.png")
    page.keyboard.press("ArrowRight")
    expect(page).to_have_url(presenter_app.url + reverse("shared-slide", args=[token, 1]))
    expect(page.locator(".counter")).to_have_text("1 / 4")
    # The slide's keys are the slide script's: wait until it has run (a racing press is lost).
    page.wait_for_function("() => document.body.dataset.ready === '1'")
    page.keyboard.press("ArrowRight")
    expect(page.locator(".counter")).to_have_text("2 / 4")
    page.keyboard.press("Escape")
    expect(page).to_have_url(presenter_app.url + reverse("shared", args=[token]))
