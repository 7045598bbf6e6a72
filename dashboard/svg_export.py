"""A timeline slide as SVG, for print designers: drawn on the server from the slide's chart
data (the same spec its canvas and the PowerPoint chart use), as plain editable vector shapes.

Series keep each expert's colour and shape (corpus/marks.py), points their footnote numbers,
the yearly spread is a grey band, event markers dashed labelled lines; the title, the caption
and the sources it names run above and below. Text is escaped; nothing is scripted.
"""

import datetime as dt
import textwrap
from xml.sax.saxutils import escape, quoteattr

WIDTH, HEIGHT = 1600, 900
LEFT, RIGHT, TOP, BOTTOM = 330, 1560, 190, 700  # the plot area
FONT = "Helvetica, Arial, sans-serif"
EVENT_COLOUR = "#5b4a00"
EVENT_ROWS = 3
GRID = "#dddddd"
MARK = 9  # marker radius


def timeline_svg(slide) -> str:
    """The SVG document of an issue timeline slide."""
    spec = slide.context["chart"]
    plot = _Plot(spec)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="{FONT}">',
        f"<title>{escape(slide.title)}</title>",
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
        _text(40, 60, slide.title, 32, weight="bold"),
        _text(40, 100, slide.subtitle, 20, fill="#333333") if slide.subtitle else "",
        *plot.axes(),
        *plot.band(),
        *plot.events(),
        *plot.series(),
        *_legend(spec["series"]),
        _text(40, 820, str(slide.caption), 16),
        *(
            _text(40, 845 + 20 * n, line, 14, fill="#333333")
            for n, line in enumerate(textwrap.wrap(slide.caption.sources_text(), 190)[:3])
        ),
        "</svg>",
    ]
    return "\n".join(p for p in parts if p) + "\n"


def _text(x, y, text, size, *, fill="#111111", weight="normal", anchor="start") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" fill="{fill}" '
        f'font-weight="{weight}" text-anchor="{anchor}">{escape(text)}</text>'
    )


def _days(iso: str) -> int:
    return dt.date.fromisoformat(iso).toordinal()


class _Plot:
    """Scales from data to the plot area: x whole years around the points, y the scale."""

    def __init__(self, spec):
        xs = [_days(p["x"]) for s in spec["series"] for p in s["points"]]
        xs += [_days(b["x"]) for b in spec.get("band") or []]
        today = dt.date.today().toordinal()
        first = dt.date.fromordinal(min(xs, default=today)).year
        last = dt.date.fromordinal(max(xs, default=today)).year
        self.start = dt.date(first, 1, 1).toordinal()
        self.end = dt.date(last + 1, 1, 1).toordinal()
        self.years = range(first, last + 2)
        self.spec = spec
        self.y_min, self.y_max = spec.get("yMin", -2.4), spec.get("yMax", 2.4)

    def x(self, iso: str) -> float:
        return LEFT + (_days(iso) - self.start) / (self.end - self.start) * (RIGHT - LEFT)

    def y(self, value: float) -> float:
        return BOTTOM - (value - self.y_min) / (self.y_max - self.y_min) * (BOTTOM - TOP)

    def axes(self) -> list[str]:
        out = [f'<g id="axes" stroke="{GRID}" stroke-width="1">']
        for year in self.years:
            x = self.x(f"{year:04d}-01-01")
            out.append(f'<line x1="{x:.1f}" y1="{TOP}" x2="{x:.1f}" y2="{BOTTOM}"/>')
        for value in sorted(self.spec.get("yLabels", {}), key=int):
            y = self.y(int(value))
            out.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{RIGHT}" y2="{y:.1f}"/>')
        out.append("</g>")
        for year in self.years[:-1]:
            middle = self.x(f"{year:04d}-07-01")
            out.append(_text(middle, BOTTOM + 30, str(year), 18, anchor="middle"))
        for value, label in self.spec.get("yLabels", {}).items():
            number = int(value)
            signed = f"+{number}" if number > 0 else ("\u2212" + str(-number) if number else "0")
            text = f"{signed}  {label}" if self.spec.get("signed") else f"{value}  {label}"
            out.append(_text(LEFT - 12, self.y(number) + 6, text, 15, anchor="end"))
        return out

    def band(self) -> list[str]:
        out = ['<g id="spread" fill="#787878" fill-opacity="0.15">']
        for year in self.spec.get("band") or []:
            left = self.x(f"{year['x'][:4]}-01-01")
            right = self.x(f"{int(year['x'][:4]) + 1:04d}-01-01")
            top, bottom = self.y(year["high"]), self.y(year["low"])
            out.append(
                f'<rect x="{left:.1f}" y="{top:.1f}" width="{right - left:.1f}" '
                f'height="{max(bottom - top, 2):.1f}"/>'
            )
        out.append("</g>")
        return out

    def events(self) -> list[str]:
        out = [f'<g id="events" stroke="{EVENT_COLOUR}" fill="{EVENT_COLOUR}">']
        ends = [float("-inf")] * EVENT_ROWS
        for event in self.spec.get("events") or []:
            x = self.x(event["x"])
            if not LEFT <= x <= RIGHT:
                continue
            width = len(event["label"]) * 8.5  # 16px text, roughly
            on_left = x + 6 + width > WIDTH
            left = x - 6 - width if on_left else x + 6
            row = next((r for r, end in enumerate(ends) if left > end + 8), ends.index(min(ends)))
            top = TOP - 20 - (EVENT_ROWS - 1 - row) * 22
            out.append(
                f'<line x1="{x:.1f}" y1="{top - 14:.1f}" x2="{x:.1f}" y2="{BOTTOM}" '
                'stroke-width="2" stroke-dasharray="8 5"/>'
            )
            anchor = "end" if on_left else "start"
            label = _text(x - 6 if on_left else x + 6, top, event["label"], 16, anchor=anchor)
            out.append(label.replace(' fill="#111111"', ' stroke="none"'))
            ends[row] = max(left + width, x)
        out.append("</g>")
        return out

    def series(self) -> list[str]:
        out = []
        # Marks drawn on one spot share one footnote label ("5,6") instead of overprinting.
        spots = {}
        for series in self.spec["series"]:
            colour = series.get("colour", "#0072B2")
            points = [(self.x(p["x"]), self.y(p["y"]), p.get("n")) for p in series["points"]]
            out.append(f'<g class="series" data-label={quoteattr(series["label"])}>')
            if len(points) > 1:
                path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in points)
                out.append(
                    f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="3"/>'
                )
            for x, y, number in points:
                out.append(_marker(series.get("shape", "circle"), x, y, colour))
                if number:
                    spots.setdefault((round(x / 8), round(y / 8)), (x, y, []))[2].append(number)
            out.append("</g>")
        out.append('<g id="footnotes">')
        for x, y, numbers in spots.values():
            label = ",".join(str(n) for n in sorted(numbers))
            out.append(_text(x + 12, y - 10, label, 15, weight="bold"))
        out.append("</g>")
        return out


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    r = MARK
    paint = f'fill="{colour}" stroke="{colour}"'
    if shape == "rect":
        return f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r}" height="{2 * r}" {paint}/>'
    corners = {
        "triangle": [(0, -r), (r, r * 0.8), (-r, r * 0.8)],
        "rectRot": [(0, -r), (r, 0), (0, r), (-r, 0)],
        "star": [
            (0, -r),
            (r * 0.3, -r * 0.3),
            (r, 0),
            (r * 0.3, r * 0.3),
            (0, r),
            (-r * 0.3, r * 0.3),
            (-r, 0),
            (-r * 0.3, -r * 0.3),
        ],
    }.get(shape)
    if shape == "crossRot":
        return (
            f'<path d="M{x - r:.1f},{y - r:.1f} L{x + r:.1f},{y + r:.1f} '
            f'M{x - r:.1f},{y + r:.1f} L{x + r:.1f},{y - r:.1f}" stroke="{colour}" '
            'stroke-width="3" fill="none"/>'
        )
    if corners:
        path = " ".join(f"{x + dx:.1f},{y + dy:.1f}" for dx, dy in corners)
        return f'<polygon points="{path}" {paint}/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" {paint}/>'


def _legend(series) -> list[str]:
    out = ['<g id="legend">']
    x, y = LEFT, BOTTOM + 75
    for entry in series:
        width = 44 + len(entry["label"]) * 10
        if x + width > RIGHT:
            x, y = LEFT, y + 30
        out.append(_marker(entry.get("shape", "circle"), x, y - 6, entry.get("colour", "#0072B2")))
        out.append(_text(x + 16, y, entry["label"], 17))
        x += width
    out.append("</g>")
    return out
