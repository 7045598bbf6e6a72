"""Reading an annotation file: the experts of one document and the views read out of it."""

from dataclasses import dataclass, field
from pathlib import Path

from corpus.dates import PartialDate
from corpus.errors import IngestError, Problems
from corpus.models import Expert, Organisation, ScenarioAssessment, Stance
from corpus.models.records import Confidence, Status
from corpus.models.taxonomy import LIKELIHOODS, POSITIONS
from corpus.tomlfiles import check_keys, load_toml, records, take
from corpus.validation import model_problems, text_problem


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
    text_sha256: str = ""  # a coding pass names the exact text it was read from
    organisations: list[OrganisationSpec] = field(default_factory=list)
    experts: list[ExpertSpec] = field(default_factory=list)
    stances: list[RecordSpec] = field(default_factory=list)
    assessments: list[RecordSpec] = field(default_factory=list)


TOP_KEYS = ("source", "organisation", "expert", "stance", "assessment")
# A coding pass adds views to a document already annotated: no experts of its own.
CODING_KEYS = ("source", "text_sha256", "stance", "assessment")
ORGANISATION_KEYS = ("name", "country")
EXPERT_KEYS = ("slug", "name", "kind", "organisation", "role", "aliases")
_RECORD_KEYS = ("expert", "quote", "occurrence", "stated_on", "confidence", "status")
STANCE_KEYS = (*_RECORD_KEYS, "issue", "position", "summary")
ASSESSMENT_KEYS = (*_RECORD_KEYS, "scenario", "likelihood", "rationale")


def load_annotations(
    path: Path, problems: Problems | None = None, *, coding: bool = False
) -> AnnotationFile | None:
    """Parse one annotation file (or, with coding, one coding-pass file), checking every
    field with the models' rules.

    Every problem goes to problems (one line each); without a collector, InputProblems is
    raised when there are any. Returns None when the file cannot be read at all.
    """
    own = problems is None
    problems = Problems() if own else problems
    try:
        result = _load(path, problems, coding)
    except IngestError as exc:  # unreadable or malformed TOML: nothing more to check
        problems.add_error(exc)
        result = None
    if own:
        problems.raise_if_any()
    return result


def _load(path: Path, problems: Problems, coding: bool) -> AnnotationFile:
    data, raw = load_toml(path)
    check_keys(data, CODING_KEYS if coding else TOP_KEYS, problems, path, None)
    result = AnnotationFile(path, take(data, "source", str, problems, path, None) or "")
    if coding:
        result.text_sha256 = take(data, "text_sha256", str, problems, path, None) or ""
    for line, entry in records(data, raw, "organisation", path):
        check_keys(entry, ORGANISATION_KEYS, problems, path, line)
        name = take(entry, "name", str, problems, path, line)
        country = take(entry, "country", str, problems, path, line, default="")
        if name is not None and country is not None:
            _model(Organisation(name=name, country=country), problems, path, line)
            result.organisations.append(OrganisationSpec(name, country))
    for line, entry in records(data, raw, "expert", path):
        spec = _expert(entry, problems, path, line)
        if spec:
            result.experts.append(spec)
    for line, entry in records(data, raw, "stance", path):
        spec = _record(entry, "stance", problems, path, line)
        if spec:
            result.stances.append(spec)
    for line, entry in records(data, raw, "assessment", path):
        spec = _record(entry, "assessment", problems, path, line)
        if spec:
            result.assessments.append(spec)
    return result


def _model(instance, problems: Problems, path: Path, line, exclude=()) -> bool:
    found = model_problems(instance, exclude)
    for name, message in found:
        problems.add(path, line, name, message)
    return not found


def _expert(entry: dict, problems: Problems, path: Path, line) -> ExpertSpec | None:
    check_keys(entry, EXPERT_KEYS, problems, path, line)
    values = {
        "slug": take(entry, "slug", str, problems, path, line),
        "name": take(entry, "name", str, problems, path, line),
        "kind": take(entry, "kind", str, problems, path, line, default=Expert.Kind.PERSON),
        "organisation": take(entry, "organisation", str, problems, path, line, default=""),
        "role": take(entry, "role", str, problems, path, line, default=""),
    }
    aliases = entry.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        problems.add(path, line, "aliases", "must be a list of names")
        aliases = None
    else:
        for alias in aliases:
            if problem := text_problem(alias) or (len(alias) > 200 and "is over 200 characters"):
                problems.add(path, line, "aliases", f"{alias[:40]!r} {problem}")
                aliases = None
                break
    if None in values.values() or aliases is None:
        return None
    expert = Expert(
        slug=values["slug"], name=values["name"], kind=values["kind"], role=values["role"]
    )
    if not _model(expert, problems, path, line):
        return None
    return ExpertSpec(**values, aliases=tuple(aliases), path=path, line=line)


def _record(entry: dict, table: str, problems: Problems, path: Path, line) -> RecordSpec | None:
    def get(key, kind, **default):
        return take(entry, key, kind, problems, path, line, **default)

    confidence = get("confidence", str, default=Confidence.MEDIUM)
    status = get("status", str, default=Status.PUBLISHED)
    # An unsaved instance to check the field rules with, never saved from here.
    checked = {
        "confidence": confidence or Confidence.MEDIUM,
        "status": status or Status.PUBLISHED,
    }
    if table == "stance":
        check_keys(entry, STANCE_KEYS, problems, path, line)
        target, value, text = get("issue", str), get("position", int), get("summary", str)
        if value is not None and value not in POSITIONS:
            problems.add(path, line, "position", f"position {value} is out of range −2..+2")
            value = None
        instance = Stance(summary=text or "", position=value or 0, **checked)
    else:
        check_keys(entry, ASSESSMENT_KEYS, problems, path, line)
        target = get("scenario", str)
        value, text = get("likelihood", int), get("rationale", str)
        if value is not None and value not in LIKELIHOODS:
            problems.add(path, line, "likelihood", f"likelihood {value} is out of range 1..5")
            value = None
        instance = ScenarioAssessment(rationale=text or "", likelihood=value or 1, **checked)
    expert, quote = get("expert", str), get("quote", str)
    stated = None
    stated_on = get("stated_on", str, default=None)
    if stated_on is not None:
        try:
            stated = PartialDate.parse(stated_on)
        except ValueError as exc:
            problems.add(path, line, "stated_on", str(exc))
            stated_on = None
    occurrence = entry.get("occurrence", 1)
    if not isinstance(occurrence, int) or isinstance(occurrence, bool) or occurrence < 1:
        problems.add(path, line, "occurrence", "must be a whole number from 1")
        occurrence = None
    if quote is not None and (problem := text_problem(quote, long=True)):
        problems.add(path, line, "quote", problem)
        quote = None
    # Field rules: lengths, NUL and control characters, choices (status, confidence).
    exclude = [
        "quote",
        "quote_start",
        "quote_end",
        "stated_on",
        *(["summary", "rationale"] if text is None else []),
        *(["position", "likelihood"] if value is None else []),
    ]
    valid = _model(instance, problems, path, line, exclude)
    parts = (target, value, text, confidence, status, expert, quote, occurrence)
    if not valid or None in parts or (stated_on is None and "stated_on" in entry):
        return None
    return RecordSpec(
        table=table,
        expert=expert,
        target=target,
        value=value,
        text=text,
        quote=quote,
        occurrence=occurrence,
        stated=stated,
        confidence=confidence,
        status=status,
        path=path,
        line=line,
    )
