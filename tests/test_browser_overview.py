"""The overview in Chromium: filter by issue (URL changes, back restores), open a cell's quotes."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_filtering_to_one_issue_swaps_the_matrix_and_the_url_then_back_restores(app):
    page = app.goto("/")
    headers = page.locator("table.matrix thead th")
    expect(headers).to_have_count(6)
    page.get_by_role("checkbox", name="Ukraine").check()
    expect(page).to_have_url(re.compile(r"issues=ukraine"))
    expect(headers).to_have_count(2)
    expect(page.locator("table.matrix thead")).to_contain_text("Ukraine")
    page.go_back()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("table.matrix thead th")).to_have_count(6)


def test_a_cell_opens_its_quotes_in_the_side_panel(app):
    page = app.goto("/?issues=ukraine")
    row = page.locator("table.matrix tbody tr", has_text="Bonny Lin")
    row.locator("a.cell-link").first.click()
    panel = page.locator("#panel")
    expect(panel).to_contain_text("Bonny Lin on Ukraine")
    expect(panel.locator("blockquote").first).to_be_visible()
    expect(page).to_have_url(re.compile(r"cell=bonny-lin:ukraine"))
    page.reload()
    expect(page.locator("#panel")).to_contain_text("Bonny Lin on Ukraine")


def test_cell_label_shows_on_keyboard_focus(app):
    page = app.goto("/")
    cell = page.locator("a.cell-link").first
    cell.focus()
    expect(cell.locator(".cell-label")).to_be_visible()


def test_a_split_cell_says_split_and_lists_each_statement(app):
    # In the seeds MERICS stated +1, +1 and −1 on alignment in the same month.
    page = app.goto("/?issues=alignment")
    cell = page.locator("table.matrix tbody tr", has_text="MERICS").locator("a.cell-link")
    expect(cell).to_have_class(re.compile(r"\bsplit\b"))
    expect(cell).to_contain_text("−1 / +1 (3 statements)")
    cell.click()
    expect(page.locator("#panel .panel-stance")).to_have_count(3)


def test_every_cell_shows_its_words_and_each_heading_its_poles_without_hover(app):
    page = app.goto("/?issues=alignment")
    cell = page.locator("table.matrix tbody tr", has_text="Bonny Lin").locator("a.cell-link")
    expect(cell.locator(".cell-label")).to_be_visible()
    expect(cell).to_contain_text("a deep strategic partnership")
    heading = page.locator("table.matrix thead th").nth(1)
    expect(heading).to_contain_text("marriage of convenience")
    expect(heading).to_contain_text("alliance in all but name")
    expect(page.locator("#legend")).to_contain_text("split")
