"""Saved views as people read them: the chart with the issue's name, and the filters in words
(no slugs, ids or query strings on the page; the present link keeps them)."""

from dataclasses import dataclass

from django.http import QueryDict

from corpus.dates import PartialDate
from corpus.models import Expert, Issue

# The filters a saved view's query may carry, in the order they are described.
_LABELS = {
    "issues": "Issues",
    "experts": "Experts",
    "perspective": "Perspective",
    "organisation": "Organisation",
    "kind": "Sources",
    "date_from": "Stated from",
    "date_to": "Stated to",
    "as_of": "As of",
    "page": "Page",
}


@dataclass(frozen=True)
class SavedViewRow:
    view: object
    chart: str  # "Issue timeline · Ukraine and the war"
    filters: str  # "As of 3 March 2022 · Experts: Ada Lovelace, Bo Li"


def _slugs(query: QueryDict, name: str) -> list[str]:
    return [s for value in query.getlist(name) for s in value.split(",") if s]


def _value(name: str, values: list[str], issues: dict, experts: dict) -> str:
    if name == "issues":
        return ", ".join(issues.get(s, s) for s in values)
    if name == "experts":
        return ", ".join(experts.get(s, s) for s in values)
    if name in ("date_from", "date_to", "as_of"):
        try:
            return PartialDate.parse(values[0]).label
        except ValueError:
            return values[0]
    return ", ".join(values)


def saved_view_rows(views) -> list[SavedViewRow]:
    """Each view with its chart and filters in words (two queries, whatever the count)."""
    queries = [QueryDict(v.query) for v in views]
    issue_slugs = {v.target for v in views if v.target}
    expert_slugs = set()
    for query in queries:
        issue_slugs.update(_slugs(query, "issues"))
        expert_slugs.update(_slugs(query, "experts"))
    issues = dict(Issue.objects.filter(slug__in=issue_slugs).values_list("slug", "name"))
    experts = (
        dict(Expert.objects.filter(slug__in=expert_slugs).values_list("slug", "name"))
        if expert_slugs
        else {}
    )
    rows = []
    for view, query in zip(views, queries, strict=True):
        chart = view.get_kind_display()
        if view.target:
            chart = f"{chart} · {issues.get(view.target, view.target)}"
        words = []
        for name, label in _LABELS.items():
            values = _slugs(query, name) if name in ("issues", "experts") else query.getlist(name)
            values = [v for v in values if v]
            if values:
                words.append(f"{label}: {_value(name, values, issues, experts)}")
        rows.append(SavedViewRow(view, chart, " · ".join(words)))
    return rows
