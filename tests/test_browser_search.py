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


def test_alliance_finds_every_kind_and_the_facets_narrow_it(app):
    page = app.goto(reverse("search") + "?q=alliance")
    results = page.locator("#search-results")
    expect(results.locator(".kind-scenarios")).to_contain_text("Formal alliance")
    expect(results.locator(".kind-stances .record-hit").first).to_be_visible()
    expect(results.locator(".quoted-by").first).to_contain_text("Quoted in")
    where = re.compile(r"paragraph \d+ of \d+")
    expect(results.locator(".hit .hit-meta").first).to_contain_text(where)
    page.screenshot(path="/tmp/vantage-shots-search-alliance.png", full_page=True, caret="initial")
    hits = results.locator(".hit").count()
    page.locator(".search-facets summary").click()
    page.get_by_label("Source kind").select_option("transcript")
    expect(page).to_have_url(re.compile(r"\?q=alliance&kind=transcript$"))
    expect(results.locator(".chip", has_text="Source kind: Transcript")).to_be_visible()
    expect(results.locator(".left-out")).to_contain_text("Scenarios")
    expect(results.locator(".kind-scenarios")).to_have_count(0)
    narrowed = results.locator(".hit")
    expect(narrowed.first).to_be_visible()
    assert narrowed.count() < hits
    for meta in narrowed.locator(".hit-meta").all_inner_texts():
        assert "Transcript" in meta
    page.screenshot(path="/tmp/vantage-shots-search-facets.png", full_page=True, caret="initial")
    results.locator(".chip", has_text="Source kind: Transcript").click()
    expect(page).to_have_url(re.compile(r"\?q=alliance$"))
    expect(results.locator(".kind-scenarios")).to_contain_text("Formal alliance")


def test_only_this_expert_narrows_to_their_passages_and_stances(app):
    page = app.goto(reverse("search") + "?q=alliance")
    first = (
        page.locator(".hit")
        .filter(has=page.locator(".narrow-links a", has_text="only this expert"))
        .first
    )
    name = first.locator(".hit-meta a").first.inner_text()
    first.locator(".narrow-links a", has_text="only this expert").click()
    expect(page).to_have_url(re.compile(r"experts=[-a-z0-9]+"))
    expect(page.locator(".chip", has_text=f"Expert: {name}")).to_be_visible()
    for meta in page.locator(".hit .hit-meta").all_inner_texts():
        assert name in meta
