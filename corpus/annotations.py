"""Reading an annotation file: the experts of one document and the views read out of it."""

from dataclasses import dataclass, field
from pathlib import Path

from corpus.dates import PartialDate
from corpus.errors import IngestError
from corpus.models.records import Confidence, Status
from corpus.models.taxonomy import LIKELIHOODS, POSITIONS
from corpus.tomlfiles import load_toml, records, require


@dataclass(frozen=True)
class OrganisationSpec:
    name: str
    country: str


@dataclass(frozen=True)
class ExpertSpec:
    slug: str
    name: str
    kind: str
    organisation: str
    role: str
    aliases: tuple[str, ...]
    path: Path
    line: int | None


@dataclass(frozen=True)
class RecordSpec:
    """A stance (target = issue slug) or an assessment (target = scenario slug)."""

    table: str
    expert: str
    target: str
    value: int
    text: str  # the stance's summary or the assessment's rationale
    quote: str
    occurrence: int
    stated: PartialDate | None
    confidence: str
    status: str
    path: Path
    line: int | None


@dataclass
class AnnotationFile:
    path: Path
    source: str
    organisations: list[OrganisationSpec] = field(default_factory=list)
    experts: list[ExpertSpec] = field(default_factory=list)
    stances: list[RecordSpec] = field(default_factory=list)
    assessments: list[RecordSpec] = field(default_factory=list)


def load_annotations(path: Path) -> AnnotationFile:
    """Parse one annotation file, checking each field; IngestError names the line."""
    data, raw = load_toml(path)
    result = AnnotationFile(path, require(data, "source", str, path, None))
    for line, entry in records(data, raw, "organisation", path):
        result.organisations.append(
            OrganisationSpec(require(entry, "name", str, path, line), entry.get("country", ""))
        )
    for line, entry in records(data, raw, "expert", path):
        aliases = entry.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise IngestError(path, "field 'aliases' must be a list of names", line)
        kind = entry.get("kind", "person")
        if kind not in ("person", "institution"):
            raise IngestError(path, f"expert kind {kind!r} is not person or institution", line)
        result.experts.append(
            ExpertSpec(
                slug=require(entry, "slug", str, path, line),
                name=require(entry, "name", str, path, line),
                kind=kind,
                organisation=entry.get("organisation", ""),
                role=entry.get("role", ""),
                aliases=tuple(aliases),
                path=path,
                line=line,
            )
        )
    for line, entry in records(data, raw, "stance", path):
        result.stances.append(_record(entry, "stance", path, line))
    for line, entry in records(data, raw, "assessment", path):
        result.assessments.append(_record(entry, "assessment", path, line))
    return result


def _record(entry: dict, table: str, path: Path, line: int | None) -> RecordSpec:
    if table == "stance":
        target = require(entry, "issue", str, path, line)
        value = require(entry, "position", int, path, line)
        if value not in POSITIONS:
            raise IngestError(path, f"position {value} is out of range −2..+2", line)
        text = require(entry, "summary", str, path, line)
    else:
        target = require(entry, "scenario", str, path, line)
        value = require(entry, "likelihood", int, path, line)
        if value not in LIKELIHOODS:
            raise IngestError(path, f"likelihood {value} is out of range 1..5", line)
        text = require(entry, "rationale", str, path, line)
    confidence = entry.get("confidence", Confidence.MEDIUM)
    if confidence not in Confidence.values:
        raise IngestError(path, f"confidence {confidence!r} is not low, medium or high", line)
    status = entry.get("status", Status.PUBLISHED)
    if status not in Status.values:
        raise IngestError(path, f"status {status!r} is not draft or published", line)
    stated = None
    if "stated_on" in entry:
        try:
            stated = PartialDate.parse(require(entry, "stated_on", str, path, line))
        except ValueError as exc:
            raise IngestError(path, f"stated_on: {exc}", line) from None
    occurrence = entry.get("occurrence", 1)
    if not isinstance(occurrence, int) or isinstance(occurrence, bool) or occurrence < 1:
        raise IngestError(path, "occurrence must be a whole number from 1", line)
    return RecordSpec(
        table=table,
        expert=require(entry, "expert", str, path, line),
        target=target,
        value=value,
        text=text,
        quote=require(entry, "quote", str, path, line),
        occurrence=occurrence,
        stated=stated,
        confidence=confidence,
        status=status,
        path=path,
        line=line,
    )
