"""The method page: how the record is coded and read, built from the taxonomy and the rules.

Every definition here is the docstring or constant of the code that applies it, so the page
cannot drift from what the pages actually do.
"""

import inspect
from dataclasses import dataclass

from django.db.models import Max

from corpus.changes import records as change_rules
from corpus.models import Issue, Scenario, ScenarioAssessment, Stance
from corpus.models.record_queries import stated_by_q
from corpus.models.taxonomy import LIKELIHOODS
from corpus.pages import latest
from corpus.pages.compare import DISAGREEMENT_POINTS
from corpus.pages.issue_page import shifts, spread_by_year
from corpus.pages.overview import contested_issues
from corpus.roles import ROLE_PERMISSIONS, ROLES

# How a quote becomes a position: the rule curators and editors apply (seeds/README.md).
CODING_RULE = [
    "A stance is coded from its quote alone: the position is what those exact words support, "
    "not what the speaker is known to think elsewhere.",
    "±2 when the quote states the pole outright (the scale's end label, or words as strong); "
    "±1 when it leans that way with a qualification, a condition or a hedge; 0 when it holds "
    "both sides or says the middle label.",
    "A position the quote alone does not support is a defect: reviewers reject or send it back.",
    "A speaker quoted by an author holds the views in the quote, not the author.",
]

ROLE_SUMMARY = {
    "viewer": "reads every page, chart and export of the published record; presents decks",
    "presenter": "also makes saved views, decks and read-only share links, and manages their "
    "own (others' they may duplicate)",
    "editor": "also adds sources and records or edits stances and assessments; a new record is "
    "a draft, and an edit of a published record waits for review beside it",
    "reviewer": "also accepts, rejects or sends back changes, deprecates, reverts and restores "
    "records, and manages anyone's decks; a reviewer's own edit applies at once",
}


@dataclass(frozen=True)
class Term:
    name: str
    meaning: str


def _doc(thing) -> str:
    return " ".join(inspect.getdoc(thing).split())


def terms() -> list[Term]:
    """Each word the pages use, with the rule that defines it (the rule's own docstring)."""
    latest_doc = _doc(latest).split(". ", 1)[1]  # past the module's one-line title
    latest_part, split_part = latest_doc.split(" When those", 1)
    return [
        Term("latest", latest_part),
        Term("split", "When those" + split_part),
        Term(
            "as of",
            "What the record said at that date: only records whose whole dated period is "
            "past count. " + _doc(stated_by_q).split(". ", 1)[1],
        ),
        Term("contested", _doc(contested_issues)),
        Term(
            "shift",
            _doc(shifts).split(", among")[0] + ", newest first; statements of one source "
            "are nuances of one statement, not a shift.",
        ),
        Term(
            "disagreement (compare)",
            f"Two experts {DISAGREEMENT_POINTS} or more points apart on an issue's scale.",
        ),
        Term("yearly band", _doc(spread_by_year) + " It is an aggregate, labelled as such."),
    ]


def review_rule() -> str:
    """The paragraph of the write door's docstring that states the review rule."""
    doc = inspect.getdoc(change_rules)
    paragraph = next(p for p in doc.split("\n\n") if p.startswith("Review"))
    return " ".join(paragraph.split())


def roles() -> list[tuple[str, str, int]]:
    return [(role, ROLE_SUMMARY[role], len(ROLE_PERMISSIONS[role])) for role in ROLES]


def last_changed():
    """When any stance or assessment last changed (history included)."""
    dates = [
        model.history.aggregate(last=Max("history_date"))["last"]
        for model in (Stance, ScenarioAssessment)
    ]
    dates = [d for d in dates if d]
    return max(dates) if dates else None


def method_page() -> dict:
    return {
        "issues": list(Issue.objects.all()),
        "scenarios": list(Scenario.objects.all()),
        "likelihoods": sorted(LIKELIHOODS.items()),
        "coding_rule": CODING_RULE,
        "terms": terms(),
        "review_rule": review_rule(),
        "roles": roles(),
        "last_changed": last_changed(),
    }
