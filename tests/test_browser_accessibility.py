"""axe-core over every page, as each role sees it: no serious or critical violation."""

import pytest

from tests.accessibility import axe_violations
from tests.factories import UserFactory
from tests.pages_to_check import make_deck, reviewer_paths, signed_out_paths, viewer_paths

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


def test_no_page_a_viewer_sees_on_a_phone_has_a_serious_or_critical_axe_violation(app):
    app.page.set_viewport_size({"width": 390, "height": 844})
    found = _pages_violations(app, viewer_paths(make_deck()))
    assert not found, "\n".join(found)


def test_no_page_an_editor_or_reviewer_sees_has_a_serious_or_critical_axe_violation(app):
    app.login_as(UserFactory(username="browser-reviewer", role="reviewer"))
    found = _pages_violations(app, reviewer_paths())
    assert not found, "\n".join(found)


def test_the_sign_in_page_has_no_serious_or_critical_axe_violation(app):
    app.page.context.clear_cookies()
    found = _pages_violations(app, signed_out_paths())
    assert not found, "\n".join(found)
