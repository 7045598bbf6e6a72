"""The whole record as one JSON document: export, and import into a database.

Export is deterministic (sorted keys and records), so export → import → export is
byte-identical. Import checks every record first and writes in one transaction.
"""

import json

from django.db import transaction

from corpus import changes
from corpus.dates import PartialDate, format_partial
from corpus.errors import IngestError
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
from corpus.models.records import Confidence, Status
from corpus.models.taxonomy import LIKELIHOODS, POSITIONS
from corpus.taxonomy_loader import LABEL_KEYS

FORMAT_VERSION = 1


def export_record(*, include_drafts: bool = False) -> dict:
    """Everything in the database as plain data; drafts only when asked for."""
    stances = Stance.objects.select_related("expert", "issue", "source")
    assessments = ScenarioAssessment.objects.select_related("expert", "scenario", "source")
    if not include_drafts:
        stances, assessments = stances.published(), assessments.published()
    aliases: dict[int, list[str]] = {}
    for expert_id, name in ExpertAlias.objects.values_list("expert_id", "name"):
        aliases.setdefault(expert_id, []).append(name)
    return {
        "format": FORMAT_VERSION,
        "issues": [
            {
                "slug": i.slug,
                "name": i.name,
                "question": i.question,
                "labels": {key: getattr(i, field) for key, field in LABEL_KEYS.items()},
                "order": i.order,
            }
            for i in Issue.objects.order_by("order", "slug")
        ],
        "scenarios": [
            {
                "slug": s.slug,
                "title": s.title,
                "description": s.description,
                "horizon": s.horizon,
                "issues": sorted(i.slug for i in s.issues.all()),
                "order": s.order,
            }
            for s in Scenario.objects.prefetch_related("issues").order_by("order", "slug")
        ],
        "organisations": [
            {"name": o.name, "country": o.country} for o in Organisation.objects.order_by("name")
        ],
        "experts": [
            {
                "slug": e.slug,
                "name": e.name,
                "kind": e.kind,
                "role": e.role,
                "aliases": sorted(aliases.get(e.pk, [])),
                "organisation": e.organisation.name if e.organisation else None,
            }
            for e in Expert.objects.select_related("organisation").order_by("slug")
        ],
        "sources": [
            {
                "title": s.title,
                "publisher": s.publisher,
                "kind": s.kind,
                "published_on": format_partial(s.published_on, s.date_precision),
                "date_precision": s.date_precision,
                "url": s.url,
                "sha256": s.sha256,
                "path": s.path,
                "text": s.text,
                "passages": [
                    {
                        "index": p.index,
                        "start": p.start,
                        "end": p.end,
                        "speaker_label": p.speaker_label,
                        "expert": p.expert.slug if p.expert else None,
                    }
                    for p in s.passages.all()
                ],
            }
            for s in Source.objects.prefetch_related("passages__expert").order_by("sha256")
        ],
        "stances": [
            {**_quoted(r), "issue": r.issue.slug, "position": r.position, "summary": r.summary}
            for r in sorted(stances, key=_record_key)
        ],
        "scenario_assessments": [
            {
                **_quoted(r),
                "scenario": r.scenario.slug,
                "likelihood": r.likelihood,
                "rationale": r.rationale,
            }
            for r in sorted(assessments, key=_record_key)
        ],
    }


def _record_key(r):
    target = r.issue.slug if isinstance(r, Stance) else r.scenario.slug
    return (target, r.expert.slug, r.source.sha256, r.quote_start)


def _quoted(r) -> dict:
    return {
        "expert": r.expert.slug,
        "source_sha256": r.source.sha256,
        "stated_on": format_partial(r.stated_on, r.stated_precision),
        "stated_precision": r.stated_precision,
        "quote": r.quote,
        "quote_start": r.quote_start,
        "quote_end": r.quote_end,
        "confidence": r.confidence,
        "status": r.status,
    }


def dumps(record: dict) -> str:
    """The canonical JSON text of an exported record."""
    return json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


class ImportPlan:
    """A checked import: what it would create, ready to apply."""

    def __init__(self, data: dict, name: str):
        self.data = data
        self.name = name
        self.counts = {
            key: len(data.get(key, []))
            for key in (
                "issues",
                "scenarios",
                "organisations",
                "experts",
                "sources",
                "stances",
                "scenario_assessments",
            )
        }


def parse_import(text: str, name: str = "import") -> ImportPlan:
    """Parse and check an exported record; IngestError names the record at fault."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise IngestError(name, f"not valid JSON: {exc.msg}", exc.lineno) from None
    if not isinstance(data, dict):
        raise IngestError(name, "the top level must be an object")
    for key in ("issues", "scenarios", "organisations", "experts", "sources", "stances"):
        if not isinstance(data.get(key, []), list):
            raise IngestError(name, f"{key!r} must be a list")
    texts = {}
    for n, src in enumerate(data.get("sources", []), 1):
        where = f"sources[{n}]"
        text = src.get("text")
        if not isinstance(text, str) or not text:
            raise IngestError(name, f"{where}: the source's original text is missing")
        if Source.digest(text) != src.get("sha256"):
            raise IngestError(name, f"{where}: text does not match its sha256")
        _partial(src.get("published_on"), src.get("date_precision"), name, where)
        if src.get("kind") not in Source.Kind.values:
            raise IngestError(name, f"{where}: kind {src.get('kind')!r} is unknown")
        texts[src["sha256"]] = text
    existing_texts = dict(Source.objects.values_list("sha256", "text"))
    experts = {e.get("slug") for e in data.get("experts", [])} | set(
        Expert.objects.values_list("slug", flat=True)
    )
    targets = {
        "stances": (
            "issue",
            {i.get("slug") for i in data.get("issues", [])}
            | set(Issue.objects.values_list("slug", flat=True)),
        ),
        "scenario_assessments": (
            "scenario",
            {s.get("slug") for s in data.get("scenarios", [])}
            | set(Scenario.objects.values_list("slug", flat=True)),
        ),
    }
    for table, (target_key, known) in targets.items():
        for n, rec in enumerate(data.get(table, []), 1):
            where = f"{table}[{n}] ({rec.get('expert')} on {rec.get(target_key)})"
            if rec.get("expert") not in experts:
                raise IngestError(name, f"{where}: unknown expert {rec.get('expert')!r}")
            if rec.get(target_key) not in known:
                raise IngestError(name, f"{where}: unknown {target_key} {rec.get(target_key)!r}")
            text = texts.get(rec.get("source_sha256")) or existing_texts.get(
                rec.get("source_sha256")
            )
            if text is None:
                raise IngestError(name, f"{where}: unknown source {rec.get('source_sha256')!r}")
            start, end, quote = rec.get("quote_start"), rec.get("quote_end"), rec.get("quote")
            if not (isinstance(start, int) and isinstance(end, int)) or text[start:end] != quote:
                raise IngestError(name, f"{where}: quote is not the source text at its offsets")
            if table == "stances" and rec.get("position") not in POSITIONS:
                raise IngestError(name, f"{where}: position {rec.get('position')!r} not in −2..+2")
            if table == "scenario_assessments" and rec.get("likelihood") not in LIKELIHOODS:
                raise IngestError(name, f"{where}: likelihood {rec.get('likelihood')!r} not 1..5")
            if rec.get("status") not in Status.values:
                raise IngestError(name, f"{where}: status {rec.get('status')!r} is unknown")
            if rec.get("confidence") not in Confidence.values:
                raise IngestError(name, f"{where}: confidence {rec.get('confidence')!r} unknown")
            _partial(rec.get("stated_on"), rec.get("stated_precision"), name, where)
    return ImportPlan(data, name)


def _partial(value, precision, name, where) -> PartialDate:
    try:
        date = PartialDate.parse(value)
    except (ValueError, TypeError) as exc:
        raise IngestError(name, f"{where}: {exc}") from None
    if date.precision != precision:
        raise IngestError(name, f"{where}: date {value!r} does not have precision {precision!r}")
    return date


@transaction.atomic
def apply_import(plan: ImportPlan, *, by=None) -> dict[str, int]:
    """Write a checked plan; records already present (same natural key) are left alone."""
    data = plan.data
    created = dict.fromkeys(plan.counts, 0)
    for rec in data.get("issues", []):
        labels = rec.get("labels", {})
        _, new = Issue.objects.get_or_create(
            slug=rec["slug"],
            defaults={
                "name": rec["name"],
                "question": rec["question"],
                "order": rec.get("order", 0),
                **{field: labels.get(key, "") for key, field in LABEL_KEYS.items()},
            },
        )
        created["issues"] += new
    for rec in data.get("scenarios", []):
        scenario, new = Scenario.objects.get_or_create(
            slug=rec["slug"],
            defaults={
                "title": rec["title"],
                "description": rec["description"],
                "horizon": rec.get("horizon", ""),
                "order": rec.get("order", 0),
            },
        )
        if new:
            scenario.issues.set(Issue.objects.filter(slug__in=rec.get("issues", [])))
        created["scenarios"] += new
    for rec in data.get("organisations", []):
        _, new = Organisation.objects.get_or_create(
            name=rec["name"], defaults={"country": rec.get("country", "")}
        )
        created["organisations"] += new
    for rec in data.get("experts", []):
        org = rec.get("organisation")
        expert, new = Expert.objects.get_or_create(
            slug=rec["slug"],
            defaults={
                "name": rec["name"],
                "kind": rec.get("kind", Expert.Kind.PERSON),
                "role": rec.get("role", ""),
                "organisation": Organisation.objects.get(name=org) if org else None,
            },
        )
        if new:
            ExpertAlias.objects.bulk_create(
                ExpertAlias(expert=expert, name=alias) for alias in rec.get("aliases", [])
            )
        created["experts"] += new
    sources = {}
    for rec in data.get("sources", []):
        date = PartialDate.parse(rec["published_on"])
        source, new = Source.objects.get_or_create(
            sha256=rec["sha256"],
            defaults={
                "title": rec["title"],
                "publisher": rec["publisher"],
                "kind": rec["kind"],
                "published_on": date.date,
                "date_precision": date.precision,
                "url": rec.get("url", ""),
                "path": rec.get("path", ""),
                "text": rec["text"],
                "created_by": by,
            },
        )
        if new:
            slugs = {p["expert"] for p in rec.get("passages", []) if p.get("expert")}
            experts = {e.slug: e for e in Expert.objects.filter(slug__in=slugs)}
            Passage.objects.bulk_create(
                Passage(
                    source=source,
                    index=p["index"],
                    start=p["start"],
                    end=p["end"],
                    text=source.text[p["start"] : p["end"]],
                    speaker_label=p.get("speaker_label", ""),
                    expert=experts.get(p.get("expert")),
                )
                for p in rec.get("passages", [])
            )
        created["sources"] += new
        sources[rec["sha256"]] = source
    for table, model, target_key, target_model, extra in (
        ("stances", Stance, "issue", Issue, ("position", "summary")),
        (
            "scenario_assessments",
            ScenarioAssessment,
            "scenario",
            Scenario,
            ("likelihood", "rationale"),
        ),
    ):
        for rec in data.get(table, []):
            source = sources.get(rec["source_sha256"]) or Source.objects.get(
                sha256=rec["source_sha256"]
            )
            stated = PartialDate.parse(rec["stated_on"])
            lookup = {
                "expert": Expert.objects.get(slug=rec["expert"]),
                target_key: target_model.objects.get(slug=rec[target_key]),
                "source": source,
                "quote_start": rec["quote_start"],
            }
            if model.objects.filter(**lookup).exists():
                continue
            values = {
                "quote_end": rec["quote_end"],
                "quote": rec["quote"],
                "stated_on": stated.date,
                "stated_precision": stated.precision,
                "confidence": rec["confidence"],
                "status": rec["status"],
                "updated_by": by,
                **{key: rec[key] for key in extra},
            }
            changes.import_record(model, lookup, values, by=by)
            created[table] += 1
    return created
