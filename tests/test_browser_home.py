"""The record page in a real browser: the seed corpus is there and nothing breaks the CSP."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.browser


def test_record_page_shows_the_seed_corpus(app):
    page = app.goto(reverse("home"))
    assert page.locator(".counts").inner_text().count("\n") >= 5
    assert "5\nsources" in page.locator(".counts").inner_text()
    assert page.get_by_text("Sergey Radchenko").count() >= 1


LINKS = ("Overview", "Compare", "Scenarios", "Record", "Present", "Add source", "Review")


def test_an_editors_header_wraps_within_a_390px_screen(app):
    app.login_as(UserFactory(username="narrow-editor", role="editor"))
    app.page.set_viewport_size({"width": 390, "height": 800})
    page = app.goto(reverse("issue", args=["ukraine"]))
    header = page.locator(".site-header")
    controls = [header.get_by_role("link", name=name, exact=True) for name in LINKS]
    for control in [*controls, header.get_by_role("button", name="Sign out")]:
        box = control.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
