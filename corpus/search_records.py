"""Search beyond passages: the experts, organisations, issues, scenarios, stances and
assessments whose names or words hold the query, a few of each kind (bounded, top-k).

Plain containment (`icontains`) behaves the same on SQLite and PostgreSQL; each kind is one
query capped at `per_kind` rows, so the cost does not grow with the record.
"""

from dataclasses import dataclass

from django.db.models import Q

from corpus.models import Expert, Issue, Organisation, Scenario, ScenarioAssessment, Stance

PER_KIND = 5


@dataclass
class RecordHits:
    experts: list
    organisations: list
    issues: list
    scenarios: list
    stances: list
    assessments: list

    @property
    def total(self) -> int:
        return sum(len(v) for v in vars(self).values())


def text_of(query: str) -> str:
    """The words to look for: the passage syntax's quotes and operators are not in names."""
    return " ".join(w for w in query.replace('"', " ").split() if w.lower() != "or").strip("-")


def search_records(query: str, per_kind: int = PER_KIND) -> RecordHits:
    text = text_of(query)
    if not text:
        return RecordHits([], [], [], [], [], [])
    experts = (
        Expert.objects.filter(Q(name__icontains=text) | Q(aliases__name__icontains=text))
        .select_related("organisation")
        .distinct()
        .order_by("name", "pk")[:per_kind]
    )
    quoted = Q(quote__icontains=text)
    return RecordHits(
        experts=list(experts),
        organisations=list(Organisation.objects.filter(name__icontains=text)[:per_kind]),
        issues=list(
            Issue.objects.filter(Q(name__icontains=text) | Q(question__icontains=text))[:per_kind]
        ),
        scenarios=list(
            Scenario.objects.filter(
                Q(title__icontains=text) | Q(description__icontains=text)
            ).order_by("title", "pk")[:per_kind]
        ),
        stances=list(
            Stance.objects.published()
            .filter(Q(summary__icontains=text) | quoted)
            .select_related("expert", "issue", "source")
            .defer("source__text")
            .order_by("-stated_on", "pk")[:per_kind]
        ),
        assessments=list(
            ScenarioAssessment.objects.published()
            .filter(Q(rationale__icontains=text) | quoted)
            .select_related("expert", "scenario", "source")
            .defer("source__text")
            .order_by("-stated_on", "pk")[:per_kind]
        ),
    )
