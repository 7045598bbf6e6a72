"""Intake in a real browser: a PDF transcript in, the proposal changed in one row and
confirmed, two stances from the coding queue, published, on the overview."""

import os
import re
from pathlib import Path

import pytest
from django.urls import reverse

from corpus.models import Expert, Stance
from tests.factories import UserFactory
from tests.intake import render
from tests.intake.documents import COLON_PANEL

pytestmark = pytest.mark.browser
_QUEUE = re.compile(r"^[^?]+/sources/\d+/to-code/$")


def _record_stance(page, opening: str, position_label: str, summary: str):
    row = page.locator(".coding-row", has_text=opening)
    row.get_by_role("link", name="Stance on Overall alignment").click()
    page.get_by_label(position_label).check()
    page.get_by_label("Summary").fill(summary)
    page.get_by_role("button", name="Save draft").click()
    # The form saves in place (htmx) and shows the new draft's row.
    page.locator(".record-row .badge", has_text="draft").wait_for()
    page.go_back()
    page.reload()
    page.wait_for_url(_QUEUE)


def test_an_editor_adds_a_pdf_transcript_and_its_stances_reach_the_overview(app, tmp_path):
    if not render.CHROMIUM.exists():
        pytest.skip("Chromium is needed to print the PDF")
    pdf = render.write_pdf(COLON_PANEL, tmp_path)
    editor = UserFactory(username="intake-editor", role="editor")
    reviewer = UserFactory(username="intake-reviewer", role="reviewer")
    app.login_as(editor)

    page = app.goto(reverse("source-new"))
    page.get_by_label("Title").fill("The Arctic and the Steppe")
    page.get_by_label("Publisher").fill("Lindqvist Forum")
    page.get_by_label("Kind").select_option("transcript")
    page.get_by_label("Published").fill("2025-02")
    page.get_by_label("…or upload a file").set_input_files(str(pdf))
    page.get_by_role("button", name="Add the source").click()
    page.wait_for_url("**/sources/pending/*/")

    # The proposal: panellists as new experts from the participants list, the chair no views.
    orlowski = page.locator("tr[data-label='ORLOWSKI']")
    assert "New: Tomasz Orlowski" in orlowski.inner_text()
    assert "Holds no views" in page.locator("tr[data-label='MARSH']").inner_text()
    shots = Path(os.environ.get("VANTAGE_SCREENSHOTS", tmp_path))
    page.screenshot(path=str(shots / "proposal.png"), full_page=True)

    # Change one row: the new expert's organisation gets its full name.
    okafor = page.locator("tr[data-label='OKAFOR']")
    okafor.get_by_label("New organisation").fill("Gulf of Guinea Policy Centre (Lagos)")
    page.get_by_role("button", name="Confirm and add the source").click()
    page.wait_for_url(_QUEUE)
    amara = Expert.objects.get(name="Amara Okafor")
    assert amara.organisation.name == "Gulf of Guinea Policy Centre (Lagos)"

    # Two stances from the coding queue.
    _record_stance(
        page,
        "Frankly it is an alliance",
        "+2 · alliance in all but name",
        "An alliance in all but name.",
    )
    _record_stance(
        page,
        "Respectfully I disagree",
        "−2 · marriage of convenience, likely to fray",
        "A marriage of convenience.",
    )
    drafts = Stance.objects.filter(source__title="The Arctic and the Steppe")
    assert sorted(drafts.values_list("expert__name", "status")) == [
        ("Amara Okafor", "draft"),
        ("Tomasz Orlowski", "draft"),
    ]

    # A reviewer publishes both; they appear on the overview.
    app.login_as(reviewer)
    page = app.goto(reverse("review"))
    for stance in drafts:
        queued = page.locator(f"#record-stance-{stance.pk}")
        queued.get_by_role("button", name="Publish").click()
        page.locator(f"#record-stance-{stance.pk} .badge.published").wait_for()
    page = app.goto(reverse("overview"))
    matrix = page.locator("main").inner_text()
    assert "Tomasz Orlowski" in matrix and "Amara Okafor" in matrix
