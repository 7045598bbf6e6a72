"""Reading taxonomy.toml: the issues with their five scale labels, and the scenarios."""

from dataclasses import dataclass
from pathlib import Path

from corpus.errors import IngestError
from corpus.tomlfiles import load_toml, records, require

LABEL_KEYS = {
    "-2": "label_minus_2",
    "-1": "label_minus_1",
    "0": "label_0",
    "1": "label_plus_1",
    "2": "label_plus_2",
}


@dataclass(frozen=True)
class IssueSpec:
    slug: str
    values: dict


@dataclass(frozen=True)
class ScenarioSpec:
    slug: str
    values: dict
    issues: tuple[str, ...]


def load_taxonomy(path: Path) -> tuple[list[IssueSpec], list[ScenarioSpec]]:
    """Parse and check taxonomy.toml."""
    data, raw = load_toml(path)
    issues = []
    for order, (line, entry) in enumerate(records(data, raw, "issue", path)):
        labels = require(entry, "labels", dict, path, line)
        missing = [k for k in LABEL_KEYS if not str(labels.get(k, "")).strip()]
        if missing:
            raise IngestError(path, f"issue labels lack scale points {', '.join(missing)}", line)
        values = {
            "name": require(entry, "name", str, path, line),
            "question": require(entry, "question", str, path, line),
            "order": order,
            "keywords": _keywords(entry, path, line),
            **{field: labels[key] for key, field in LABEL_KEYS.items()},
        }
        issues.append(IssueSpec(require(entry, "slug", str, path, line), values))
    known = {i.slug for i in issues}
    scenarios = []
    for order, (line, entry) in enumerate(records(data, raw, "scenario", path)):
        related = tuple(entry.get("issues", []))
        unknown = [s for s in related if s not in known]
        if unknown:
            raise IngestError(path, f"scenario names unknown issue {unknown[0]!r}", line)
        values = {
            "title": require(entry, "title", str, path, line),
            "description": require(entry, "description", str, path, line),
            "horizon": entry.get("horizon", ""),
            "order": order,
            "keywords": _keywords(entry, path, line),
        }
        scenarios.append(ScenarioSpec(require(entry, "slug", str, path, line), values, related))
    return issues, scenarios


def _keywords(entry: dict, path: Path, line: int) -> str:
    """The optional keyword list of an issue or scenario, one per line as the model keeps it."""
    words = entry.get("keywords", [])
    if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
        raise IngestError(path, "keywords must be a list of strings", line)
    return "\n".join(w.strip() for w in words if w.strip())
