"""Helpers for the editing tests: form data from a record, and a snapshot of the database."""

from corpus import changes
from corpus.dates import format_partial
from corpus.models import (
    Expert,
    ExpertAlias,
    Issue,
    Organisation,
    Passage,
    PassageReview,
    PendingSource,
    Scenario,
    ScenarioAssessment,
    Source,
    SourceFile,
    Stance,
)
from corpus.write_guard import open_door

# Every model of the record, in the order a snapshot lists them.
RECORD_MODELS = [
    Organisation,
    Expert,
    ExpertAlias,
    Issue,
    Scenario,
    Source,
    SourceFile,
    PendingSource,
    Passage,
    PassageReview,
    Stance,
    ScenarioAssessment,
]


def _quoted_data(record, version=True) -> dict:
    data = {
        "expert": record.expert_id,
        "stated": format_partial(record.stated_on, record.stated_precision),
        "confidence": record.confidence,
        "quote": record.quote,
        "quote_start": record.quote_start,
    }
    if version:
        data["version"] = record.version
    return data


def stance_data(stance, **changes) -> dict:
    """What the stance's edit form posts when nothing is changed, then the changes."""
    data = _quoted_data(stance) | {
        "issue": stance.issue_id,
        "position": stance.position,
        "summary": stance.summary,
    }
    return data | changes


def assessment_data(assessment, **changes) -> dict:
    data = _quoted_data(assessment) | {
        "scenario": assessment.scenario_id,
        "likelihood": assessment.likelihood,
        "rationale": assessment.rationale,
    }
    return data | changes


def db_state() -> dict:
    """Every row and every historical row of the corpus, to assert nothing changed."""
    state = {}
    for model in RECORD_MODELS:
        state[model.__name__] = list(model.objects.order_by("pk").values())
        if hasattr(model, "history"):
            state[f"{model.__name__} history"] = model.history.count()
    return state


def delete_draft(record) -> None:
    """Delete a draft through the write door, as a reviewer would."""
    changes.delete_draft(record, seen_version=record.version, by=None)


def forget(*querysets_or_records) -> None:
    """Remove rows outright, as if the database never had them (a fresh install, a gap for an
    import to fill): test set-up only, never a change to the record."""
    with open_door():
        for item in querysets_or_records:
            item.delete()
