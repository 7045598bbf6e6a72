"""Present in Chromium at 1920×1080: step through a deck with the keyboard."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from corpus.models import Deck, SavedView
from tests.factories import UserFactory

pytestmark = pytest.mark.browser

SHOTS = "/tmp/vantage-shots"


@pytest.fixture
def deck(app):
    deck = Deck.objects.create(title="Ministerial briefing")
    views = [
        SavedView(title="Who says what", kind="overview"),
        SavedView(title="Scenario board", kind="scenarios"),
        SavedView(
            title="Ukraine since 2014",
            kind="issue",
            target="ukraine",
            note="Start with the 2022 transcript.",
        ),
        SavedView(
            title="Three voices",
            kind="compare",
            query="experts=bonny-lin,maria-repnikova,christopher-marsh",
        ),
    ]
    for view in views:
        view.save()
        deck.add(view)
    app.page.set_viewport_size({"width": 1920, "height": 1080})
    return deck


def test_arrow_keys_step_through_the_deck(app, deck):
    page = app.goto(reverse("deck-slide", args=[deck.pk, 1]))
    # The overview holds 15 experts: it continues on a second slide, so five slides in all.
    expect(page.locator(".counter")).to_have_text("1 / 5")
    page.keyboard.press("ArrowRight")
    expect(page.locator(".counter")).to_have_text("2 / 5")
    expect(page.locator(".slide-subtitle")).to_contain_text("experts 11–15 of 15")
    page.keyboard.press("ArrowRight")
    expect(page.locator(".counter")).to_have_text("3 / 5")
    page.keyboard.press("ArrowRight")
    expect(page.locator(".counter")).to_have_text("4 / 5")
    expect(page).to_have_url(app.url + reverse("deck-slide", args=[deck.pk, 4]))
    page.wait_for_function("() => document.body.dataset.ready === '1'")
    points = page.evaluate(
        "Chart.getChart(document.querySelector('canvas[data-chart]')).data.datasets"
        ".reduce((n, d) => n + d.data.length, 0)"
    )
    assert points > 0
    expect(page.locator(".slide-caption")).to_contain_text("Source: ")
    expect(page.locator(".slide-caption")).to_contain_text("documents ·")
    page.screenshot(path=f"{SHOTS}-deck-3.png")
    page.keyboard.press("PageUp")
    expect(page.locator(".counter")).to_have_text("3 / 5")
    page.keyboard.press("Escape")
    expect(page).to_have_url(app.url + deck.get_absolute_url())


def test_space_and_page_down_go_forward(app, deck):
    page = app.goto(reverse("deck-slide", args=[deck.pk, 1]))
    page.keyboard.press("Space")
    expect(page.locator(".counter")).to_have_text("2 / 5")
    page.keyboard.press("PageDown")
    expect(page.locator(".counter")).to_have_text("3 / 5")


def test_slide_text_is_large_enough_for_a_room(app, deck):
    page = app.goto(reverse("deck-slide", args=[deck.pk, 5]))
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.slide')).fontSize)")
    assert size >= 24
    expect(page.locator("tr.disagree").first).to_be_visible()


def test_speaker_notes_open_in_a_second_window(app, deck):
    page = app.goto(reverse("deck-slide", args=[deck.pk, 4]))
    with page.expect_popup() as popup:
        page.get_by_role("link", name="Speaker notes").click()
    notes = popup.value
    expect(notes.locator(".note-text")).to_contain_text("Start with the 2022 transcript.")


def test_deck_is_reordered_in_the_browser(app, deck):
    # Only the deck's owner (or a reviewer) reorders it.
    owner = UserFactory(username="deck-owner", role="presenter")
    deck.created_by = owner
    deck.save()
    app.login_as(owner)
    page = app.goto(deck.get_absolute_url())
    page.get_by_role("button", name="Move “Three voices” up").click()
    expect(page.locator(".deck-slides li").nth(2)).to_contain_text("Three voices")


def test_the_issue_slide_draws_the_yearly_spread_band(app):
    app.goto(reverse("present-issue", args=["ukraine"]))
    app.page.wait_for_function("() => document.body.dataset.ready === '1'")
    # Each band edge is drawn as a line (a scatter chart draws none unless asked), flat across
    # each of the 4 years counted and broken between them, inside the plot area.
    drawn = app.page.evaluate(
        """() => {
          const chart = Chart.getChart(document.querySelector("canvas[data-chart]"));
          const area = chart.chartArea;
          return chart.data.datasets.map((d, i) => [d, chart.getDatasetMeta(i)])
            .filter(([d]) => d.label.startsWith("Spread"))
            .map(([d, meta]) => Boolean(meta.dataset && meta.dataset.options.showLine !== false
              && d.showLine) && meta.data.filter((p) => !p.skip).length === 8
              && meta.data.every((p) => p.skip || (p.x >= area.left && p.x <= area.right)));
        }"""
    )
    app.page.screenshot(path=f"{SHOTS}-issue-slide-band.png")
    assert drawn == [True, True]
