"""The overview: the experts × issues matrix, its insights strip and the record's counts."""

import datetime as dt
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db import connection

from corpus.filters import RecordFilters
from corpus.models import Expert, Issue, Scenario, ScenarioAssessment, Source, Stance
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
    def position(self) -> int | None:
        """The position stated, or None when the latest statements disagree."""
        return self.value

    def _label_of(self, value: int) -> str:
        return self.issue.label_for(value)


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
            cells[key].values.append(position)
        else:
            issue = next(i for i in filters.issues if i.pk == issue_id)
            cells[key] = Cell(on_page[expert_id], issue, [position], stated_on, precision)
    for cell in cells.values():
        cell.values.sort()
    rows = [
        (expert, [cells.get((expert.pk, issue.pk)) for issue in filters.issues])
        for expert in page.object_list
    ]
    return Matrix(issues=filters.issues, rows=rows, page=page)


def contested_issues(filters: RecordFilters, limit: int = 3) -> list[ContestedIssue]:
    """Issues whose experts' latest positions are furthest apart, widest first.

    An expert split on their latest date counts at each value they stated.
    """
    by_issue = {i.pk: i for i in filters.issues}
    current: dict[int, dict[int, list[int]]] = {}
    rows = Stance.objects.latest_per_cell(filters).values_list("issue_id", "expert_id", "position")
    for issue_id, expert_id, position in rows:
        current.setdefault(issue_id, {}).setdefault(expert_id, []).append(position)
    found = []
    for issue_id, experts in current.items():
        stated = [p for positions in experts.values() for p in positions]
        if issue_id in by_issue and len(experts) > 1 and max(stated) > min(stated):
            low, high = min(stated), max(stated)
            found.append(ContestedIssue(by_issue[issue_id], high - low, low, high, len(experts)))
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
