"""The overview: the experts × issues matrix, its insights strip and the record's counts."""

import datetime as dt
from dataclasses import dataclass, replace
from functools import cached_property

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, Exists, Max, Min, OuterRef

from corpus.dates import human_partial
from corpus.filters import RecordFilters
from corpus.models import Expert, Issue, Scenario, ScenarioAssessment, Source, Stance
from corpus.models.read_models import IssueYearSpread, LatestPosition
from corpus.page_cache import CELLS, PEOPLE, cached, cached_parts, generation_values, generations
from corpus.pages.latest import Latest


@dataclass
class Cell(Latest):
    """An expert's latest published position on one issue: one value, or a split (`Latest`)."""

    expert: object
    issue: object
    values: list[int]  # every matching stance of the latest date, sorted once the cell is full
    stated_on: dt.date
    stated_precision: str

    @property
    def key(self) -> str:
        """How the overview's `cell` parameter names this cell."""
        return f"{self.expert.slug}:{self.issue.slug}"

    @property
    def stated_display(self) -> str:
        return human_partial(self.stated_on, self.stated_precision)

    @property
    def position(self) -> int | None:
        """The position stated, or None when the latest statements disagree."""
        return self.value

    def _label_of(self, value: int) -> str:
        return self.issue.label_for(value)


@dataclass
class Matrix:
    """One page of experts (by name) under the filters; their cells read when asked for."""

    filters: RecordFilters
    page: object  # django.core.paginator.Page of experts
    experts: list  # the page's experts, in order

    @property
    def issues(self) -> list:
        return self.filters.issues

    def rows_of(self, experts) -> list:
        """(expert, [Cell | None per issue]) for these experts of the page, in one query."""
        on_page = {e.pk: e for e in experts}
        issues = {i.pk: i for i in self.filters.issues}
        cells: dict[tuple[int, int], Cell] = {}
        for expert_id, issue_id, positions, stated_on, precision in _cells_of(
            self.filters, list(on_page)
        ):
            cells[expert_id, issue_id] = Cell(
                on_page[expert_id], issues[issue_id], sorted(positions), stated_on, precision
            )
        return [
            (expert, [cells.get((expert.pk, issue.pk)) for issue in self.filters.issues])
            for expert in experts
        ]

    @cached_property
    def rows(self) -> list:
        """Every row of the page (the slide shows them all; the page caches them per expert)."""
        return self.rows_of(self.experts)


@dataclass
class ContestedIssue:
    issue: object
    spread: int
    low: int
    high: int
    experts: int

    @property
    def low_label(self) -> str:
        return self.issue.label_for(self.low)

    @property
    def high_label(self) -> str:
        return self.issue.label_for(self.high)


def _experts_shown(filters: RecordFilters) -> Exists:
    """Whether an expert has a cell under the filters: from the read model when it can answer
    them. EXISTS rather than IN: walking the experts by name, a page stops at its end."""
    cells = LatestPosition.objects if filters.by_cell else Stance.objects
    return Exists(cells.matching(filters).filter(expert=OuterRef("pk")))


def _cells_of(filters: RecordFilters, expert_ids):
    """(expert id, issue id, positions, stated_on, precision) per cell of these experts.

    Unfiltered (or filtered by whole experts and issues) this reads one read-model row per
    cell; a source kind or date filter changes which statements are latest, so then the
    latest are found among the matching stances (one row per stance, grouped here).
    """
    if filters.by_cell:
        rows = LatestPosition.objects.matching(filters).filter(expert_id__in=expert_ids)
        fields = ("expert_id", "issue_id", "positions", "stated_on", "stated_precision")
        yield from rows.values_list(*fields)
        return
    latest = Stance.objects.latest_per_cell(filters).filter(expert_id__in=expert_ids)
    grouped = {}
    for expert_id, issue_id, position, stated_on, precision in latest.values_list(
        "expert_id", "issue_id", "position", "stated_on", "stated_precision"
    ):
        cell = grouped.setdefault(
            (expert_id, issue_id), [expert_id, issue_id, [], stated_on, precision]
        )
        cell[2].append(position)
    yield from grouped.values()


def matrix(filters: RecordFilters, page_number=1, per_page: int = 40, values=None) -> Matrix:
    """One page of experts (by name): their count (cached) and the page, then their cells.

    values: the generations already read for the request (with CELLS and PEOPLE), if any."""
    experts = (
        Expert.objects.filter(_experts_shown(filters))
        .select_related("organisation")
        .order_by("name", "pk")
    )
    paginator = Paginator(experts, per_page)
    if filters.by_cell:
        paginator.count = _shown_count(filters, experts, values)
    page = paginator.get_page(page_number)
    return Matrix(filters=filters, page=page, experts=list(page.object_list))


def experts_shown(filters: RecordFilters) -> int:
    """How many experts the matrix under these filters has rows for (cached when it can)."""
    experts = Expert.objects.filter(_experts_shown(filters))
    return _shown_count(filters, experts) if filters.by_cell else experts.count()


def _shown_count(filters: RecordFilters, experts, values=None) -> int:
    """How many experts have a cell under these filters: a scan of every expert, so cached
    under what can change it (a cell appearing or going, an expert's organisation)."""
    issues = ",".join(str(issue.pk) for issue in filters.issues)
    key = "\n".join(
        [
            generations([CELLS, PEOPLE], values),
            issues,
            filters.perspective,
            filters.organisation,
            str(filters.include_drafts),
        ]
    )
    return cached("overview-shown", key, experts.count)


def _spans(filters: RecordFilters):
    """(issue id, lowest, highest, experts) of the latest positions per issue."""
    if filters.by_cell:
        yield from _cached_spans(filters)
        return
    current: dict[int, dict[int, list[int]]] = {}
    rows = Stance.objects.latest_per_cell(filters).values_list("issue_id", "expert_id", "position")
    for issue_id, expert_id, position in rows:
        current.setdefault(issue_id, {}).setdefault(expert_id, []).append(position)
    for issue_id, experts in current.items():
        stated = [p for positions in experts.values() for p in positions]
        yield issue_id, min(stated), max(stated), len(experts)


def _spans_in_sql(filters: RecordFilters):
    """One row per issue, aggregated in SQL over one read-model row per cell (by_cell)."""
    rows = LatestPosition.objects.matching(filters).values("issue_id").order_by()
    spans = rows.annotate(lo=Min("low"), hi=Max("high"), n=Count("id"))
    return spans.values_list("issue_id", "lo", "hi", "n")


def _cached_spans(filters: RecordFilters):
    """_spans_in_sql per issue, cached under the issue's generation (which every change to
    its stances moves): after an edit only the edited issue's span is aggregated again."""
    scopes = {issue.pk: f"issue:{issue.pk}" for issue in filters.issues}
    values = generation_values([PEOPLE, *scopes.values()])
    # The people generation too: perspective and organisation go by the experts' organisations.
    base = f"{values[PEOPLE]}\n{filters.perspective}\n{filters.organisation}"
    keys = {pk: f"{base}\n{scope}={values[scope]}" for pk, scope in scopes.items()}

    def compute(missing):
        chosen = replace(filters, issues=[i for i in filters.issues if i.pk in missing])
        found = {issue_id: span for issue_id, *span in _spans_in_sql(chosen)}
        return {pk: tuple(found.get(pk, ())) for pk in missing}

    for issue_id, span in cached_parts("overview-span", keys, compute).items():
        if span:  # () for an issue nobody has a position on
            yield issue_id, *span


def contested_issues(filters: RecordFilters, limit: int = 3) -> list[ContestedIssue]:
    """Issues whose experts' latest positions are furthest apart, widest first.

    An expert split on their latest date counts at each value they stated.
    """
    by_issue = {i.pk: i for i in filters.issues}
    found = [
        ContestedIssue(by_issue[issue_id], high - low, low, high, experts)
        for issue_id, low, high, experts in _spans(filters)
        if issue_id in by_issue and experts > 1 and high > low
    ]
    found.sort(key=lambda c: (-c.spread, -c.experts, c.issue.order))
    return found[:limit]


def record_counts() -> dict[str, int]:
    """How much the record holds, published records only, in one query."""
    quote = connection.ops.quote_name

    def count(model, published=False):
        where = f" WHERE {quote('status')} = %s" if published else ""
        return f"(SELECT COUNT(*) FROM {quote(model._meta.db_table)}{where})"

    columns = {
        "sources": count(Source),
        "experts": count(Expert),
        "issues": count(Issue),
        "scenarios": count(Scenario),
        # Published stances, summed over the read model's issue × year rows (not a scan).
        "stances": f"(SELECT COALESCE(SUM({quote('count')}), 0) FROM "
        f"{quote(IssueYearSpread._meta.db_table)})",
        "assessments": count(ScenarioAssessment, published=True),
    }
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(columns.values()), ["published"])
        return dict(zip(columns, cursor.fetchone(), strict=True))
