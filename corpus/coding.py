"""The coding queue of a source: its passages held by experts, each tagged with the issues and
scenarios its words suggest (the taxonomy's keywords), marked when already quoted or reviewed."""

import re
from dataclasses import dataclass

from corpus.models import Issue, PassageReview, Scenario, ScenarioAssessment, Stance


@dataclass
class CodingRow:
    passage: object
    issues: list
    scenarios: list
    quoted: bool
    reviewed: bool


# Keywords shorter than this are whole words ("war", "SCO": not "toward", "Moscow"); longer
# ones also match as the start of a word, so stems such as "mediat" or "asymmetr" work.
_STEM_LENGTH = 5


def _pattern(keyword: str) -> re.Pattern:
    words = r"\s+".join(re.escape(w) for w in keyword.split())
    if len(keyword) < _STEM_LENGTH:
        words += r"(?:s|es|ed|ing|['’]s)?\b"
    return re.compile(r"(?<!\w)" + words, re.IGNORECASE)


def keyword_patterns(item) -> list[re.Pattern]:
    """The compiled keywords of an issue or scenario."""
    return [_pattern(w.strip()) for w in item.keywords.splitlines() if w.strip()]


def tags_for(text: str, items) -> list:
    """The items (issues or scenarios) one of whose keywords starts a word of text, ignoring
    case."""
    return [item for item, patterns in items if any(p.search(text) for p in patterns)]


def coding_rows(source) -> list[CodingRow]:
    """Every passage of source held by an expert, in order, with its suggested tags."""
    issues = [(i, keyword_patterns(i)) for i in Issue.objects.order_by("order")]
    scenarios = [(s, keyword_patterns(s)) for s in Scenario.objects.order_by("order")]
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
