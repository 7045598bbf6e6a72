"""The whole record as one JSON document: export, and import into a database.

Export is deterministic (sorted keys and records), so export → import → export is
byte-identical. Import checks every record first (corpus/import_checks.py) and writes in
one transaction.
"""

import json

from django.db import transaction

from corpus import changes
from corpus.dates import PartialDate, format_partial
from corpus.import_checks import FORMAT_VERSION, load_import
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
from corpus.taxonomy_loader import LABEL_KEYS


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
    """Parse and check an exported record; InputProblems lists every record at fault."""
    return ImportPlan(load_import(text, name), name)


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
