"""The issue page: timeline points, spread by year, shifts.

The timeline and spread builders are plain functions over loaded stances, so the expert
page draws its own timeline with the same shape of data.
"""

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from corpus.dates import format_partial, midpoint
from corpus.filters import RecordFilters
from corpus.models import Stance
from corpus.models.read_models import StanceMove
from corpus.pages.latest import signed
from corpus.pages.links import link_to

QUOTE_WORDS = 14


@dataclass(frozen=True)
class Shift:
    """An expert's position on an issue moved between two consecutive published statements."""

    expert: object
    issue: object
    from_position: int
    from_date: dt.date
    from_precision: str
    from_stance_id: int
    to_position: int
    to_date: dt.date
    to_precision: str
    to_stance_id: int
    from_url: str
    to_url: str

    @property
    def delta(self) -> int:
        return self.to_position - self.from_position

    @property
    def from_display(self) -> str:
        return format_partial(self.from_date, self.from_precision)

    @property
    def to_display(self) -> str:
        return format_partial(self.to_date, self.to_precision)


def shifts(stances, limit: int | None = None) -> list[Shift]:
    """Moves of one point or more between an expert's consecutive published statements,
    among `stances` (a Stance queryset); newest first, at most `limit` (one query)."""
    rows = stances.moves()
    if limit is not None:
        rows = rows[:limit]  # a LIMIT in SQL: no Shift objects built for the rest
    return _shifts(rows, to_id="pk")


def recent_shifts(filters: RecordFilters, limit: int | None = None) -> list[Shift]:
    """shifts() among the stances matching filters, newest first (one query).

    Read from the moves kept on write (as many rows as shown) unless a source kind or "as
    of" filter takes stances out of the middle of an expert's sequence: then the window
    query over the matching stances finds the moves between those that remain.
    """
    if not filters.by_move:
        return shifts(Stance.objects.matching(filters), limit)
    rows = (
        StanceMove.objects.matching(filters)
        .select_related("expert", "issue")
        .only(
            *(f.name for f in StanceMove._meta.concrete_fields if not f.is_relation),
            "stance_id",
            "previous_id",
            "expert__name",
            "expert__slug",
            "issue__name",
            "issue__slug",
        )
        .order_by("-stated_on", "-stance_id")
    )
    if limit is not None:
        rows = rows[:limit]
    return _shifts(rows, to_id="stance_id")


def _shifts(rows, to_id: str) -> list[Shift]:
    """Shift per row of moves() or of the moves read model (its stance's id in `to_id`)."""
    stance_url = link_to("stance")
    found = []
    for row in rows:
        to_stance = getattr(row, to_id)
        found.append(
            Shift(
                expert=row.expert,
                issue=row.issue,
                from_position=row.previous_position,
                from_date=row.previous_stated_on,
                from_precision=row.previous_precision,
                from_stance_id=row.previous_id,
                to_position=row.position,
                to_date=row.stated_on,
                to_precision=row.stated_precision,
                to_stance_id=to_stance,
                from_url=stance_url(row.previous_id),
                to_url=stance_url(to_stance),
            )
        )
    return found


def first_words(text: str, count: int = QUOTE_WORDS) -> str:
    """The first count words of a quote, with an ellipsis when it goes on."""
    words = text.split()
    return " ".join(words[:count]) + ("…" if len(words) > count else "")


def timeline_chart(
    stances: Iterable, series_of: Callable, scale: dict[int, str] | None = None
) -> dict:
    """Chart.js-ready timeline: one series per series_of(stance) = (key, label, url).

    Series keep the order in which stances arrive; points run in date order and sit at the
    middle of their dated period, labelled at their precision ("2016", not "2016-07-01").
    """
    series = {}
    for stance in stances:
        key, label, url = series_of(stance)
        entry = series.setdefault(key, {"key": key, "label": label, "url": url, "points": []})
        entry["points"].append(_point(stance))
    for entry in series.values():
        entry["points"].sort(key=lambda p: (p["x"], p["id"]))
    return {
        "scale": {str(p): label for p, label in scale.items()} if scale else None,
        "series": list(series.values()),
    }


def _point(stance) -> dict:
    return {
        "x": midpoint(stance.stated_on, stance.stated_precision).isoformat(),
        "y": stance.position,
        "date": stance.stated_display,
        "label": stance.issue.label_for(stance.position),
        "issue": stance.issue.name,
        "summary": stance.summary,
        "quote": first_words(stance.quote),
        "url": stance.get_absolute_url(),
        "id": stance.pk,
    }


def spread_by_year(stances: Iterable) -> list[dict]:
    """Per year stated: how many stances, the lowest, median, mean and highest position."""
    by_year = defaultdict(list)
    for stance in stances:
        by_year[stance.stated_on.year].append(stance.position)
    return [
        {
            "year": year,
            "start": dt.date(year, 1, 1).isoformat(),
            "end": dt.date(year, 12, 31).isoformat(),
            "mid": dt.date(year, 7, 1).isoformat(),
            "count": len(positions),
            "min": min(positions),
            "max": max(positions),
            "median": statistics.median(positions),
            "median_label": signed(statistics.median(positions)),
            "mean": round(statistics.fmean(positions), 2),
        }
        for year, positions in sorted(by_year.items())
    ]
