"""Habits of the browser tests that a passing run does not show."""

import re
from pathlib import Path

TESTS = Path(__file__).parent
# wait_for_function( then a string literal (possibly on the next line or split over lines).
WAIT = re.compile(r"wait_for_function\(\s*f?([\"'])(.*?)\1", re.S)


def bare_expression_waits(source: str) -> list[str]:
    """The wait_for_function() predicates in source that are not arrow functions."""
    return [m.group(2) for m in WAIT.finditer(source) if not m.group(2).lstrip().startswith("()")]


def test_the_finder_flags_a_bare_expression():
    source = "page.wait_for_function(\"document.body.dataset.ready === '1'\")"
    assert bare_expression_waits(source) == ["document.body.dataset.ready === '1'"]


def test_the_finder_accepts_an_arrow_function_on_the_next_line():
    assert bare_expression_waits('page.wait_for_function(\n    f"() => {CHART}"\n)') == []


def test_every_wait_for_function_is_given_an_arrow_function():
    # A bare expression is eval()ed on each poll, which the CSP refuses: the wait then
    # fails only when the condition is not already true, i.e. at random.
    offenders = {
        path.name: found
        for path in TESTS.glob("test_browser_*.py")
        if (found := bare_expression_waits(path.read_text()))
    }
    assert offenders == {}
