"""Checking an exported record before import: every problem, one line each, nothing written.

Each record is checked for its keys (unknown ones suggest the nearest known key), their
types, the model's own rules (corpus/validation.py) and its references (experts, issues,
scenarios, organisations and sources that exist in the file or the database). Size and
nesting depth are bounded before the JSON parser sees the text.
"""

import json
import re

from corpus.dates import PartialDate
from corpus.errors import IngestError, Problems
from corpus.models import (
    Expert,
    Issue,
    Organisation,
    Passage,
    Scenario,
    ScenarioAssessment,
    Source,
    Stance,
)
from corpus.taxonomy_loader import LABEL_KEYS
from corpus.validation import model_problems, span_problem, text_problem, unknown_keys

FORMAT_VERSION = 1
# An export nests five levels deep (record › sources › source › passages › passage).
MAX_DEPTH = 16
MAX_CHARS = 64 * 1024 * 1024

TABLES = (
    "issues",
    "scenarios",
    "organisations",
    "experts",
    "sources",
    "stances",
    "scenario_assessments",
)
NONE = type(None)
_QUOTED = {
    "expert": (str, True),
    "source_sha256": (str, True),
    "stated_on": (str, True),
    "stated_precision": (str, True),
    "quote": (str, True),
    "quote_start": (int, True),
    "quote_end": (int, True),
    "confidence": (str, True),
    "status": (str, True),
}
# Per table: key → (type or types, required).
FIELDS = {
    "issues": {
        "slug": (str, True),
        "name": (str, True),
        "question": (str, True),
        "labels": (dict, True),
        "order": (int, False),
    },
    "scenarios": {
        "slug": (str, True),
        "title": (str, True),
        "description": (str, True),
        "horizon": (str, False),
        "issues": (list, False),
        "order": (int, False),
    },
    "organisations": {"name": (str, True), "country": (str, False)},
    "experts": {
        "slug": (str, True),
        "name": (str, True),
        "kind": (str, False),
        "role": (str, False),
        "aliases": (list, False),
        "organisation": ((str, NONE), False),
    },
    "sources": {
        "title": (str, True),
        "publisher": (str, True),
        "kind": (str, True),
        "published_on": (str, True),
        "date_precision": (str, True),
        "url": ((str, NONE), False),
        "sha256": (str, True),
        "path": ((str, NONE), False),
        "text": (str, True),
        "passages": (list, False),
    },
    "stances": {**_QUOTED, "issue": (str, True), "position": (int, True), "summary": (str, True)},
    "scenario_assessments": {
        **_QUOTED,
        "scenario": (str, True),
        "likelihood": (int, True),
        "rationale": (str, True),
    },
}
PASSAGE_FIELDS = {
    "index": (int, True),
    "start": (int, True),
    "end": (int, True),
    "speaker_label": (str, False),
    "expert": ((str, NONE), False),
}
_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)
_SHA256 = re.compile(r"[0-9a-f]{64}")


def nesting_depth(text: str, limit: int) -> int:
    """The deepest bracket nesting of a JSON text (strings skipped), stopping past limit."""
    depth = deepest = 0
    for token in _TOKENS.finditer(text):
        char = token.group()[0]
        if char in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    break
        elif char in "]}":
            depth -= 1
    return deepest


def load_import(text: str, name: str) -> dict:
    """The checked document of an import; InputProblems lists everything wrong with it."""
    if len(text) > MAX_CHARS:
        raise IngestError(name, f"the file is {len(text):,} characters; the limit is {MAX_CHARS:,}")
    if nesting_depth(text, MAX_DEPTH) > MAX_DEPTH:
        raise IngestError(name, f"nested more than {MAX_DEPTH} levels deep: not an export")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise IngestError(name, f"not valid JSON: {exc.msg}", exc.lineno) from None
    except (ValueError, RecursionError) as exc:  # e.g. a number of 5,000 digits
        raise IngestError(name, f"not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise IngestError(name, "the top level must be an object")
    version = data.get("format")
    if version != FORMAT_VERSION or isinstance(version, bool):
        raise IngestError(
            name,
            f"format {version!r} is not supported: this Vantage reads format {FORMAT_VERSION} "
            "(the 'format' key of a file written by export)",
        )
    _Checker(name, data).run()
    return data


class _Checker:
    """One pass over a parsed document, collecting every problem."""

    def __init__(self, name: str, data: dict):
        self.name, self.data = name, data
        self.problems = Problems()
        self.tables: dict[str, list[tuple[str, dict]]] = {}

    def add(self, where: str, field: str, message: str) -> None:
        self.problems.add(self.name, where, field, message)

    def run(self) -> None:
        for key, message in unknown_keys(self.data, ("format", *TABLES)):
            self.add("", key, message)
        for table in TABLES:
            self.tables[table] = self._records(table)
        self.issues = self._slugs("issues", Issue)
        self.scenarios = self._slugs("scenarios", Scenario)
        self.organisations = self._names("organisations", "name") | set(
            Organisation.objects.values_list("name", flat=True)
        )
        self.experts = self._slugs("experts", Expert)
        for table in TABLES:
            check = getattr(self, f"_check_{table}")
            for where, record in self.tables[table]:
                if self._fields(where, record, FIELDS[table]):
                    check(where, record)
        self.problems.raise_if_any()

    def _records(self, table: str) -> list[tuple[str, dict]]:
        records = self.data.get(table, [])
        if not isinstance(records, list):
            self.add("", table, f"must be a list, not {type(records).__name__}")
            return []
        found = []
        for n, record in enumerate(records):
            where = f"{table}[{n}]"
            if isinstance(record, dict):
                found.append((where, record))
            else:
                self.add(where, "", f"must be an object, not {type(record).__name__}")
        return found

    def _slugs(self, table: str, model) -> set:
        return self._names(table, "slug") | set(model.objects.values_list("slug", flat=True))

    def _names(self, table: str, key: str) -> set:
        return {r[key] for _, r in self.tables[table] if isinstance(r.get(key), str)}

    def _fields(self, where: str, record: dict, fields: dict) -> bool:
        """Keys and types; True when the record is whole enough to check further."""
        ok = True
        for key, message in unknown_keys(record, fields):
            self.add(where, key, message)
        for key, (kind, required) in fields.items():
            if key not in record:
                if required:
                    self.add(where, key, "is missing")
                    ok = False
                continue
            value = record[key]
            kinds = kind if isinstance(kind, tuple) else (kind,)
            if isinstance(value, bool) or not isinstance(value, kinds):
                names = " or ".join("null" if k is NONE else k.__name__ for k in kinds)
                self.add(where, key, f"must be {names}, not {json.dumps(value)[:40]}")
                ok = False
        return ok

    def _model(self, where: str, instance, exclude=()) -> None:
        for field, message in model_problems(instance, exclude):
            self.add(where, field, message)

    def _known(self, where: str, field: str, value, known: set, what: str) -> None:
        if not isinstance(value, str):
            self.add(where, field, f"must be the {what}'s name or slug, not {value!r}"[:120])
        elif value not in known:
            self.add(where, field, f"unknown {what} {value!r} (not in the file or the database)")

    def _date(self, where: str, field: str, value: str, precision: str) -> PartialDate | None:
        try:
            date = PartialDate.parse(value)
        except ValueError as exc:
            self.add(where, field, str(exc))
            return None
        if date.precision != precision:
            self.add(where, field, f"date {value!r} does not have precision {precision!r}")
        return date

    def _check_issues(self, where, rec):
        labels = rec["labels"]
        for key, message in unknown_keys(labels, LABEL_KEYS):
            self.add(where, f"labels.{key}", message)
        fields = {field: labels.get(key, "") for key, field in LABEL_KEYS.items()}
        for key, value in labels.items():
            if not isinstance(value, str):
                self.add(where, f"labels.{key}", "must be a string")
                fields.pop(LABEL_KEYS.get(key), None)
        issue = Issue(
            slug=rec["slug"],
            name=rec["name"],
            question=rec["question"],
            order=rec.get("order", 0),
            **fields,
        )
        self._model(where, issue, exclude=[f for f in LABEL_KEYS.values() if f not in fields])

    def _check_scenarios(self, where, rec):
        scenario = Scenario(
            slug=rec["slug"],
            title=rec["title"],
            description=rec["description"],
            horizon=rec.get("horizon", ""),
            order=rec.get("order", 0),
        )
        self._model(where, scenario)
        for n, slug in enumerate(rec.get("issues", [])):
            self._known(where, f"issues[{n}]", slug, self.issues, "issue")

    def _check_organisations(self, where, rec):
        self._model(where, Organisation(name=rec["name"], country=rec.get("country", "")))

    def _check_experts(self, where, rec):
        expert = Expert(
            slug=rec["slug"],
            name=rec["name"],
            kind=rec.get("kind", Expert.Kind.PERSON),
            role=rec.get("role", ""),
        )
        self._model(where, expert)
        if rec.get("organisation"):
            self._known(
                where, "organisation", rec["organisation"], self.organisations, "organisation"
            )
        seen = set()
        for n, alias in enumerate(rec.get("aliases", [])):
            field = f"aliases[{n}]"
            if not isinstance(alias, str) or not alias.strip():
                self.add(where, field, "must be a name")
            elif problem := text_problem(alias):
                self.add(where, field, problem)
            elif len(alias) > 200:
                self.add(where, field, f"is {len(alias)} characters; the limit is 200")
            elif alias.casefold() in seen:
                self.add(where, field, f"alias {alias!r} is listed twice")
            else:
                seen.add(alias.casefold())

    def _check_sources(self, where, rec):
        text = rec["text"]
        if not text:
            self.add(where, "text", "the source's original text is missing")
        elif text_problem(text, long=True):
            pass  # reported with the model's fields below; no digest of invalid text
        elif Source.digest(text) != rec["sha256"]:
            self.add(where, "sha256", "does not match the text's sha256")
        date = self._date(where, "published_on", rec["published_on"], rec["date_precision"])
        source = Source(
            title=rec["title"],
            publisher=rec["publisher"],
            kind=rec["kind"],
            published_on=date.date if date else None,
            date_precision=rec["date_precision"],
            url=rec.get("url") or "",
            path=rec.get("path") or "",
            text=text,
            sha256=rec["sha256"],
        )
        self._model(where, source, exclude=[] if date else ["published_on"])
        indexes = set()
        for n, passage in enumerate(rec.get("passages", [])):
            at = f"{where}.passages[{n}]"
            if not isinstance(passage, dict):
                self.add(at, "", f"must be an object, not {type(passage).__name__}")
                continue
            if not self._fields(at, passage, PASSAGE_FIELDS):
                continue
            if passage["index"] in indexes:
                self.add(at, "index", f"index {passage['index']} is used twice")
            indexes.add(passage["index"])
            if problem := span_problem(passage["start"], passage["end"], len(text)):
                self.add(at, "end", problem)
            else:
                model = Passage(
                    index=passage["index"],
                    start=passage["start"],
                    end=passage["end"],
                    text=text[passage["start"] : passage["end"]],
                    speaker_label=passage.get("speaker_label", ""),
                )
                self._model(at, model)
            if passage.get("expert") is not None:
                self._known(at, "expert", passage["expert"], self.experts, "expert")

    def _check_stances(self, where, rec):
        record = Stance(position=rec["position"], summary=rec["summary"])
        self._quoted(where, rec, record, "issue", self.issues)

    def _check_scenario_assessments(self, where, rec):
        record = ScenarioAssessment(likelihood=rec["likelihood"], rationale=rec["rationale"])
        self._quoted(where, rec, record, "scenario", self.scenarios)

    def _quoted(self, where, rec, record, target_key, targets):
        self._known(where, "expert", rec["expert"], self.experts, "expert")
        self._known(where, target_key, rec[target_key], targets, target_key)
        text = self._source_text(rec["source_sha256"])
        if text is None:
            self.add(where, "source_sha256", f"unknown source {rec['source_sha256']!r}")
        start, end = rec["quote_start"], rec["quote_end"]
        span = span_problem(start, end, len(text) if text is not None else end)
        if span:
            self.add(where, "quote_end", span)
        elif text is not None and text[start:end] != rec["quote"]:
            self.add(where, "quote", "quote is not the source text at its offsets")
        date = self._date(where, "stated_on", rec["stated_on"], rec["stated_precision"])
        record.stated_on = date.date if date else None
        record.stated_precision = rec["stated_precision"]
        record.quote, record.quote_start, record.quote_end = rec["quote"], start, end
        record.confidence, record.status = rec["confidence"], rec["status"]
        exclude = ["stated_on"] if date is None else []
        self._model(where, record, exclude=[*exclude, "quote_end"] if span else exclude)

    def _source_text(self, sha256: str) -> str | None:
        if not hasattr(self, "_texts"):
            self._texts = {
                r["sha256"]: r["text"]
                for _, r in self.tables["sources"]
                if isinstance(r.get("sha256"), str) and isinstance(r.get("text"), str)
            }
            # Only well-formed digests reach the query: a NUL would break PostgreSQL.
            wanted = {
                sha
                for t in ("stances", "scenario_assessments")
                for _, r in self.tables[t]
                if isinstance(sha := r.get("source_sha256"), str) and _SHA256.fullmatch(sha)
            }
            wanted -= set(self._texts)
            self._texts |= dict(
                Source.objects.filter(sha256__in=wanted).values_list("sha256", "text")
            )
        return self._texts.get(sha256)
