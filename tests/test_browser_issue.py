"""The Ukraine issue page in a real browser: a drawn timeline, its table, filters, history."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

CHART = "Chart.getChart(document.querySelector('canvas#issue-timeline'))"
TABLE_ROWS = "#issue-timeline-table tbody tr"


def _open_ukraine(app, query=""):
    page = app.goto(reverse("issue", args=["ukraine"]) + query)
    page.wait_for_function(f"() => window.Chart && {CHART}")
    return page


def _drawn_points(page) -> list[dict]:
    """Every stance point Chart.js laid out: its pixel position, its series and its data."""
    return page.evaluate(
        f"""() => {{
          const chart = {CHART};
          return chart.data.datasets.flatMap((dataset, i) => dataset.kind !== "series" ? [] :
            chart.getDatasetMeta(i).data.map((element, j) => ({{
              series: dataset.label, px: element.x, py: element.y, ...dataset.data[j],
            }})));
        }}"""
    )


def _hover(page, point) -> list[str]:
    """Move the mouse onto a drawn point; the tooltip's lines."""
    box = page.locator("canvas#issue-timeline").bounding_box()
    page.mouse.move(box["x"] + point["px"], box["y"] + point["py"])
    page.wait_for_function(f"() => {CHART}.tooltip.getActiveElements().length > 0")
    return page.evaluate(f"() => {CHART}.tooltip.body.flatMap((b) => b.lines)")


def test_timeline_draws_a_point_for_every_published_stance(app):
    page = _open_ukraine(app)
    points = _drawn_points(page)
    left, right, top, bottom = page.evaluate(
        f"() => {{ const a = {CHART}.chartArea; return [a.left, a.right, a.top, a.bottom]; }}"
    )
    # 8 curated stances and 1 from the seed coding pass (corpus/data/coding/).
    assert len(points) == 9
    assert all(left <= p["px"] <= right and top <= p["py"] <= bottom for p in points)
    assert {p["series"] for p in points} >= {"Sergey Radchenko", "MERICS", "Feng Shuai"}
    assert page.locator(TABLE_ROWS).count() == len(points)


def test_each_expert_has_its_own_colour_and_point_shape(app):
    page = _open_ukraine(app)
    styles = page.evaluate(
        f"""() => {CHART}.data.datasets.filter((d) => d.kind === "series")
              .map((d) => [d.label, d.borderColor, d.pointStyle])"""
    )
    assert len(styles) == 7
    # Marks belong to experts, not to positions in a legend: no two alike on one chart...
    assert len({(colour, shape) for _, colour, shape in styles}) == len(styles)
    # ...and the same expert is drawn alike on the slide of the same issue.
    page.goto(page.url.replace("/issues/", "/present/issues/"))
    page.wait_for_function("() => document.body.dataset.ready === '1'")
    on_slide = page.evaluate(
        """() => Chart.getChart(document.querySelector("canvas[data-chart]")).data.datasets
              .filter((d) => d.pointStyle).map((d) => [d.label, d.borderColor, d.pointStyle])"""
    )
    assert {s[0]: s for s in on_slide if s[0] in {x[0] for x in styles}} == {
        s[0]: s for s in styles
    }


def test_y_axis_carries_the_scale_labels(app):
    page = _open_ukraine(app)
    ticks = page.evaluate(f"() => {CHART}.scales.y.ticks.map((t) => t.label.join(' '))")
    assert ticks[0].startswith("−2 distances itself")
    assert ticks[2] == "0 benevolent neutrality"
    assert page.evaluate(f"() => {CHART}.scales.x.type") == "time"


def test_a_year_only_stance_sits_mid_year_and_its_tooltip_says_the_year(app):
    page = _open_ukraine(app)
    [feng] = [p for p in _drawn_points(page) if p["series"] == "Feng Shuai"]
    assert (feng["x"], feng["date"]) == ("2014-07-01", "2014")
    lines = _hover(page, feng)
    assert lines[0] == "Feng Shuai · 2014"
    assert lines[1] == "+1: leans towards Moscow"
    assert any(line.startswith("“Crimea") for line in lines)


def test_clicking_a_mark_opens_its_stance(app):
    page = _open_ukraine(app)
    [feng] = [p for p in _drawn_points(page) if p["series"] == "Feng Shuai"]
    # The reader is another page's business: answer the stance URL here, and see it asked.
    page.route("**/stances/*/", lambda route: route.fulfill(body="the stance", status=200))
    box = page.locator("canvas#issue-timeline").bounding_box()
    page.mouse.click(box["x"] + feng["px"], box["y"] + feng["py"])
    page.wait_for_url(f"**{feng['url']}")


def test_spread_band_covers_each_year(app):
    page = _open_ukraine(app)
    band = page.evaluate(
        f"""() => {CHART}.data.datasets.filter((d) => d.kind === "band")
              .map((d) => d.data.filter((p) => p.y !== null).map((p) => [p.x, p.y]))"""
    )
    top, bottom = band
    assert ["2016-01-01", 1] in top and ["2016-12-31", 1] in top
    assert ["2016-01-01", -1] in bottom
    assert page.locator("section.spread tbody tr").count() == 4


def test_a_filter_swaps_the_fragment_and_pushes_the_url(app):
    page = _open_ukraine(app)
    page.evaluate("() => { window.stillThisPage = true; }")
    page.select_option("#f-perspective", "Germany")
    page.wait_for_url(re.compile(r"perspective=Germany"))
    page.wait_for_function(
        f"() => document.querySelectorAll('{TABLE_ROWS}').length === 1 && {CHART}"
    )
    assert page.evaluate("() => window.stillThisPage") is True  # swapped, not reloaded
    assert [p["series"] for p in _drawn_points(page)] == ["MERICS"]
    assert "1 published stance by 1 expert" in page.locator(".result-summary").inner_text()


def test_as_of_date_narrows_the_timeline(app):
    page = _open_ukraine(app)
    page.fill("#f-as-of", "2016-12-31")
    page.wait_for_url(re.compile(r"as_of=2016-12-31"))
    page.wait_for_function(
        f"() => document.querySelectorAll('{TABLE_ROWS}').length === 3 && {CHART}"
    )
    assert sorted(p["date"] for p in _drawn_points(page)) == ["2014", "2016", "2016"]


def test_back_button_restores_the_unfiltered_timeline(app):
    page = _open_ukraine(app)
    page.select_option("#f-perspective", "China")
    page.wait_for_url(re.compile(r"perspective=China"))
    page.wait_for_function(f"() => document.querySelectorAll('{TABLE_ROWS}').length === 1")
    page.go_back()
    page.wait_for_function(f"() => document.querySelectorAll('{TABLE_ROWS}').length === 9")
    page.wait_for_function(f"() => {CHART} && {CHART}.data.datasets.length > 7")
    assert "perspective" not in page.url
    assert len(_drawn_points(page)) == 9
    assert page.locator("#f-perspective").input_value() == ""


def test_a_direct_load_of_a_filtered_url_shows_the_filtered_page(app):
    page = _open_ukraine(app, "?perspective=China")
    assert page.locator("h1").inner_text() == "Ukraine"
    assert page.locator("#f-perspective").input_value() == "China"
    assert [p["series"] for p in _drawn_points(page)] == ["Feng Shuai"]


def test_the_present_link_follows_the_filters_to_the_slide(app):
    page = _open_ukraine(app)
    present = page.locator("a.present-link")
    assert present.get_attribute("href") == reverse("present-issue", args=["ukraine"])
    page.locator("#f-perspective").select_option("China")
    page.wait_for_url(re.compile(r"perspective=China"))
    expect(present).to_have_attribute(
        "href", re.compile(r"^/present/issues/ukraine/\?.*perspective=China")
    )
    present.click()
    page.wait_for_url(re.compile(r"/present/issues/ukraine/\?.*perspective=China"))
    expect(page.get_by_text(re.compile(r"^Source: \d+ documents? · \d+ experts?"))).to_be_visible()


def test_dragging_across_the_chart_zooms_into_that_period_and_back(app):
    page = _open_ukraine(app)
    everything = len(_drawn_points(page))
    left, right, top = page.evaluate(
        f"() => {{ const a = {CHART}.chartArea; return [a.left, a.right, a.top]; }}"
    )
    box = page.locator("canvas#issue-timeline").bounding_box()
    y = box["y"] + top + 20
    page.mouse.move(box["x"] + left + (right - left) * 0.55, y)
    page.mouse.down()
    page.mouse.move(box["x"] + right - 5, y, steps=5)
    page.mouse.up()
    reset = page.get_by_role("button", name="Reset zoom")
    expect(reset).to_be_visible()
    start, end = page.evaluate(f"() => [{CHART}.scales.x.min, {CHART}.scales.x.max]")
    zoomed = _drawn_points(page)
    assert len(zoomed) < everything
    dates = page.evaluate(
        f"""() => {CHART}.data.datasets.filter((d) => d.kind === "series")
              .flatMap((d) => d.data.map((p) => Date.parse(p.x)))"""
    )
    # A point sits mid-period (a year-only date mid-year): it may lie before the window start.
    assert all(start - 86400000 * 200 <= d <= end for d in dates)
    reset.click()
    expect(reset).to_be_hidden()
    page.wait_for_function(f"() => {CHART} && {CHART}.data.datasets.length > 0")
    assert len(_drawn_points(page)) == everything


def test_an_expert_can_be_added_to_the_chart_by_name(app):
    page = _open_ukraine(app)
    page.get_by_label("Add an expert to the chart").fill("Nobody Atall")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.locator("[data-chart-status]")).to_contain_text("No expert named")
    page.get_by_label("Add an expert to the chart").fill("feng shuai")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.locator("[data-chart-status]")).to_contain_text("Added Feng Shuai")
    labels = [p["series"] for p in _drawn_points(page)]
    assert labels.count("Feng Shuai") >= 1
