"""The overview: the experts × issues matrix, its insights strip and the record's counts."""

import datetime as dt
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db import connection

from corpus.filters import RecordFilters
from corpus.models import Expert, Issue, Scenario, ScenarioAssessment, Source, Stance
from corpus.pages.latest import scale_point


@dataclass
class Cell:
    """An expert's latest published position on one issue (the median if several that day)."""

    expert: object
    issue: object
    positions: list[int]
    stated_on: dt.date
    stated_precision: str

    @property
    def key(self) -> str:
        """How the overview's `cell` parameter names this cell."""
        return f"{self.expert.slug}:{self.issue.slug}"

    @property
    def position(self) -> int:
        return scale_point(self.positions)

    @property
    def low(self) -> int:
        return min(self.positions)

    @property
    def high(self) -> int:
        return max(self.positions)

    @property
    def mixed(self) -> bool:
        return self.low != self.high

    @property
    def label(self) -> str:
        return self.issue.label_for(self.position)


@dataclass
class Matrix:
    issues: list
    rows: list  # (expert, [Cell | None per issue])
    page: object  # django.core.paginator.Page of experts


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


def matrix(filters: RecordFilters, page_number=1, per_page: int = 40) -> Matrix:
    """One page of experts (by name) with their cells, in a fixed number of queries."""
    experts = (
        Expert.objects.filter(pk__in=Stance.objects.matching(filters).values("expert_id"))
        .select_related("organisation")
        .order_by("name", "pk")
    )
    page = Paginator(experts, per_page).get_page(page_number)
    on_page = {e.pk: e for e in page.object_list}
    cells: dict[tuple[int, int], Cell] = {}
    latest = Stance.objects.latest_per_cell(filters).filter(expert_id__in=list(on_page))
    for expert_id, issue_id, position, stated_on, precision in latest.values_list(
        "expert_id", "issue_id", "position", "stated_on", "stated_precision"
    ):
        key = (expert_id, issue_id)
        if key in cells:
            cells[key].positions.append(position)
        else:
            issue = next(i for i in filters.issues if i.pk == issue_id)
            cells[key] = Cell(on_page[expert_id], issue, [position], stated_on, precision)
    rows = [
        (expert, [cells.get((expert.pk, issue.pk)) for issue in filters.issues])
        for expert in page.object_list
    ]
    return Matrix(issues=filters.issues, rows=rows, page=page)


def contested_issues(filters: RecordFilters, limit: int = 3) -> list[ContestedIssue]:
    """Issues whose experts' latest positions are furthest apart, widest first."""
    by_issue = {i.pk: i for i in filters.issues}
    current: dict[int, dict[int, list[int]]] = {}
    rows = Stance.objects.latest_per_cell(filters).values_list("issue_id", "expert_id", "position")
    for issue_id, expert_id, position in rows:
        current.setdefault(issue_id, {}).setdefault(expert_id, []).append(position)
    found = []
    for issue_id, experts in current.items():
        positions = [scale_point(p) for p in experts.values()]
        if issue_id in by_issue and len(positions) > 1 and max(positions) > min(positions):
            low, high = min(positions), max(positions)
            found.append(ContestedIssue(by_issue[issue_id], high - low, low, high, len(positions)))
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
        "stances": count(Stance, published=True),
        "assessments": count(ScenarioAssessment, published=True),
    }
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(columns.values()), ["published", "published"])
        return dict(zip(columns, cursor.fetchone(), strict=True))
