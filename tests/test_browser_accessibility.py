"""axe-core over every page, as each role sees it: no serious or critical violation."""

import pytest

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
