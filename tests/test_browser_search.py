"""Search in a real browser: type "Crimea", see ranked hits swap in, open one in the reader."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_searching_crimea_and_opening_a_hit_lands_on_its_passage(app):
    page = app.goto(reverse("search"))
    page.evaluate("window.stillTheSamePage = true")
    page.get_by_label("Words or a phrase, in any source").fill("Crimea")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"/search/\?q=Crimea$"))
    expect(page.locator(".result-count")).to_contain_text("passages match “Crimea”")
    assert page.evaluate("window.stillTheSamePage") is True, "HTMX swapped, no page load"
    first = page.locator(".hit").first
    expect(first.locator(".snippet mark").first).to_have_text("Crimea")
    href = first.locator(".hit-source a").get_attribute("href")
    passage = href.split("#")[1]
    first.locator(".hit-source a").click()
    expect(page).to_have_url(re.compile(rf"/sources/\d+/#{passage}$"))
    target = page.locator(f"#{passage}")
    expect(target).to_contain_text("Crimea")
    expect(target).to_be_in_viewport()
    assert page.evaluate(f"document.querySelector('#{passage}').matches(':target')")


def test_typing_searches_as_you_go_and_back_restores_the_previous_query(app):
    page = app.goto(reverse("search") + "?q=Taiwan")
    expect(page.locator(".result-count")).to_contain_text("“Taiwan”")
    page.get_by_label("Words or a phrase, in any source").fill("Crimea")
    expect(page).to_have_url(re.compile(r"\?q=Crimea$"))
    expect(page.locator(".result-count")).to_contain_text("“Crimea”")
    expect(page).to_have_title(re.compile("Crimea"))
    page.go_back()
    expect(page).to_have_url(re.compile(r"\?q=Taiwan$"))
    expect(page.locator(".result-count")).to_contain_text("“Taiwan”")


def test_hostile_input_shows_a_message_not_an_error(app):
    page = app.goto(reverse("search") + "?q=%22%29%3B+NEAR%28")
    expect(page.locator("#search-results")).to_contain_text("NEAR(")
