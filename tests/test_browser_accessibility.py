"""axe-core over every page, as each role sees it: no serious or critical violation."""

import re

import pytest
from django.urls import reverse

from tests.accessibility import axe_violations
from tests.factories import UserFactory
from tests.pages_to_check import (
    make_deck,
    make_editing_state,
    reviewer_paths,
    signed_out_paths,
    viewer_error_paths,
    viewer_paths,
)
from tests.test_marks_contrast import contrast

pytestmark = pytest.mark.browser


def _pages_violations(app, paths) -> list[str]:
    found = []
    for path in paths:
        page = app.goto(path)
        page.wait_for_load_state("load")
        found += [f"{path}: {line}" for line in axe_violations(page)]
    return found


def test_the_check_reports_what_axe_finds(app):
    page = app.goto("/method/")
    page.evaluate("document.querySelector('main').append(document.createElement('img'))")
    assert any(line.startswith("image-alt (critical)") for line in axe_violations(page))


def test_no_page_a_viewer_sees_has_a_serious_or_critical_axe_violation(app):
    found = _pages_violations(app, viewer_paths(make_deck()))
    assert not found, "\n".join(found)


def test_no_error_page_a_viewer_meets_has_a_serious_or_critical_axe_violation(
    app, console_problems
):
    found = _pages_violations(app, [path for path, _status in viewer_error_paths()])
    assert not found, "\n".join(found)
    # The browser logs each error status it was answered with; those are what was asked for.
    assert all("Failed to load resource" in line for line in console_problems), console_problems
    console_problems.clear()


def test_no_page_a_viewer_sees_on_a_phone_has_a_serious_or_critical_axe_violation(app):
    app.page.set_viewport_size({"width": 390, "height": 844})
    found = _pages_violations(app, viewer_paths(make_deck()))
    assert not found, "\n".join(found)


def test_no_page_an_editor_or_reviewer_sees_has_a_serious_or_critical_axe_violation(app):
    reviewer = UserFactory(username="browser-reviewer", role="reviewer")
    state = make_editing_state(UserFactory(username="browser-editor", role="editor"), reviewer)
    app.login_as(reviewer)
    found = _pages_violations(app, reviewer_paths(make_deck(owner=reviewer), state))
    assert not found, "\n".join(found)


def test_no_signed_out_page_has_a_serious_or_critical_axe_violation(app):
    deck = make_deck()
    app.page.context.clear_cookies()
    found = _pages_violations(app, signed_out_paths(deck))
    assert not found, "\n".join(found)


def _rgb_to_hex(rgb: str) -> str:
    return "#" + "".join(f"{round(float(c)):02x}" for c in re.findall(r"[\d.]+", rgb)[:3])


def test_the_slide_controls_stand_four_and_a_half_to_one_while_faded(app):
    # axe leaves these out of its contrast check, so the faded colours are worked out here:
    # the controls and their text over the white stage, at the opacity of the whole group.
    page = app.goto(reverse("present-overview"))
    controls = page.evaluate(
        """() => [...document.querySelectorAll('.slide-controls .control')].map((el) => {
          let opacity = 1;
          for (let e = el; e; e = e.parentElement) opacity *= Number(getComputedStyle(e).opacity);
          const style = getComputedStyle(el);
          return [el.textContent.trim(), style.color, style.backgroundColor, opacity];
        })"""
    )
    assert controls
    for text, colour, background, opacity in controls:
        faded = [_over_white(_rgb_to_hex(c), opacity) for c in (colour, background)]
        assert contrast(*faded) >= 4.5, (text, faded)


def _over_white(hex_colour: str, opacity: float) -> str:
    channels = [int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c * opacity + 255 * (1 - opacity)):02x}" for c in channels)
