"""A deck as PowerPoint: native charts whose series are the slide's data, notes, evidence."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE

from corpus.models import Deck, SavedView, Stance


@pytest.fixture
def deck(db):
    deck = Deck.objects.create(title="Ministerial briefing")
    views = [
        SavedView(title="Ukraine since 2014", kind="issue", target="ukraine", note="Lead here."),
        SavedView(title="Scenario board", kind="scenarios", note="Then the futures."),
        SavedView(title="Who says what", kind="overview"),
        SavedView(
            title="Three voices",
            kind="compare",
            query="experts=bonny-lin,maria-repnikova,sergey-radchenko",
        ),
    ]
    for view in views:
        view.save()
        deck.add(view)
    return deck


@pytest.fixture
def pptx(viewer_client, seeded, deck):
    response = viewer_client.get(reverse("deck-pptx", args=[deck.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('vantage-deck-ministerial-briefing.pptx"')
    return Presentation(io.BytesIO(response.content))


def _charts(slide):
    return [shape.chart for shape in slide.shapes if shape.has_chart]


def _titled(prs, title):
    return [s for s in prs.slides if any(sh.has_text_frame and sh.text == title for sh in s.shapes)]


def test_the_timeline_is_a_native_scatter_chart_of_the_slide_data(pptx):
    [slide] = _titled(pptx, "Ukraine since 2014")
    [chart] = _charts(slide)
    assert chart.chart_type == XL_CHART_TYPE.XY_SCATTER_LINES
    stances = Stance.objects.published().filter(issue__slug="ukraine").select_related("expert")
    expected = {}
    for stance in stances:
        expected.setdefault(stance.expert.name, []).append(stance.position)
    drawn = {
        s.name: sorted(s.values) for s in chart.plots[0].series if not s.name.startswith("Event: ")
    }
    assert drawn == {name: sorted(values) for name, values in expected.items()}
    assert slide.notes_slide.notes_text_frame.text == "Lead here."


def _x_values(series) -> list[float]:
    return [float(v.text) for v in series._element.xpath("./c:xVal//c:v")]


def test_the_timeline_draws_each_event_as_a_labelled_line_of_the_chart(pptx):
    [slide] = _titled(pptx, "Ukraine since 2014")
    [chart] = _charts(slide)
    lines = {s.name: s for s in chart.plots[0].series if s.name.startswith("Event: ")}
    invasion = lines["Event: Russia invades Ukraine"]
    # Drawn mid-month (2022-02-15) as a spreadsheet serial date, from the bottom of the scale.
    serial = (dt.date(2022, 2, 15) - dt.date(1899, 12, 30)).days
    assert _x_values(invasion) == [serial, serial]
    assert list(invasion.values) == [-2.5, 2.4]
    label = invasion.points[1].data_label.text_frame.text
    assert label == "Russia invades Ukraine (February 2022)"


def test_event_lines_stay_out_of_the_legend(pptx):
    [slide] = _titled(pptx, "Ukraine since 2014")
    [chart] = _charts(slide)
    hidden = chart.legend._element.xpath("./c:legendEntry[c:delete/@val='1']/c:idx/@val")
    names = [s.name for s in chart.plots[0].series]
    assert sorted(names[int(i)] for i in hidden) == sorted(
        n for n in names if n.startswith("Event: ")
    )


def test_the_scenario_board_is_a_native_bar_chart(pptx):
    [slide] = _titled(pptx, "Scenario board")
    [chart] = _charts(slide)
    assert chart.chart_type == XL_CHART_TYPE.BAR_CLUSTERED
    assert "Bonny Lin" in [s.name for s in chart.plots[0].series]
    assert chart.plots[0].categories[0] == "Formal alliance"


def test_the_overview_continues_as_tables_and_compare_is_a_table(pptx):
    overview = _titled(pptx, "Who says what")
    assert len(overview) == 2
    assert all(any(shape.has_table for shape in slide.shapes) for slide in overview)
    [compare] = _titled(pptx, "Three voices")
    [table] = [shape.table for shape in compare.shapes if shape.has_table]
    assert table.cell(0, 1).text == "Bonny Lin"


def test_each_chart_is_followed_by_its_evidence(pptx):
    titles = [next(sh.text for sh in slide.shapes if sh.has_text_frame) for slide in pptx.slides]
    assert titles[0] == "Ukraine since 2014"
    assert titles[1] == "Evidence: Ukraine since 2014"
    evidence = pptx.slides[1]
    [table] = [shape.table for shape in evidence.shapes if shape.has_table]
    assert table.cell(0, 3).text == "Quote"
    assert table.cell(1, 3).text.startswith("“")


def test_every_slide_carries_its_caption(pptx):
    for slide in pptx.slides:
        text = " ".join(sh.text for sh in slide.shapes if sh.has_text_frame)
        assert "Source:" in text or text.startswith("Evidence:")


def test_pptx_needs_a_login(client, deck):
    response = client.get(reverse("deck-pptx", args=[deck.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
