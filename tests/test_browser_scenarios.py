"""The scenario board and a scenario page in a real browser, on the seed corpus."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_the_board_shows_likelihoods_in_words(app):
    page = app.goto(reverse("scenarios"))
    cells = page.locator("table.board td .lik-words")
    words = set(cells.all_inner_texts())
    assert {"very unlikely", "unlikely", "likely"} <= words
    row = page.locator("tr#scenario-junior-partner")
    expect(row.locator("th")).to_contain_text("Russia as junior partner")
    expect(row.locator("td").first).to_contain_text("likely")


def test_a_scenario_page_draws_its_assessments(app):
    page = app.goto(reverse("scenario", args=["formal-alliance"]))
    page.wait_for_function("() => window.Chart && Chart.getChart('scenario-chart')")
    drawn = page.evaluate(
        """() => {
          const chart = Chart.getChart('scenario-chart');
          return chart.data.datasets.map((set, i) => ({
            label: set.label,
            points: chart.getDatasetMeta(i).data
              .filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y)).length,
            first: set.data[0],
          }));
        }"""
    )
    assert len(drawn) == 5
    assert all(series["points"] == 1 for series in drawn)
    yuan = next(s for s in drawn if s["label"] == "Jingdong Yuan")
    assert yuan["first"]["x"] == "2016-07-01"
    assert yuan["first"]["when"] == "2016"
    expect(page.locator("#scenario-chart-table tbody tr")).to_have_count(5)
    expect(page.locator("#scenario-chart-table")).to_contain_text("2016")
