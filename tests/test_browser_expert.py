"""An expert page in a real browser: their timeline across issues is drawn, with its table."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.browser

CHART = "Chart.getChart(document.querySelector('canvas#expert-timeline'))"


def test_expert_timeline_has_a_series_per_issue_with_drawn_points(app):
    page = app.goto(reverse("expert", args=["sergey-radchenko"]))
    page.wait_for_function(f"() => window.Chart && {CHART}")
    series = page.evaluate(
        f"""() => {{
          const chart = {CHART};
          return chart.data.datasets.map((dataset, i) => ({{
            label: dataset.label,
            drawn: chart.getDatasetMeta(i).data.filter((el) => Number.isFinite(el.x)).length,
          }}));
        }}"""
    )
    assert [s["label"] for s in series] == [
        "Overall alignment",
        "Ukraine",
        "Taiwan",
        "Central Asia",
    ]
    assert sum(s["drawn"] for s in series) == 5
    assert page.locator("#expert-timeline-table tbody tr").count() == 5


def test_expert_page_lists_stances_and_assessments(app):
    page = app.goto(reverse("expert", args=["merics"]))
    assert page.locator("h1").inner_text() == "MERICS"
    assert "Germany" in page.locator(".profile").inner_text()
    assert page.locator("section:has(#h-stances) li.stance").count() == 5
    assert page.locator("section:has(#h-assessments) li.record .lik").count() == 3


def _x_ticks(page) -> list[str]:
    page.wait_for_function(f"() => window.Chart && {CHART}")
    return page.evaluate(f"() => {CHART}.scales.x.ticks.map((tick) => tick.label)")


def test_a_year_only_date_is_drawn_on_a_year_axis(app):
    # Aleksandr Lukin's one stance is dated 2016 only: no April–October month ticks around it.
    assert _x_ticks(app.goto(reverse("expert", args=["aleksandr-lukin"]))) == ["2016", "2017"]


def test_month_dates_keep_month_ticks_across_whole_years(app):
    ticks = _x_ticks(app.goto(reverse("expert", args=["bonny-lin"])))
    assert ticks[0] == "Jan 2022" and ticks[-1] == "Jan 2023", ticks
