"""The coding queue of a source: its passages held by experts, each tagged with the issues and
scenarios its words suggest (the taxonomy's keywords), marked when already quoted or reviewed."""

from dataclasses import dataclass

from corpus.models import Issue, PassageReview, Scenario, ScenarioAssessment, Stance


@dataclass
class CodingRow:
    passage: object
    issues: list
    scenarios: list
    quoted: bool
    reviewed: bool


def _keywords(item) -> list[str]:
    return [w.casefold() for w in item.keywords.splitlines() if w.strip()]


def tags_for(text: str, items) -> list:
    """The items (issues or scenarios) one of whose keywords occurs in text, ignoring case."""
    folded = text.casefold()
    return [item for item, words in items if any(w in folded for w in words)]


def coding_rows(source) -> list[CodingRow]:
    """Every passage of source held by an expert, in order, with its suggested tags."""
    issues = [(i, _keywords(i)) for i in Issue.objects.order_by("order")]
    scenarios = [(s, _keywords(s)) for s in Scenario.objects.order_by("order")]
    quotes = [
        *Stance.objects.filter(source=source).values_list("quote_start", "quote_end"),
        *ScenarioAssessment.objects.filter(source=source).values_list("quote_start", "quote_end"),
    ]
    passages = list(
        source.passages.filter(expert__isnull=False).select_related("expert").order_by("index")
    )
    reviewed = set(
        PassageReview.objects.filter(passage__source=source).values_list("passage_id", flat=True)
    )
    return [
        CodingRow(
            passage=p,
            issues=tags_for(p.text, issues),
            scenarios=tags_for(p.text, scenarios),
            quoted=any(start < p.end and end > p.start for start, end in quotes),
            reviewed=p.pk in reviewed,
        )
        for p in passages
    ]


def mark_reviewed(passage, *, by=None) -> bool:
    """Record that an editor has coded passage; False if it already was."""
    _, created = PassageReview.objects.get_or_create(passage=passage, defaults={"reviewed_by": by})
    return created
