"""Stance × likelihood: the experts grouped by their latest position on one issue, each group
with its likelihoods for one scenario, every figure resting on its own quote.

Both sides follow the latest-word rule of `corpus.pages.latest`. An expert whose latest
statements on the issue disagree (a split) has no single position, so they are never put in
a position's group: they form the "split" group, each with the values they stated. Experts
with only one of the two records are kept and shown as such: a stance without an assessment
stays in its position's group marked "no assessment"; an assessment without a stance goes to
the "no stance on this issue" group.
"""

from dataclasses import dataclass, field

from corpus.models import ScenarioAssessment, Stance
from corpus.pages.latest import LatestWord, latest_words, signed

POSITIONS = (-2, -1, 0, 1, 2)


@dataclass
class Member:
    """One expert: their latest word on the issue and on the scenario (either may be None)."""

    expert: object
    stance: LatestWord | None
    assessment: LatestWord | None


@dataclass
class Group:
    """Experts sharing a latest position (or split, or no stance), with their likelihoods."""

    key: str  # "-2".."2", "split" or "none"
    title: str
    label: str
    members: list = field(default_factory=list)

    @property
    def likelihoods(self) -> list[int]:
        """Every likelihood stated by the group's members on their latest date, sorted."""
        return sorted(v for m in self.members if m.assessment for v in m.assessment.values)

    @property
    def likelihood_range(self) -> str:
        """ "1–2 of 5", "3 of 5", or "" when no member assessed the scenario."""
        values = self.likelihoods
        if not values:
            return ""
        low, high = values[0], values[-1]
        return f"{low} of 5" if low == high else f"{low}–{high} of 5"

    @property
    def without_assessment(self) -> int:
        return sum(1 for m in self.members if m.assessment is None)


@dataclass
class Grouping:
    issue: object
    scenario: object
    groups: list  # Group, from −2 to +2, then split, then no stance

    @property
    def experts(self) -> int:
        return sum(len(g.members) for g in self.groups)


def _records(queryset, subject_field: str):
    return (
        queryset.published()
        .latest_per_expert()
        .select_related("expert__organisation", "source", subject_field)
        .defer("source__text")
        .order_by("stated_on", "pk")
    )


def grouping(scenario, issue) -> Grouping:
    """The experts who spoke to the issue or the scenario, grouped by position (2 queries)."""
    stances = {
        expert_id: word
        for (expert_id, _), word in latest_words(
            _records(Stance.objects.filter(issue=issue), "issue")
        ).items()
    }
    assessments = {
        expert_id: word
        for (expert_id, _), word in latest_words(
            _records(ScenarioAssessment.objects.filter(scenario=scenario), "scenario")
        ).items()
    }
    groups = {str(p): Group(str(p), signed(p), issue.label_for(p)) for p in POSITIONS} | {
        "split": Group("split", "Split", "latest statements on this issue disagree"),
        "none": Group("none", "No stance", "no published stance on this issue"),
    }
    experts = {}
    for word in [*stances.values(), *assessments.values()]:
        experts.setdefault(word.records[0].expert_id, word.records[0].expert)
    for expert_id, expert in sorted(experts.items(), key=lambda e: (e[1].name, e[0])):
        stance = stances.get(expert_id)
        if stance is None:
            key = "none"
        elif stance.is_split:
            key = "split"
        else:
            key = str(stance.value)
        groups[key].members.append(Member(expert, stance, assessments.get(expert_id)))
    return Grouping(issue, scenario, list(groups.values()))


@dataclass
class DateRow:
    """What an expert stated on one date: stances on the left, assessments on the right."""

    stated_display: str
    stances: list = field(default_factory=list)
    assessments: list = field(default_factory=list)


def side_by_side(stances, assessments) -> list[DateRow]:
    """An expert's records by stated date, newest first (no query: records are loaded)."""
    rows: dict[tuple, DateRow] = {}
    for record in [*stances, *assessments]:
        key = (record.stated_on, record.stated_precision)
        row = rows.setdefault(key, DateRow(record.stated_display))
        (row.stances if hasattr(record, "position") else row.assessments).append(record)
    return [rows[key] for key in sorted(rows, key=lambda k: k[0], reverse=True)]
