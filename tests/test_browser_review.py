"""Review in a real browser: an editor's edit waits beside the published stance, a reviewer
accepts two changes at once from the queue with their diffs in view, viewers then see them."""

import os
from pathlib import Path

import pytest
from django.urls import reverse

from corpus.models import PendingChange, Stance
from tests.factories import UserFactory

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("VANTAGE_SCREENSHOTS", "/tmp")) / "vantage-review"


def _edit_summary(page, row_id, text):
    page.locator(row_id).get_by_role("link", name="Edit").click()
    form = page.locator(f"{row_id}.record-edit")
    form.wait_for()
    form.get_by_label("Summary").fill(text)
    form.get_by_role("button", name="Save changes").click()
    page.locator(f"article{row_id} .badge.pending").wait_for()


def test_a_reviewer_accepts_two_pending_changes_at_once_and_viewers_see_them_then(app):
    first, second = Stance.objects.published().filter(issue__slug="ukraine").order_by("pk")[:2]
    old = {first.pk: first.summary, second.pk: second.summary}
    new = {first.pk: "Beijing quietly hedges its bets.", second.pk: "China keeps its distance."}

    app.login_as(UserFactory(username="review-editor", role="editor"))
    page = app.goto(reverse("issue", args=["ukraine"]))
    for stance in (first, second):
        _edit_summary(page, f"#record-stance-{stance.pk}", new[stance.pk])
    assert PendingChange.objects.filter(kind="edit", state="open").count() == 2

    # A viewer still reads the published words.
    app.login_as(UserFactory(username="review-viewer", role="viewer"))
    page = app.goto(reverse("issue", args=["ukraine"]))
    text = page.locator("main").inner_text()
    assert old[first.pk] in text and new[first.pk] not in text

    # The reviewer sees both diffs and accepts them together.
    app.login_as(UserFactory(username="review-reviewer", role="reviewer"))
    page = app.goto(reverse("review"))
    items = page.locator(".review-item.kind-edit")
    assert items.count() == 2
    for stance in (first, second):
        item = items.filter(has_text=new[stance.pk])
        assert item.locator(".review-diff ins").count() >= 1
        assert item.locator(".review-context mark").inner_text() == stance.quote
        item.get_by_role("checkbox").check()
    page.screenshot(path=f"{SHOTS}-queue.png", full_page=True)
    page.get_by_role("button", name="Accept selected").click()
    page.get_by_text("Accepted 2 changes.").wait_for()

    app.login_as(UserFactory(username="review-viewer-2", role="viewer"))
    page = app.goto(reverse("issue", args=["ukraine"]))
    text = page.locator("main").inner_text()
    assert new[first.pk] in text and new[second.pk] in text
