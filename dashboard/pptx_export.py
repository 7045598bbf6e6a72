"""A deck as a PowerPoint file: native, editable charts and tables, captions, speaker notes, and
an evidence slide after each chart listing the records drawn on it.

Timelines are XY scatter charts (dates as spreadsheet serial numbers on an axis formatted as
years), scenario boards clustered bar charts (likelihood 1–5), the overview and compare
tables. Every expert keeps the colour and marker of the pages (corpus/marks.py).
"""

import datetime as dt
import io

from pptx import Presentation
from pptx.chart.data import CategoryChartData, XyChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION, XL_MARKER_STYLE
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from corpus.dates import human_partial
from corpus.marks import expert_mark
from corpus.pages.issue_page import first_words

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
BODY_TOP, BODY_HEIGHT = Inches(1.55), Inches(4.9)
# Rows of evidence on one evidence slide (more continue on the next).
EVIDENCE_ROWS = 6
SPREADSHEET_EPOCH = dt.date(1899, 12, 30)
MARKERS = {
    "circle": XL_MARKER_STYLE.CIRCLE,
    "triangle": XL_MARKER_STYLE.TRIANGLE,
    "rect": XL_MARKER_STYLE.SQUARE,
    "rectRot": XL_MARKER_STYLE.DIAMOND,
    "star": XL_MARKER_STYLE.STAR,
    "crossRot": XL_MARKER_STYLE.X,
}


def deck_pptx(frames, site: str = "") -> bytes:
    """The .pptx of [(slide, speaker note)], each chart followed by its evidence slides;
    `site` (scheme and host) makes the captions' link to the method page absolute."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    blank = prs.slide_layouts[6]
    for slide, note in frames:
        page = prs.slides.add_slide(blank)
        _heading(page, slide.title, slide.subtitle)
        DRAW[slide.kind](page, slide)
        _caption(page, slide.caption, site)
        page.notes_slide.notes_text_frame.text = note or ""
        for start in range(0, len(slide.evidence), EVIDENCE_ROWS):
            _evidence(prs.slides.add_slide(blank), slide, start)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def _text(page, left, top, width, height, text, size, bold=False, colour="111111"):
    box = page.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    run = frame.paragraphs[0].add_run()
    run.text = text
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.color.rgb = RGBColor.from_string(colour)
    return box


def _heading(page, title, subtitle):
    _text(page, MARGIN, Inches(0.3), WIDTH - 2 * MARGIN, Inches(0.8), title, 30, bold=True)
    if subtitle:
        _text(
            page,
            MARGIN,
            Inches(1.0),
            WIDTH - 2 * MARGIN,
            Inches(0.45),
            subtitle,
            16,
            colour="333333",
        )


def _caption(page, caption, site: str = ""):
    text = str(caption)
    named = caption.sources_text()
    if named:
        text += "\n" + named
    box = _text(
        page, MARGIN, Inches(6.55), WIDTH - 2 * MARGIN, Inches(0.8), text, 11, colour="333333"
    )
    run = box.text_frame.paragraphs[0].add_run()
    run.text = " · How positions are read"
    run.font.size = Pt(11)
    run.hyperlink.address = site + caption.method_url


def _footnote_text(numbers) -> str:
    """A mark's or cell's footnote numbers as the slide prints them ("5,6")."""
    return ",".join(str(n) for n in sorted(numbers))


def _label(point, text: str, position) -> None:
    label = point.data_label
    label.position = position
    label.text_frame.text = text
    for run in label.text_frame.paragraphs[0].runs:
        run.font.size = Pt(10)
        run.font.bold = True


def _serial(iso: str) -> int:
    return (dt.date.fromisoformat(iso) - SPREADSHEET_EPOCH).days


# Event markers: each a vertical line from the bottom of the scale up to its label, the
# labels of neighbouring events at staggered heights.
EVENT_PREFIX = "Event: "
EVENT_BOTTOM, EVENT_TOPS = -2.5, (2.4, 2.0, 1.6)
EVENT_COLOUR = "5B4A00"


def _timeline(page, slide):
    spec = slide.context["chart"]
    events = spec.get("events") or []
    data = XyChartData()
    for series in spec["series"]:
        entry = data.add_series(series["label"])
        for point in series["points"]:
            entry.add_data_point(_serial(point["x"]), point["y"])
    for n, event in enumerate(events):
        entry = data.add_series(EVENT_PREFIX + event["label"])
        entry.add_data_point(_serial(event["x"]), EVENT_BOTTOM)
        entry.add_data_point(_serial(event["x"]), EVENT_TOPS[n % len(EVENT_TOPS)])
    frame = page.shapes.add_chart(
        XL_CHART_TYPE.XY_SCATTER_LINES,
        MARGIN,
        BODY_TOP,
        WIDTH - 2 * MARGIN,
        BODY_HEIGHT,
        data,
    )
    chart = frame.chart
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    x_axis, y_axis = chart.category_axis, chart.value_axis
    x_axis.tick_labels.number_format = "yyyy"
    x_axis.tick_labels.number_format_is_linked = False
    y_axis.minimum_scale, y_axis.maximum_scale, y_axis.major_unit = -2.5, 2.5, 1
    plotted = list(chart.plots[0].series)
    for plot_series, event in zip(plotted[len(spec["series"]) :], events, strict=True):
        _event_line(plot_series, event)
    _hide_from_legend(chart, range(len(spec["series"]), len(plotted)))
    _point_footnotes(plotted, spec["series"])
    for plot_series, series in zip(plotted, spec["series"], strict=False):
        colour = RGBColor.from_string(series["colour"].lstrip("#"))
        plot_series.format.line.color.rgb = colour
        plot_series.marker.style = MARKERS.get(series["shape"], XL_MARKER_STYLE.CIRCLE)
        plot_series.marker.size = 10
        plot_series.marker.format.fill.solid()
        plot_series.marker.format.fill.fore_color.rgb = colour
        plot_series.marker.format.line.color.rgb = colour


def _point_footnotes(plotted, specs) -> None:
    """Each point's footnote number beside it; marks on one spot share one label ("5,6")."""
    spots: dict[tuple, list] = {}
    for plot_series, series in zip(plotted, specs, strict=False):
        for index, point in enumerate(series["points"]):
            spot = spots.setdefault((point["x"], point["y"]), [plot_series.points[index], []])
            spot[1].append(point["n"])
    for first, numbers in spots.values():
        _label(first, _footnote_text(numbers), XL_LABEL_POSITION.RIGHT)


def _event_line(plot_series, event) -> None:
    """A dashed line without markers, labelled (date and label) at its top point."""
    line = plot_series.format.line
    line.color.rgb = RGBColor.from_string(EVENT_COLOUR)
    line.dash_style = MSO_LINE_DASH_STYLE.DASH
    line.width = Pt(1.5)
    plot_series.marker.style = XL_MARKER_STYLE.NONE
    plot_series.smooth = False
    label = plot_series.points[1].data_label
    label.position = XL_LABEL_POSITION.RIGHT
    frame = label.text_frame
    frame.text = f"{event['label']} ({event['date']})"
    for paragraph in frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(10)
            run.font.color.rgb = RGBColor.from_string(EVENT_COLOUR)


def _hide_from_legend(chart, indexes) -> None:
    """Leave the event lines out of the legend (each is labelled where it is drawn)."""
    legend = chart.legend._element
    position = legend.find(qn("c:legendPos"))
    for index in reversed(list(indexes)):
        entry = legend.makeelement(qn("c:legendEntry"), {})
        entry.append(entry.makeelement(qn("c:idx"), {"val": str(index)}))
        entry.append(entry.makeelement(qn("c:delete"), {"val": "1"}))
        position.addnext(entry)


def _board(page, slide):
    board = slide.context["board"]
    data = CategoryChartData()
    data.categories = [row.subject.title for row in board.rows]
    for column, expert in enumerate(board.experts):
        words = [row.cells[column][1] for row in board.rows]
        data.add_series(expert.name, [word.value if word else None for word in words])
    frame = page.shapes.add_chart(
        XL_CHART_TYPE.BAR_CLUSTERED, MARGIN, BODY_TOP, WIDTH - 2 * MARGIN, BODY_HEIGHT, data
    )
    chart = frame.chart
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.RIGHT
    chart.legend.include_in_layout = False
    axis = chart.value_axis
    axis.minimum_scale, axis.maximum_scale, axis.major_unit = 0, 5, 1
    for column, (plot_series, expert) in enumerate(
        zip(chart.plots[0].series, board.experts, strict=True)
    ):
        plot_series.format.fill.solid()
        plot_series.format.fill.fore_color.rgb = RGBColor.from_string(
            expert_mark(expert.pk).colour.lstrip("#")
        )
        for index, row in enumerate(board.rows):
            word = row.cells[column][1]
            if word:
                text = _footnote_text(word.footnotes)
                _label(plot_series.points[index], text, XL_LABEL_POSITION.OUTSIDE_END)


def _table(page, header, rows):
    shape = page.shapes.add_table(
        len(rows) + 1, len(header), MARGIN, BODY_TOP, WIDTH - 2 * MARGIN, BODY_HEIGHT
    )
    table = shape.table
    for column, text in enumerate(header):
        table.cell(0, column).text = text
    for r, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            # A cell is its text, or (text, footnote numbers) for a drawn record's cell.
            text, numbers = value if isinstance(value, tuple) else (value, ())
            table.cell(r, column).text = text
            if numbers:
                _superscript(table.cell(r, column).text_frame.paragraphs[-1], numbers)
    for cell in (table.cell(r, c) for r in range(len(rows) + 1) for c in range(len(header))):
        for paragraph in cell.text_frame.paragraphs:
            for run in paragraph.runs:
                if run.font.size is None:
                    run.font.size = Pt(11)
    return table


def _superscript(paragraph, numbers) -> None:
    """The cell's footnote numbers, raised and small as on the slide."""
    run = paragraph.add_run()
    run.text = " " + _footnote_text(numbers)
    run.font.size = Pt(8)
    run.font.bold = True
    # python-pptx has no superscript switch; DrawingML's baseline offset (in 1/1000 %) is it.
    run.font._rPr.set("baseline", "30000")


def _overview(page, slide):
    matrix = slide.context["matrix"]
    header = ["Expert", *(issue.name for issue in matrix.issues)]
    rows = [
        [expert.name, *((f"{c.display} {c.label}", c.footnotes) if c else "–" for c in cells)]
        for expert, cells in matrix.rows
    ]
    _table(page, header, rows)


def _compare(page, slide):
    experts = slide.context["experts"]
    header = ["Issue", *(expert.name for expert in experts)]
    rows = [
        [
            row.subject.name + (f" ⚑ {row.spread} points apart" if row.disagrees else ""),
            *((f"{w.display} {w.label}", w.footnotes) if w else "–" for _, w in row.cells),
        ]
        for row in slide.context["rows"]
    ]
    _table(page, header, rows)


def _evidence(page, slide, start):
    records = slide.evidence[start : start + EVIDENCE_ROWS]
    last = start + len(records)
    _heading(
        page,
        f"Evidence: {slide.title}",
        f"Records {start + 1}–{last} of {len(slide.evidence)}, in the order drawn",
    )
    rows = [
        [
            str(n),
            record.expert.name,
            record.stated_display,
            f"“{first_words(record.quote, 30)}”",
            _source(record.source),
        ]
        for n, record in enumerate(records, start=start + 1)
    ]
    table = _table(page, ["#", "Expert", "Stated", "Quote", "Source"], rows)
    widths = [Inches(0.5), Inches(2.0), Inches(1.0), Inches(6.3), Inches(2.53)]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Emu(width)


def _source(source) -> str:
    """A record's source as the handout names it: title (publisher, date)."""
    date = human_partial(source.published_on, source.date_precision)
    return (
        f"{source.title} ({source.publisher}, {date})"
        if source.publisher
        else f"{source.title} ({date})"
    )


DRAW = {"issue": _timeline, "scenarios": _board, "overview": _overview, "compare": _compare}
