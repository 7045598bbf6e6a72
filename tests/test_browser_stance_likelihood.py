"""Stance × likelihood in Chromium: pick the issue to group by, follow a figure to its quote."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_choosing_an_issue_regroups_the_experts_and_a_figure_leads_to_its_quote(app):
    page = app.goto("/scenarios/formal-alliance/")
    page.get_by_label("Group experts by their latest position on").select_option("ukraine")
    page.get_by_role("button", name="Group").click()
    expect(page).to_have_url(re.compile(r"by=ukraine"))
    expect(page.locator(".by-stance")).to_contain_text("benevolent neutrality")
    app.goto("/scenarios/formal-alliance/?by=alignment")
    group = page.locator("#group--1")
    expect(group).to_contain_text("2 of 5")
    group.locator("li", has_text="Jingdong Yuan").get_by_text("Both quotes").click()
    expect(group.locator("li", has_text="Jingdong Yuan").locator("blockquote")).to_have_count(2)
