"""What applying a checked import would do: per kind, how many records are new and which."""

from dataclasses import dataclass, field

from corpus.exchange import ImportPlan
from corpus.models import Expert, Issue, Organisation, Scenario, ScenarioAssessment, Source, Stance

# The same natural keys apply_import uses to leave present records alone.
_KEYS = {
    "issues": (Issue, ("slug",), ("slug",)),
    "scenarios": (Scenario, ("slug",), ("slug",)),
    "organisations": (Organisation, ("name",), ("name",)),
    "experts": (Expert, ("slug",), ("slug",)),
    "sources": (Source, ("sha256",), ("sha256",)),
    "stances": (
        Stance,
        ("expert", "issue", "source_sha256", "quote_start"),
        ("expert__slug", "issue__slug", "source__sha256", "quote_start"),
    ),
    "scenario_assessments": (
        ScenarioAssessment,
        ("expert", "scenario", "source_sha256", "quote_start"),
        ("expert__slug", "scenario__slug", "source__sha256", "quote_start"),
    ),
}
LABELS = {
    "issues": "Issues",
    "scenarios": "Scenarios",
    "organisations": "Organisations",
    "experts": "Experts",
    "sources": "Sources",
    "stances": "Stances",
    "scenario_assessments": "Scenario assessments",
}


@dataclass
class KindPreview:
    label: str
    in_file: int
    new: list[dict] = field(default_factory=list)

    @property
    def present(self) -> int:
        return self.in_file - len(self.new)


def preview_import(plan: ImportPlan) -> dict[str, KindPreview]:
    """For each kind of record in the plan: how many it holds and which of them are new."""
    preview = {}
    for kind, (model, file_keys, db_keys) in _KEYS.items():
        records = plan.data.get(kind, [])
        have = set(model.objects.values_list(*db_keys))
        new = [r for r in records if tuple(r.get(k) for k in file_keys) not in have]
        preview[kind] = KindPreview(LABELS[kind], len(records), new)
    return preview
