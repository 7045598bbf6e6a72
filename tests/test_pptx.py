"""A deck as PowerPoint: native charts whose series are the slide's data, notes, evidence."""

import datetime as dt
import io

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE

from corpus.dates import human_partial
from corpus.models import Deck, SavedView, Stance
from tests.factories import UserFactory


def _deck() -> Deck:
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
def deck(db):
    return _deck()


@pytest.fixture(scope="module")
def pptx_file(django_db_setup, django_db_blocker, seed_snapshot) -> bytes:
    """The seeded deck's PowerPoint, downloaded once for this file's tests (in a transaction
    rolled back after): each test reads the same file, building it costs about a second."""
    with django_db_blocker.unblock(), transaction.atomic():
        seed_snapshot.restore()
        client = Client()
        client.force_login(UserFactory(username="pptx-viewer", role="viewer"))
        response = client.get(reverse("deck-pptx", args=[_deck().pk]))
        transaction.set_rollback(True)
    cache.clear()
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('vantage-deck-ministerial-briefing.pptx"')
    return response.content


@pytest.fixture
def pptx(seeded, pptx_file):
    """The deck as PowerPoint, with the seed record it was drawn from in the database."""
    return Presentation(io.BytesIO(pptx_file))


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


def _numbers(labels) -> list[int]:
    return sorted(int(n) for label in labels if label for n in label.split(","))


def _point_labels(chart) -> list[str]:
    labels = []
    for series in chart.plots[0].series:
        if series.name.startswith("Event: "):
            continue
        for point in range(len(list(series.values))):
            label = series.points[point].data_label
            labels.append(label.text_frame.text if label.has_text_frame else "")
    return labels


def test_every_point_of_the_timeline_carries_its_footnote_number(pptx):
    [slide] = _titled(pptx, "Ukraine since 2014")
    [chart] = _charts(slide)
    count = Stance.objects.published().filter(issue__slug="ukraine").count()
    # Marks on one spot share one label ("5,6"), as on the slide.
    assert _numbers(_point_labels(chart)) == list(range(1, count + 1))


def test_every_bar_of_the_board_carries_its_footnote_numbers(pptx):
    [slide] = _titled(pptx, "Scenario board")
    [chart] = _charts(slide)
    labels = _point_labels(chart)
    assert _numbers(labels) == list(range(1, len(_numbers(labels)) + 1))
    assert len(_numbers(labels)) > 5


def test_every_table_cell_carries_its_footnote_numbers(pptx):
    [first, _] = _titled(pptx, "Who says what")
    [table] = [shape.table for shape in first.shapes if shape.has_table]
    numbers = []
    for row in list(table.rows)[1:]:
        for cell in list(row.cells)[1:]:
            if cell.text != "–":
                # The last run: the numbers, raised as superscript.
                run = cell.text_frame.paragraphs[-1].runs[-1]
                assert run.font._rPr.get("baseline") == "30000"
                numbers.extend(int(n) for n in run.text.strip().split(","))
    assert sorted(numbers) == list(range(1, len(numbers) + 1))


def test_the_caption_links_the_method_page(pptx):
    [slide] = _titled(pptx, "Ukraine since 2014")
    links = [
        run.hyperlink.address
        for shape in slide.shapes
        if shape.has_text_frame
        for paragraph in shape.text_frame.paragraphs
        for run in paragraph.runs
        if run.hyperlink.address
    ]
    assert links == ["http://testserver/method/"]


def test_the_evidence_names_each_source_with_publisher_and_date(pptx):
    evidence = pptx.slides[1]
    [table] = [shape.table for shape in evidence.shapes if shape.has_table]
    first = (
        Stance.objects.published()
        .filter(issue__slug="ukraine")
        .select_related("source")
        .order_by("stated_on", "expert__name", "pk")
        .first()
    )
    source = first.source
    date = human_partial(source.published_on, source.date_precision)
    # Title (publisher, date), as on the handout's evidence slides.
    assert table.cell(0, 4).text == "Source"
    assert table.cell(1, 4).text == f"{source.title} ({source.publisher}, {date})"


def test_pptx_needs_a_login(client, deck):
    response = client.get(reverse("deck-pptx", args=[deck.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
