"""Queries for the issue page: timeline points, spread by year, stance list, shifts.

The timeline and spread builders are plain functions over loaded stances, so the expert
page draws its own timeline with the same shape of data.
"""

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import F, Window
from django.db.models.functions import Lag
from django.urls import reverse

from corpus.dates import format_partial, midpoint
from corpus.queries.common import stated_by_q

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

    @property
    def delta(self) -> int:
        return self.to_position - self.from_position

    @property
    def from_display(self) -> str:
        return format_partial(self.from_date, self.from_precision)

    @property
    def to_display(self) -> str:
        return format_partial(self.to_date, self.to_precision)

    @property
    def from_url(self) -> str:
        return reverse("stance", args=[self.from_stance_id])

    @property
    def to_url(self) -> str:
        return reverse("stance", args=[self.to_stance_id])


class IssuePageQueries:
    """QuerySet methods for this page; mixed into the record QuerySets."""

    def on_issue(self, issue, *, as_of=None, perspective="", kind="", with_drafts=False):
        """Published stances on the issue (drafts too if asked), narrowed by the page's filters."""
        stances = (self.all() if with_drafts else self.published()).filter(issue=issue)
        if as_of:
            stances = stances.filter(stated_by_q(as_of))
        if perspective:
            stances = stances.filter(expert__organisation__country=perspective)
        if kind:
            stances = stances.filter(source__kind=kind)
        return stances

    def for_issue_page(self, issue, **filters):
        """on_issue(), with what the page shows of each stance's expert and source loaded.

        `updated_by` is for the editors' rows ("last changed by"); a join, not a query.
        """
        return (
            self.on_issue(issue, **filters)
            .select_related("expert__organisation", "issue", "source", "updated_by")
            .defer("source__text")
        )

    def perspectives_for_issue(self, issue) -> list[str]:
        """The organisation countries of experts with a published stance on the issue."""
        countries = (
            self.published()
            .filter(issue=issue)
            .exclude(expert__organisation__country__in=["", None])
            .order_by()
            .values_list("expert__organisation__country", flat=True)
            .distinct()
        )
        return sorted(countries)

    def shifts(self, issue=None, limit: int | None = None) -> list[Shift]:
        """Moves of one point or more between an expert's consecutive published statements.

        Consecutive means next in stated date order on the same issue. Two records from the
        same source are one statement's nuances, not a move, so such pairs are skipped.
        One query, whatever the number of stances; newest shift first, at most `limit`.
        """
        stances = self.published()
        if issue is not None:
            stances = stances.filter(issue=issue)
        window = {
            "partition_by": [F("expert_id"), F("issue_id")],
            "order_by": [F("stated_on").asc(), F("pk").asc()],
        }
        rows = (
            # Only what a Shift shows: the window sorts every published stance it covers, so
            # leaving quotes and summaries out makes that sort several times smaller.
            stances.only(
                "position",
                "stated_on",
                "stated_precision",
                "expert__name",
                "expert__slug",
                "issue__name",
                "issue__slug",
            )
            .annotate(
                previous_position=Window(Lag("position"), **window),
                previous_stated_on=Window(Lag("stated_on"), **window),
                previous_precision=Window(Lag("stated_precision"), **window),
                previous_source_id=Window(Lag("source_id"), **window),
                previous_id=Window(Lag("id"), **window),
            )
            .filter(previous_id__isnull=False)
            .exclude(position=F("previous_position"))
            .exclude(source_id=F("previous_source_id"))
            .select_related("expert", "issue")
            .order_by("-stated_on", "-pk")
        )
        if limit is not None:
            rows = rows[:limit]  # a LIMIT in SQL: no Shift objects built for the rest
        return [
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
                to_stance_id=row.pk,
            )
            for row in rows
        ]


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


def _signed(value: float) -> str:
    """+0.5, 0, −1 (a true minus sign, no trailing .0), like the positions around it."""
    text = f"{abs(value):g}"
    return f"+{text}" if value > 0 else f"−{text}" if value < 0 else "0"


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
            "median_label": _signed(statistics.median(positions)),
            "mean": round(statistics.fmean(positions), 2),
        }
        for year, positions in sorted(by_year.items())
    ]
