"""The overview on a phone (390×844): filters folded, the expert column kept in view, a cell's
quotes in a bottom sheet the back button closes; and the pages read at 360 px without the page
itself scrolling sideways."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from corpus.models import Source

pytestmark = [
    pytest.mark.browser,
    pytest.mark.browser_context_args(
        viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True
    ),
]

SHOTS = "/tmp/vantage-shots"
PHONE = {"width": 390, "height": 844}


def _within_viewport(box, viewport) -> bool:
    return (
        box is not None
        and box["x"] >= 0
        and box["y"] >= 0
        and box["x"] + box["width"] <= viewport["width"] + 0.5
        and box["y"] + box["height"] <= viewport["height"] + 0.5
    )


def _bonny_lin_on_ukraine(page):
    return page.locator('a.cell-link[data-cell="bonny-lin:ukraine"]')


def test_the_filters_fold_behind_one_button_that_counts_those_set(app):
    page = app.goto("/?issues=ukraine&issues=taiwan&perspective=")
    toggle = page.get_by_role("button", name=re.compile(r"^Filters"))
    expect(toggle).to_have_text("Filters (1 active)")
    expect(page.locator("#filters")).to_be_hidden()
    expect(page.locator("table.matrix")).to_be_in_viewport()
    toggle.tap()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#filters")).to_be_visible()
    page.get_by_label("Organisation").select_option(index=1)
    expect(toggle).to_have_text("Filters (2 active)")


def test_the_expert_column_stays_in_view_while_the_matrix_scrolls_sideways(app):
    page = app.goto("/")
    name = page.locator("table.matrix tbody th").first
    before = name.bounding_box()
    page.locator(".matrix-wrap").evaluate("el => { el.scrollLeft = el.scrollWidth; }")
    assert page.locator(".matrix-wrap").evaluate("el => el.scrollLeft") > 100
    after = name.bounding_box()
    # It sticks to the scrolled box's edge, the table's 3 px cell spacing short of where it began.
    assert after["x"] == pytest.approx(before["x"], abs=4)
    expect(name).to_be_in_viewport(ratio=1)


def test_a_tapped_cell_shows_its_quotes_on_screen_and_back_closes_them(app):
    page = app.goto("/")
    _bonny_lin_on_ukraine(page).tap()
    sheet = page.locator("#panel")
    expect(sheet).to_contain_text("Bonny Lin on Ukraine")
    expect(page).to_have_url(re.compile(r"cell=bonny-lin(:|%3A)ukraine"))
    quote = sheet.locator("blockquote").first
    expect(quote).to_be_visible()
    assert _within_viewport(sheet.bounding_box(), PHONE), sheet.bounding_box()
    assert _within_viewport(quote.bounding_box(), PHONE), quote.bounding_box()
    # caret="initial": hiding the caret leaves style="" on inputs, which htmx's restore copies.
    page.screenshot(path=f"{SHOTS}-mobile-sheet.png", caret="initial")
    page.go_back()
    expect(page).not_to_have_url(re.compile(r"cell="))
    expect(page.locator("#panel blockquote")).to_have_count(0)
    expect(page.locator("#panel")).to_be_hidden()
    page.screenshot(path=f"{SHOTS}-mobile-closed.png", caret="initial")


def test_the_sheets_close_button_closes_it_and_a_second_cell_replaces_the_first(app):
    page = app.goto("/")
    _bonny_lin_on_ukraine(page).tap()
    expect(page.locator("#panel")).to_contain_text("Bonny Lin on Ukraine")
    page.locator("#panel a.close").tap()
    expect(page.locator("#panel")).to_be_hidden()
    expect(page).not_to_have_url(re.compile(r"cell="))


@pytest.mark.parametrize("width", [360])
def test_issue_expert_compare_and_reader_pages_fit_360_px_without_sideways_scrolling(app, width):
    app.page.set_viewport_size({"width": width, "height": 800})
    source = Source.objects.order_by("pk").first()
    paths = [
        reverse("overview"),
        reverse("issue", args=["ukraine"]),
        reverse("expert", args=["bonny-lin"]),
        reverse("compare") + "?experts=bonny-lin,maria-repnikova,christopher-marsh",
        reverse("source", args=[source.pk]),
    ]
    too_wide = {}
    for path in paths:
        page = app.goto(path)
        page.wait_for_load_state("load")
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            too_wide[path] = scroll_width
        page.screenshot(path=f"{SHOTS}-360{path.replace('/', '_')[:40]}.png", full_page=True)
    assert not too_wide, too_wide


def test_the_issue_charts_legend_fits_a_360_px_screen(app):
    app.page.set_viewport_size({"width": 360, "height": 800})
    page = app.goto(reverse("issue", args=["ukraine"]))
    chart = "Chart.getChart(document.querySelector('canvas[data-timeline-url]'))"
    page.wait_for_function(f"() => window.Chart && {chart} && {chart}.legend.legendHitBoxes.length")
    width, boxes = page.evaluate(
        f"() => [{chart}.width,"
        f" {chart}.legend.legendHitBoxes.map((b) => [b.left, b.left + b.width])]"
    )
    assert all(left >= 0 and right <= width for left, right in boxes), (width, boxes)
