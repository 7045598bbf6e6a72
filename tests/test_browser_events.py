"""Event markers in a real browser: the Ukraine timeline and its slide draw the invasion."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.browser

ISSUE_CHART = "Chart.getChart(document.querySelector('canvas#issue-timeline'))"
SLIDE_CHART = "Chart.getChart(document.querySelector('canvas[data-chart]'))"
EVENT_RGB = (0x5B, 0x4A, 0x00)


def _markers(page, chart: str) -> list[dict]:
    page.wait_for_function(f"() => window.Chart && {chart} && {chart}.$eventMarkers")
    return page.evaluate(
        f"""() => {{
          const chart = {chart};
          const a = chart.chartArea;
          return chart.$eventMarkers.map((m) => ({{ ...m, left_edge: a.left, right_edge: a.right,
            canvas: chart.width }}));
        }}"""
    )


def _line_pixels(page, chart: str, x: float) -> int:
    """How many pixels of the event colour the canvas holds in a narrow column at chart x."""
    return page.evaluate(
        f"""([x, rgb]) => {{
          const chart = {chart};
          const ratio = chart.currentDevicePixelRatio;
          const a = chart.chartArea;
          // Three device pixels either side: the line is antialiased across a few columns.
          const column = chart.ctx.getImageData(Math.round(x * ratio) - 3,
            Math.round(a.top * ratio), 7, Math.round((a.bottom - a.top) * ratio)).data;
          let n = 0;
          for (let i = 0; i < column.length; i += 4) {{
            const near = [0, 1, 2].every((k) => Math.abs(column[i + k] - rgb[k]) < 40);
            if (near && column[i + 3] > 120) n += 1;
          }}
          return n;
        }}""",
        [x, list(EVENT_RGB)],
    )


def _labels_do_not_overlap(markers) -> bool:
    boxes = sorted((m["top"], m["left"], m["left"] + m["width"]) for m in markers)
    return all(
        not (a[0] == b[0] and a[1] < b[2] and b[1] < a[2])
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
    )


def test_the_ukraine_timeline_draws_the_invasion_as_a_labelled_line(app, tmp_path):
    page = app.goto(reverse("issue", args=["ukraine"]))
    markers = _markers(page, ISSUE_CHART)
    labels = [m["label"] for m in markers]
    assert "Russia invades Ukraine" in labels
    invasion = markers[labels.index("Russia invades Ukraine")]
    assert invasion["left_edge"] <= invasion["x"] <= invasion["right_edge"]
    assert invasion["text"] == "Russia invades Ukraine"  # the whole label, not cut short
    assert invasion["left"] >= 0 and invasion["left"] + invasion["width"] <= invasion["canvas"]
    assert _labels_do_not_overlap(markers)
    assert _line_pixels(page, ISSUE_CHART, invasion["x"]) > 50
    # The table beside the chart lists the same events.
    table = page.locator("table.chart-events tbody")
    assert "Russia invades Ukraine" in table.inner_text()
    page.locator(".chart-panel").screenshot(path=tmp_path / "ukraine-events.png")


def test_the_ukraine_slide_draws_the_invasion(app, tmp_path):
    page = app.goto(reverse("present-issue", args=["ukraine"]))
    page.set_viewport_size({"width": 1440, "height": 900})
    markers = _markers(page, SLIDE_CHART)
    invasion = next(m for m in markers if m["label"] == "Russia invades Ukraine")
    assert invasion["left_edge"] <= invasion["x"] <= invasion["right_edge"]
    assert _labels_do_not_overlap(markers)
    assert _line_pixels(page, SLIDE_CHART, invasion["x"]) > 50
    page.screenshot(path=tmp_path / "ukraine-slide-events.png")


def test_events_off_in_the_url_draws_none(app):
    page = app.goto(reverse("issue", args=["ukraine"]) + "?events=off")
    assert _markers(page, ISSUE_CHART) == []
    assert page.locator("table.chart-events").count() == 0
    assert page.locator("#f-events").input_value() == "off"


def _nothing_crosses_a_label(markers) -> list[str]:
    """Every label clear of the other labels and of every other event's line (a line runs
    from its own label's row down to the plot)."""
    problems = []
    for m in markers:
        span = (m["left"], m["left"] + m["width"])
        for other in markers:
            if other is m:
                continue
            if (
                other["row"] == m["row"]
                and span[0] < other["left"] + other["width"]
                and (other["left"] < span[1])
            ):
                problems.append(f"{m['label']} overlaps {other['label']}")
            if other["row"] <= m["row"] and span[0] - 1 < other["x"] < span[1] + 1:
                problems.append(f"{other['label']}'s line crosses {m['label']}")
    return problems


@pytest.mark.parametrize(
    ("name", "chart"), [("issue", ISSUE_CHART), ("present-issue", SLIDE_CHART)]
)
def test_five_events_close_together_keep_their_whole_labels_clear(app, name, chart):
    # The alignment timeline: five events, three of them within a year (2021–2022).
    page = app.goto(reverse(name, args=["alignment"]))
    markers = _markers(page, chart)
    assert len(markers) == 5
    assert [m["text"] for m in markers] == [m["label"] for m in markers]
    assert _nothing_crosses_a_label(markers) == []
