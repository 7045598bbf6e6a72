"""Compare in a real browser, on the seed corpus: a marked disagreement, and the HTMX picker."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# In the seed corpus Bonny Lin (+1) and MERICS (−1) stand two points apart on Ukraine.
THREE = "bonny-lin,maria-repnikova,merics"


def test_three_experts_show_a_marked_disagreement(app):
    page = app.goto(f"{reverse('compare')}?experts={THREE}")
    expect(page.locator(".issue-table thead .expert-name")).to_have_text(
        ["Bonny Lin", "Maria Repnikova", "MERICS"]
    )
    row = page.locator("tr#issue-ukraine")
    expect(row).to_have_class(re.compile(r"\bdisagrees\b"))
    expect(row.locator(".disagreement-tag")).to_have_text("⚠ Disagreement: 2 points")
    expect(row.locator(".between")).to_contain_text("MERICS at −1")


def test_the_picker_adds_an_expert_by_alias_and_back_undoes_it(app):
    page = app.goto(f"{reverse('compare')}?experts=bonny-lin,maria-repnikova")
    page.get_by_label("Add an expert").press_sequentially("Sergey", delay=20)
    match = page.locator("#picker-results a", has_text="Sergey Radchenko")
    expect(match).to_be_visible()
    page.evaluate("window.stillTheSamePage = true")
    match.click()
    expect(page).to_have_url(re.compile(r"experts=bonny-lin,maria-repnikova,sergey-radchenko$"))
    expect(page.locator(".issue-table thead .expert-name")).to_have_count(3)
    expect(page).to_have_title(re.compile("Sergey Radchenko"))
    assert page.evaluate("window.stillTheSamePage") is True, "HTMX swapped, no page load"
    page.go_back()
    expect(page).to_have_url(re.compile(r"experts=bonny-lin,maria-repnikova$"))
    expect(page.locator(".issue-table thead .expert-name")).to_have_text(
        ["Bonny Lin", "Maria Repnikova"]
    )


def test_removing_an_expert_swaps_the_comparison(app):
    page = app.goto(f"{reverse('compare')}?experts={THREE}")
    page.get_by_role("link", name="Remove MERICS").click()
    expect(page).to_have_url(re.compile(r"experts=bonny-lin,maria-repnikova$"))
    expect(page.locator(".issue-table thead .expert-name")).to_have_count(2)


def test_the_picker_lists_experts_by_country_and_organisation_to_browse(app):
    page = app.goto(f"{reverse('compare')}?experts=bonny-lin")
    browse = page.locator("#browse")
    browse.locator("summary").click()
    expect(browse.locator(".browse-country h3", has_text="Netherlands")).to_be_visible()
    page.evaluate("window.stillTheSamePage = true")
    browse.locator("a.browse-organisation", has_text="LeidenAsiaCentre").click()
    expect(page).to_have_url(re.compile(r"organisation=LeidenAsiaCentre"))
    opened = page.locator("#browse li.opened")
    expect(opened.locator(".browse-experts a", has_text="Richard Ghiasy")).to_be_visible()
    page.screenshot(path="/tmp/vantage-shots-compare-browse.png", full_page=True, caret="initial")
    opened.locator(".browse-experts a", has_text="Richard Ghiasy").click()
    expect(page).to_have_url(re.compile(r"experts=bonny-lin,richard-ghiasy$"))
    expect(page.locator(".issue-table thead .expert-name")).to_have_text(
        ["Bonny Lin", "Richard Ghiasy"]
    )
    assert page.evaluate("window.stillTheSamePage") is True, "HTMX swapped, no page load"
