"""Helpers for the editing tests: form data from a record, and a snapshot of the database."""

from corpus.dates import format_partial
from corpus.models import (
    Expert,
    ExpertAlias,
    Issue,
    Organisation,
    Passage,
    Scenario,
    ScenarioAssessment,
    Source,
    Stance,
)

# Every model of the record, in the order a snapshot lists them.
RECORD_MODELS = [
    Organisation,
    Expert,
    ExpertAlias,
    Issue,
    Scenario,
    Source,
    Passage,
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
