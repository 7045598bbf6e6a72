"""The issue page: timeline points, spread by year, shifts.

The timeline and spread builders are plain functions over loaded stances, so the expert
page draws its own timeline with the same shape of data.
"""

import dataclasses
import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import ExtractYear, Substr

from corpus.dates import human_partial, midpoint
from corpus.filters import RecordFilters
from corpus.marks import expert_mark
from corpus.models import Expert, Stance
from corpus.models.read_models import IssueYearSpread, LatestPosition, StanceMove
from corpus.models.record_choices import Status
from corpus.models.sources import SourceKind
from corpus.pages.latest import signed
from corpus.pages.links import link_to

QUOTE_WORDS = 14
# The issue timeline's default view: the experts with the most stances in view, each drawn
# with at most one mark per position per column of the chart (what ~1000 px can show).
CHART_SERIES = 12
CHART_COLUMNS = 120
# Stances listed per page, chart-data rows per page, shifts shown on the issue page.
LISTED = 60
SHIFTS_SHOWN = 20


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
        return human_partial(self.from_date, self.from_precision)

    @property
    def to_display(self) -> str:
        return human_partial(self.to_date, self.to_precision)


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
    stance_url = link_to("stance")
    for stance in stances:
        key, label, url = series_of(stance)
        entry = series.setdefault(key, {"key": key, "label": label, "url": url, "points": []})
        entry["points"].append(_point(stance, stance_url))
    for entry in series.values():
        entry["points"].sort(key=lambda p: (p["x"], p["id"]))
    return {
        "scale": {str(p): label for p, label in scale.items()} if scale else None,
        "series": list(series.values()),
    }


def _point(stance, stance_url) -> dict:
    return {
        "x": midpoint(stance.stated_on, stance.stated_precision).isoformat(),
        "y": stance.position,
        "date": stance.stated_display,
        "label": stance.issue.label_for(stance.position),
        "issue": stance.issue.name,
        "summary": stance.summary,
        "quote": first_words(stance.quote),
        "url": stance_url(stance.pk),
        "id": stance.pk,
    }


def spread_by_year(stances: Iterable) -> list[dict]:
    """Per year stated: how many stances, the lowest, median, mean and highest position."""
    by_year = defaultdict(Counter)
    for stance in stances:
        by_year[stance.stated_on.year][stance.position] += 1
    return band(by_year)


def _nth(counts: list[tuple[int, int]], k: int) -> int:
    """The k-th position (from 0) in ascending order, from sorted (position, count) pairs."""
    for position, n in counts:
        if k < n:
            return position
        k -= n
    raise IndexError(k)


def band(by_year: dict[int, Counter]) -> list[dict]:
    """The yearly spread from {year: {position: count}}, computed from the counts (an issue's
    year may hold thousands of stances, but only five positions)."""
    rows = []
    for year, counts in sorted(by_year.items()):
        pairs = sorted((p, n) for p, n in counts.items() if n > 0)
        count = sum(n for _, n in pairs)
        if not count:
            continue
        middle = count // 2
        if count % 2:
            median = _nth(pairs, middle)
        else:
            # As statistics.median: the mean of the two middle values.
            median = (_nth(pairs, middle - 1) + _nth(pairs, middle)) / 2
        rows.append(
            {
                "year": year,
                "start": dt.date(year, 1, 1).isoformat(),
                "end": dt.date(year, 12, 31).isoformat(),
                "mid": dt.date(year, 7, 1).isoformat(),
                "count": count,
                "min": pairs[0][0],
                "max": pairs[-1][0],
                "median": median,
                "median_label": signed(median),
                "mean": round(sum(p * n for p, n in pairs) / count, 2),
            }
        )
    return rows


# --- The issue page and its chart, from rows (never one model instance per stance) ---------


def _on_issue(issue, filters: RecordFilters | None, *, with_drafts=False):
    return Stance.objects.on_issue(issue, filters, with_drafts=with_drafts)


def issue_band(issue, filters: RecordFilters) -> list[dict]:
    """The yearly spread of the published stances in view: the IssueYearSpread read model's
    rows when no filter narrows the issue, else counted per year and position in SQL."""
    if not (filters.perspective or filters.organisation) and filters.by_cell:
        rows = IssueYearSpread.objects.filter(issue=issue).values_list("year", "counts")
        return band(
            {year: Counter({int(p): n for p, n in counts.items()}) for year, counts in rows}
        )
    counted = (
        _on_issue(issue, filters)
        .annotate(year=ExtractYear("stated_on"))
        .values_list("year", "position")
        .order_by()
        .annotate(n=Count("id"))
    )
    by_year = defaultdict(Counter)
    for year, position, n in counted:
        by_year[year][position] = n
    return band(by_year)


def issue_counts(issue, filters: RecordFilters, *, with_drafts=False) -> dict:
    """How many stances are in view (published), by how many experts, and how many more are
    listed for editors (drafts, retired): one aggregate query."""
    if not with_drafts and filters.by_cell:
        found = _cell_totals(issue, filters)
        return {**found, "listed": found["stances"], "drafts": 0}
    published = Q(status=Status.PUBLISHED)
    found = _on_issue(issue, filters, with_drafts=with_drafts).aggregate(
        listed=Count("id"),
        stances=Count("id", filter=published),
        experts=Count("expert_id", distinct=True, filter=published),
    )
    return {**found, "drafts": found["listed"] - found["stances"]}


POINT_FIELDS = ("pk", "expert_id", "position", "stated_on", "stated_precision", "summary")


def _points(rows, issue) -> dict[int, list[dict]]:
    """Chart points per expert id from .values() rows, in date order."""
    stance_url = link_to("stance")
    by_expert = defaultdict(list)
    for row in rows:
        by_expert[row["expert_id"]].append(
            {
                "x": midpoint(row["stated_on"], row["stated_precision"]).isoformat(),
                "y": row["position"],
                "date": human_partial(row["stated_on"], row["stated_precision"]),
                "label": issue.label_for(row["position"]),
                "summary": row["summary"],
                "quote": first_words(row["quote_head"]),
                "url": stance_url(row["pk"]),
                "id": row["pk"],
            }
        )
    return by_expert


def thin(points: list[dict], start: dt.date, end: dt.date, columns: int) -> list[dict]:
    """At most one point per position per column of the chart between start and end: the
    newest, carrying how many it stands for (`n`). Few points are kept as they are."""
    if len(points) <= columns:
        return points
    width = max((end - start).days, 1)
    kept: dict[tuple[int, int], dict] = {}
    for point in points:  # in date order: the newest of each column and position wins
        column = (dt.date.fromisoformat(point["x"]) - start).days * columns // width
        key = (column, point["y"])
        n = kept[key]["n"] + 1 if key in kept else 1
        kept[key] = {**point, "n": n}
    return sorted(kept.values(), key=lambda p: (p["x"], p["id"]))


def _chart_experts(issue, filters, stances, expert_slug: str | None) -> list[dict]:
    """The experts drawn: the one asked for, else those with the most stances in view (from
    the read model's count per expert when the filters allow)."""
    if expert_slug:  # a slug, or a name as listed (any case)
        named = Q(slug=expert_slug) | Q(name__iexact=expert_slug)
        return list(
            Expert.objects.filter(named, pk__in=stances.values("expert_id")).values(
                "pk", "name", "slug"
            )
        )
    if filters.by_cell:
        counted = _cells(issue, filters).annotate(n=F("count"))
    else:
        grouped = stances.values("expert_id", "expert__name", "expert__slug").order_by()
        counted = grouped.annotate(n=Count("id"))
    busiest = counted.values("expert_id", "expert__name", "expert__slug", "n").order_by(
        "-n", "expert_id"
    )[:CHART_SERIES]
    return [
        {"pk": row["expert_id"], "name": row["expert__name"], "slug": row["expert__slug"]}
        for row in busiest
    ]


def issue_chart(
    issue,
    filters: RecordFilters | None = None,
    *,
    expert: str | None = None,
    window: tuple[dt.date, dt.date] | None = None,
) -> dict:
    """The issue timeline's JSON: what the chart draws, and no more.

    By default the CHART_SERIES experts with the most stances in view (by name), each
    thinned to CHART_COLUMNS columns over the drawn years, with the yearly band (from the
    read model when it can answer) and how many experts and stances there are in all.
    `expert` (a slug) gives that one expert's every point; `window` (from, to) the default
    experts' points between those dates, thinned to the same columns over the window.
    Other keys can be added by other builders (the chart reads what it knows).
    """
    filters = filters or RecordFilters()
    stances = _on_issue(issue, filters)
    chart = {"scale": {str(p): label for p, label in issue.labels.items()}}
    if not expert:
        chart["band"] = issue_band(issue, filters)
        chart |= _totals(issue, filters, stances)
    experts = sorted(
        _chart_experts(issue, filters, stances, expert),
        key=lambda e: (e["name"].casefold(), e["pk"]),
    )
    rows = stances.filter(expert_id__in=[e["pk"] for e in experts])
    if window:
        rows = rows.filter(stated_on__gte=window[0], stated_on__lte=window[1])
    rows = rows.annotate(quote_head=Substr("quote", 1, 400)).values(*POINT_FIELDS, "quote_head")
    points = _points(rows.order_by("stated_on", "pk"), issue)
    start, end = window or _span(chart.get("band"), points)
    expert_url = link_to("expert")
    chart["series"] = []
    for e in experts:
        drawn = points.get(e["pk"], [])
        shown = drawn if expert else thin(drawn, start, end, CHART_COLUMNS)
        chart["series"].append(
            {
                "key": e["slug"],
                "label": e["name"],
                "url": expert_url(e["slug"]),
                **expert_mark(e["pk"]).as_json(),
                "points": shown,
                "stances": len(drawn),
                "thinned": len(shown) < len(drawn),
            }
        )
    return chart


def _cells(issue, filters: RecordFilters):
    return LatestPosition.objects.matching(dataclasses.replace(filters, issues=[issue]))


def _cell_totals(issue, filters: RecordFilters) -> dict:
    """Published stances and experts on the issue from its read-model rows (one per expert)."""
    found = _cells(issue, filters).aggregate(stances=Sum("count"), experts=Count("id"))
    return {"stances": found["stances"] or 0, "experts": found["experts"]}


def _totals(issue, filters: RecordFilters, stances) -> dict:
    if filters.by_cell:
        return _cell_totals(issue, filters)
    found = stances.aggregate(stances=Count("id"), experts=Count("expert_id", distinct=True))
    return {"stances": found["stances"], "experts": found["experts"]}


def _span(years, points) -> tuple[dt.date, dt.date]:
    if years:
        return dt.date(years[0]["year"], 1, 1), dt.date(years[-1]["year"], 12, 31)
    dates = [dt.date.fromisoformat(p["x"]) for ps in points.values() for p in ps]
    return (min(dates), max(dates)) if dates else (dt.date.today(), dt.date.today())


def chart_table(
    issue, filters: RecordFilters, page_number, per_page: int = LISTED, count: int | None = None
) -> object:
    """One page of the chart's data, newest first, as rows (a Paginator page of dicts);
    `count`, when the caller knows how many stances there are, saves the COUNT query."""
    rows = (
        _on_issue(issue, filters)
        .order_by("-stated_on", "-pk")
        .values("pk", "position", "stated_on", "stated_precision", "summary", "expert__name")
        .annotate(expert_slug=F("expert__slug"))
    )
    paginator = Paginator(rows, per_page)
    if count is not None:
        paginator.count = count
    page = paginator.get_page(page_number)
    stance_url, expert_url = link_to("stance"), link_to("expert")
    page.object_list = [
        {
            **row,
            "url": stance_url(row["pk"]),
            "expert_url": expert_url(row["expert_slug"]),
            "stated": human_partial(row["stated_on"], row["stated_precision"]),
            "label": issue.label_for(row["position"]),
        }
        for row in page.object_list
    ]
    return page


def listed_rows(
    issue, filters: RecordFilters, page_number, per_page: int = LISTED, count: int | None = None
) -> object:
    """One page of the published stances in view, newest first, as rows (a Paginator page
    of dicts, links built): what the viewers' list shows of each, one query, no instances."""
    rows = (
        _on_issue(issue, filters)
        .order_by("-stated_on", "-pk")
        .values("pk", "position", "stated_on", "stated_precision", "summary", "quote")
        .annotate(
            expert_name=F("expert__name"),
            expert_slug=F("expert__slug"),
            perspective=F("expert__organisation__country"),
            source_title=F("source__title"),
            source_kind=F("source__kind"),
        )
    )
    paginator = Paginator(rows, per_page)
    if count is not None:
        paginator.count = count
    page = paginator.get_page(page_number)
    stance_url, expert_url = link_to("stance"), link_to("expert")
    kinds = {kind: label.lower() for kind, label in SourceKind.choices}
    page.object_list = [
        {
            **row,
            "url": stance_url(row["pk"]),
            "expert_url": expert_url(row["expert_slug"]),
            "stated": human_partial(row["stated_on"], row["stated_precision"]),
            "label": issue.label_for(row["position"]),
            "kind": kinds.get(row["source_kind"], row["source_kind"]),
        }
        for row in page.object_list
    ]
    return page


def issue_shifts(issue, filters: RecordFilters) -> tuple[list[Shift], int]:
    """The SHIFTS_SHOWN newest shifts on the issue, and how many there are in all."""
    on_issue = dataclasses.replace(filters, issues=[issue])
    shown = recent_shifts(on_issue, limit=SHIFTS_SHOWN)
    if len(shown) < SHIFTS_SHOWN:
        return shown, len(shown)
    if on_issue.by_move:
        return shown, StanceMove.objects.matching(on_issue).count()
    return shown, Stance.objects.matching(on_issue).moves().count()
