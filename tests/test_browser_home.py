"""The record page in a real browser: the seed corpus is there and nothing breaks the CSP."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.browser


def test_record_page_shows_the_seed_corpus(app):
    page = app.goto(reverse("home"))
    assert page.locator(".counts").inner_text().count("\n") >= 5
    assert "5\nsources" in page.locator(".counts").inner_text()
    assert page.get_by_text("Sergey Radchenko").count() >= 1
