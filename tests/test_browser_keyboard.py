"""The overview by keyboard alone: a skip link to the matrix, the matrix one tab stop with arrow
keys inside (ARIA grid), Enter opens the quotes and focus moves in, Esc closes and returns."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _focused(page) -> str:
    """What has focus: the cell key of a matrix link, else a short description."""
    return page.evaluate(
        "(() => { const e = document.activeElement;"
        " return e.dataset.cell || (e.closest('#matrix') ? 'matrix:' + e.textContent.trim()"
        " : e.tagName + ':' + e.textContent.trim().slice(0, 30)); })()"
    )


def _in_matrix(page) -> bool:
    return page.evaluate("document.getElementById('matrix').contains(document.activeElement)")


def test_the_matrix_is_reached_within_three_tab_presses_from_page_load(app):
    page = app.goto("/")
    presses = 0
    while not _in_matrix(page) and presses < 3:
        page.keyboard.press("Tab")
        presses += 1
        if page.evaluate("document.activeElement.matches('a.skip-link[href=\"#matrix\"]')"):
            page.keyboard.press("Enter")
    assert _in_matrix(page), f"after {presses} Tab presses focus is on {_focused(page)}"
    assert presses <= 3
    expect(page.locator("#matrix a.cell-link").first).to_be_focused()


def test_the_matrix_is_one_tab_stop(app):
    page = app.goto("/")
    page.locator("#matrix a.cell-link").first.focus()
    page.keyboard.press("Tab")
    assert not _in_matrix(page), _focused(page)
    page.keyboard.press("Shift+Tab")
    expect(page.locator("#matrix a.cell-link").first).to_be_focused()
    assert page.locator('#matrix [tabindex="0"]').count() == 1


def _holds_focus(cell) -> bool:
    return cell.evaluate("c => c === document.activeElement || c.contains(document.activeElement)")


def test_arrow_keys_move_between_cells(app):
    page = app.goto("/?issues=alignment&issues=ukraine")
    rows = page.locator("#matrix tbody tr")
    rows.first.locator("td").first.evaluate("td => (td.querySelector('a') || td).focus()")
    page.keyboard.press("ArrowRight")
    assert _holds_focus(rows.first.locator("td").nth(1))
    page.keyboard.press("ArrowDown")
    assert _holds_focus(rows.nth(1).locator("td").nth(1))
    page.keyboard.press("Home")
    expect(rows.nth(1).locator("th a")).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(rows.first.locator("th a")).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(page.locator("#matrix thead th").first).to_be_focused()
    page.keyboard.press("Control+End")
    assert _holds_focus(rows.last.locator("td").last)
    # The tab stop moved with the arrows: leaving and coming back lands on the same cell.
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")
    assert _holds_focus(rows.last.locator("td").last)


def test_enter_opens_the_quotes_and_moves_focus_in_and_esc_closes_and_returns(app):
    page = app.goto("/")
    cell = page.locator('#matrix a.cell-link[data-cell="bonny-lin:ukraine"]')
    cell.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#panel")).to_contain_text("Bonny Lin on Ukraine")
    expect(page.locator("#panel-title")).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator("#panel blockquote")).to_have_count(0)
    expect(cell).to_be_focused()
    assert "cell=" not in page.url


def test_esc_closes_a_panel_opened_from_a_shared_link_and_focuses_its_cell(app):
    page = app.goto("/?cell=bonny-lin:ukraine")
    expect(page.locator("#panel")).to_contain_text("Bonny Lin on Ukraine")
    page.locator("#panel-title").focus()
    page.keyboard.press("Escape")
    expect(page.locator("#panel blockquote")).to_have_count(0)
    expect(page.locator('#matrix a.cell-link[data-cell="bonny-lin:ukraine"]')).to_be_focused()
    assert "cell=" not in page.url
