"""In a real browser: an editor's edit of an expert waits for review; a reviewer accepts it
from the queue's "Experts and organisations" section and the expert page shows it then."""

import os
from pathlib import Path

import pytest
from django.urls import reverse

from corpus.models import Expert, PeopleChange
from tests.factories import UserFactory

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("VANTAGE_SCREENSHOTS", "/tmp")) / "vantage-people-review"


def test_an_editors_edit_of_an_expert_is_accepted_by_a_reviewer(app):
    bonny = Expert.objects.get(slug="bonny-lin")
    new_role = "Senior Fellow and Director, China Power Project"

    app.login_as(UserFactory(username="people-editor", role="editor"))
    page = app.goto(reverse("expert-edit", args=[bonny.slug]))
    page.get_by_label("Title or position").fill(new_role)
    page.get_by_label("Aliases").fill("Bonny\nB. Lin")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Saved as a pending change to Bonny Lin").wait_for()
    bonny.refresh_from_db()
    assert bonny.role != new_role
    assert PeopleChange.objects.filter(expert=bonny, state="open").exists()

    app.login_as(UserFactory(username="people-reviewer", role="reviewer"))
    page = app.goto(reverse("review"))
    item = page.locator("#people-changes ~ article.review-item").filter(has_text="Bonny Lin")
    assert item.locator("ins", has_text=new_role).count() == 1
    assert item.locator("ins", has_text="B. Lin").count() == 1
    page.screenshot(path=f"{SHOTS}-queue.png", full_page=True)
    item.get_by_role("button", name="Accept").click()
    page.get_by_text("Accepted: Bonny Lin changed.").wait_for()

    page = app.goto(bonny.get_absolute_url())
    assert new_role in page.locator("main").inner_text()
    bonny.refresh_from_db()
    assert set(bonny.aliases.values_list("name", flat=True)) == {"Bonny", "B. Lin"}
