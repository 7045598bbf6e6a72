"""axe-core in the browser tests: the vendored engine is put into the page by the test alone.

`page.evaluate` runs the script through the DevTools protocol, so the pages' strict CSP
(script-src 'self') stays as it is and no user's page ever loads axe.
"""

from pathlib import Path

from django.conf import settings

AXE = Path(settings.BASE_DIR) / "static" / "vendor" / "axe-core-4.14.1.min.js"
BLOCKING = ("serious", "critical")


def axe_violations(page, impacts=BLOCKING) -> list[str]:
    """axe-core's violations of the given impacts on the page as it stands, one line each:
    rule, impact, and the first few offending elements with axe's own summary."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    results = page.evaluate(
        "axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map(v => ({"
        "id: v.id, impact: v.impact, help: v.help,"
        "nodes: v.nodes.slice(0, 4).map(n => n.target.join(' ') + ' — ' + n.failureSummary)"
        "})))"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(v["nodes"])
        for v in results
        if v["impact"] in impacts
    ]
