"""Loading a seed directory (manifest, taxonomy, documents, annotations) in one transaction.

Everything is read and checked before anything is written, and the writes run in a single
transaction, so bad input leaves the database exactly as it was. Records are keyed on natural
keys (slugs, sha256, expert × issue × source × quote offset) and saved only when they differ,
so a second run changes nothing and writes no history.
"""

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from corpus import changes
from corpus.annotations import AnnotationFile, ExpertSpec, RecordSpec, load_annotations
from corpus.attribution import Marker, attribute, spaced
from corpus.changes import notify
from corpus.documents import decode_document
from corpus.errors import IngestError, Problems
from corpus.event_data import SEED_EVENTS, EventSpec, check_events, load_events
from corpus.manifest import SourceEntry, load_manifest
from corpus.models import (
    Event,
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
from corpus.quotes import QuoteNotFound, locate_quote
from corpus.splitter import split_passages
from corpus.taxonomy_loader import load_taxonomy

MANIFEST = "manifest.toml"
TAXONOMY = "taxonomy.toml"
ANNOTATIONS = "annotations"
# The team's coding passes over documents already annotated (read after the annotations;
# seeds/ itself stays byte-identical). A file applies to a directory that lists its source.
CODING = Path(__file__).resolve().parent / "data" / "coding"
_NOT_DOCUMENTS = {MANIFEST, TAXONOMY, "README.md"}


@dataclass
class IngestReport:
    """What a run created, updated and left alone, per kind of record."""

    counts: Counter = field(default_factory=Counter)

    def add(self, kind: str, outcome: str) -> None:
        self.counts[(kind, outcome)] += 1

    def changed(self) -> int:
        return sum(n for (_, outcome), n in self.counts.items() if outcome != "unchanged")

    def lines(self) -> list[str]:
        kinds = sorted({kind for kind, _ in self.counts})
        out = []
        for kind in kinds:
            parts = [
                f"{self.counts[(kind, o)]} {o}"
                for o in ("created", "updated", "kept", "unchanged")
                if self.counts[(kind, o)]
            ]
            out.append(f"{kind}: {', '.join(parts)}")
        return out


@dataclass(frozen=True)
class AnchoredRecord:
    spec: RecordSpec
    start: int
    end: int
    quote: str


def ingest_directory(directory: Path, coding: Path | None = CODING) -> IngestReport:
    """Check everything in directory (and the coding passes over its documents found in
    coding), then write it in one transaction."""
    directory = Path(directory)
    if not directory.is_dir():
        raise IngestError(directory, "is not a directory")
    problems = Problems()
    manifest = load_manifest(directory / MANIFEST, problems)
    try:
        issues, scenarios = load_taxonomy(directory / TAXONOMY)
    except IngestError as exc:
        problems.add_error(exc)
        issues, scenarios = [], []
    annotation_dir = directory / ANNOTATIONS
    paths = sorted(annotation_dir.glob("*.toml")) if annotation_dir.is_dir() else []
    annotation_files = [f for p in paths if (f := load_annotations(p, problems)) is not None]
    texts = _read_documents(directory, manifest, problems)
    coding_files = _coding_passes(coding, manifest, texts, problems)
    experts = _merge_experts(annotation_files, problems)
    issue_slugs = {i.slug for i in issues} | set(Issue.objects.values_list("slug", flat=True))
    scenario_slugs = {s.slug for s in scenarios} | set(
        Scenario.objects.values_list("slug", flat=True)
    )
    known_experts = set(experts) | set(Expert.objects.values_list("slug", flat=True))
    _check_markers(directory / MANIFEST, manifest, texts, known_experts, problems)
    anchored = _anchor_records(
        [*annotation_files, *coding_files],
        manifest,
        texts,
        known_experts,
        issue_slugs,
        scenario_slugs,
        problems,
    )
    _check_coding_repeats(annotation_files, coding_files, anchored, problems)
    events = check_events(load_events(SEED_EVENTS, problems), texts, issue_slugs, problems)
    problems.raise_if_any()

    report = IngestReport()
    with transaction.atomic():
        _write_taxonomy(issues, scenarios, report)
        _write_experts(annotation_files, experts, report)
        sources = {
            entry.file: _write_source(entry, texts[entry.file], report) for entry in manifest
        }
        names, display = _known_names()
        for entry in manifest:
            _write_passages(
                sources[entry.file], entry.layout, entry.markers, names, display, report
            )
        for ann in [*annotation_files, *coding_files]:
            for record in anchored[ann.path]:
                _write_record(record, sources[ann.source], report)
        for spec in events:
            _write_event(spec, sources[spec.source], report)
    return report


def _coding_passes(coding: Path | None, manifest, texts, problems) -> list[AnnotationFile]:
    """The coding-pass files over documents this directory lists, each checked like an
    annotation file; a pass over another text than the one listed is refused."""
    if coding is None or not Path(coding).is_dir():
        return []
    listed = {entry.file for entry in manifest}
    passes = []
    for path in sorted(Path(coding).glob("*.toml")):
        found = load_annotations(path, problems, coding=True)
        if found is None or found.source not in listed:
            continue  # a pass over a document of another directory
        text = texts.get(found.source)
        if text is not None and Source.digest(text) != found.text_sha256:
            problems.add(
                path,
                None,
                "text_sha256",
                f"the pass was coded on another text than {found.source} "
                f"(sha256 {Source.digest(text)})",
            )
            continue
        passes.append(found)
    return passes


def _check_coding_repeats(annotation_files, coding_files, anchored, problems) -> None:
    """A coding pass adds views: one the annotations already hold would overwrite it."""
    held = {
        (a.source, r.spec.table, r.spec.expert, r.spec.target, r.start): a.path.name
        for a in annotation_files
        for r in anchored[a.path]
    }
    for f in coding_files:
        for r in anchored[f.path]:
            key = (f.source, r.spec.table, r.spec.expert, r.spec.target, r.start)
            if key in held:
                problems.add(f.path, r.spec.line, "quote", f"this view is already in {held[key]}")
            held[key] = f.path.name


def _read_documents(directory: Path, manifest: list[SourceEntry], problems) -> dict[str, str]:
    texts = {}
    missing = False
    for entry in manifest:
        path = directory / entry.file
        if not path.is_file():
            # The manifest entry is at fault, so it is reported first: a renamed file then
            # also shows up below as a document that is not listed.
            problems.add(
                directory / MANIFEST,
                entry.line,
                "file",
                f"document {entry.file!r} is listed but missing",
            )
            missing = True
            continue
        try:
            texts[entry.file] = decode_document(path.read_bytes(), str(path))
        except IngestError as exc:
            problems.add_error(exc)
    listed = {entry.file for entry in manifest}
    for path in sorted(directory.iterdir()):
        is_document = path.is_file() and path.name not in _NOT_DOCUMENTS
        if is_document and not path.name.startswith(".") and path.name not in listed:
            hint = " (is it the file a manifest entry above names?)" if missing else ""
            problems.add(path, None, "", f"document is not listed in {MANIFEST}{hint}")
    return texts


def _check_markers(manifest_path, manifest, texts, known_experts, problems) -> None:
    """Each attribution marker names a known expert and starts a passage of its document."""
    for entry in manifest:
        text = texts.get(entry.file)
        # Whitespace-blind, as attribution is: three seed markers differ from their lines by a
        # no-break space.
        spans = split_passages(text) if text is not None else []
        starts = [spaced(text[s.start : s.end]) for s in spans]
        for marker in entry.markers:
            if marker.expert and marker.expert not in known_experts:
                problems.add(
                    manifest_path,
                    entry.line,
                    "attribution",
                    f"marker {marker.prefix[:40]!r} names unknown expert {marker.expert!r}",
                )
            prefix = spaced(marker.prefix)
            if text is not None and not any(p.startswith(prefix) for p in starts):
                problems.add(
                    manifest_path,
                    entry.line,
                    "attribution",
                    f"no line of {entry.file} starts with {marker.prefix[:60]!r}",
                )


def _merge_experts(files: list[AnnotationFile], problems) -> dict[str, ExpertSpec]:
    organisations = {org.name for f in files for org in f.organisations} | set(
        Organisation.objects.values_list("name", flat=True)
    )
    experts: dict[str, ExpertSpec] = {}
    for f in files:
        for spec in f.experts:
            if spec.organisation and spec.organisation not in organisations:
                problems.add(
                    f.path,
                    spec.line,
                    "organisation",
                    f"expert {spec.slug!r} names unknown organisation {spec.organisation!r}",
                )
            earlier = experts.get(spec.slug)
            if earlier and earlier.name != spec.name:
                problems.add(
                    f.path,
                    spec.line,
                    "name",
                    f"expert {spec.slug!r} is {spec.name!r} here but {earlier.name!r} in "
                    f"{earlier.path.name}",
                )
                continue
            if earlier:
                spec = ExpertSpec(
                    **{**earlier.__dict__, "aliases": tuple({*earlier.aliases, *spec.aliases})}
                )
            experts[spec.slug] = spec
    return experts


def _anchor_records(files, manifest, texts, known_experts, issues, scenarios, problems):
    listed = {entry.file for entry in manifest}
    anchored = {}
    for f in files:
        anchored[f.path] = []
        if f.source not in texts:
            if f.source and f.source not in listed:  # listed but unreadable: reported already
                problems.add(
                    f.path, None, "source", f"source {f.source!r} is not listed in {MANIFEST}"
                )
            continue
        text = texts[f.source]
        for spec in [*f.stances, *f.assessments]:
            if spec.expert not in known_experts:
                problems.add(f.path, spec.line, "expert", f"unknown expert {spec.expert!r}")
            targets = issues if spec.table == "stance" else scenarios
            if spec.target not in targets:
                what = "issue" if spec.table == "stance" else "scenario"
                problems.add(f.path, spec.line, what, f"unknown {what} {spec.target!r}")
            try:
                span = locate_quote(text, spec.quote, spec.occurrence)
            except QuoteNotFound as exc:
                short = " ".join(spec.quote.split())[:70]
                problems.add(
                    f.path,
                    spec.line,
                    "quote",
                    f"quote not found in {f.source}: {short!r}; nearest passage: {exc.nearest!r}",
                )
                continue
            found = text[span.start : span.end]
            if f.text_sha256 and found != spec.quote:  # a coding pass copies exactly
                problems.add(
                    f.path,
                    spec.line,
                    "quote",
                    f"quote differs from the words of {f.source} (spaces or characters): "
                    f"copy it exactly: {found[:70]!r}",
                )
                continue
            anchored[f.path].append(AnchoredRecord(spec, span.start, span.end, found))
    return anchored


def _sync(model, lookup: dict, values: dict, report: IngestReport, kind: str):
    """Create, or update only the fields that differ; returns the instance."""
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        instance = model.objects.create(**lookup, **values)
        report.add(kind, "created")
        return instance
    changed = {k: v for k, v in values.items() if getattr(instance, k) != v}
    if changed:
        for key, value in changed.items():
            setattr(instance, key, value)
        instance.save()
        report.add(kind, "updated")
    else:
        report.add(kind, "unchanged")
    return instance


def _write_taxonomy(issues, scenarios, report):
    for spec in issues:
        _sync(Issue, {"slug": spec.slug}, spec.values, report, "issues")
    for spec in scenarios:
        scenario = _sync(Scenario, {"slug": spec.slug}, spec.values, report, "scenarios")
        wanted = set(Issue.objects.filter(slug__in=spec.issues).values_list("pk", flat=True))
        if set(scenario.issues.values_list("pk", flat=True)) != wanted:
            scenario.issues.set(wanted)


def _write_experts(files, experts: dict[str, ExpertSpec], report):
    countries = {org.name: org.country for f in files for org in f.organisations}
    for name, country in countries.items():
        _sync(Organisation, {"name": name}, {"country": country}, report, "organisations")
    for spec in experts.values():
        organisation = (
            Organisation.objects.get(name=spec.organisation) if spec.organisation else None
        )
        expert = _sync(
            Expert,
            {"slug": spec.slug},
            {"name": spec.name, "kind": spec.kind, "organisation": organisation, "role": spec.role},
            report,
            "experts",
        )
        existing = {a.casefold() for a in expert.aliases.values_list("name", flat=True)}
        for alias in sorted(set(spec.aliases)):
            if alias.casefold() not in existing and alias.casefold() != spec.name.casefold():
                ExpertAlias.objects.create(expert=expert, name=alias)
                existing.add(alias.casefold())
                report.add("aliases", "created")


def _write_source(entry: SourceEntry, text: str, report) -> Source:
    values = {
        "title": entry.title,
        "publisher": entry.publisher,
        "kind": entry.kind,
        "published_on": entry.published.date,
        "date_precision": entry.published.precision,
        "url": entry.url,
        "path": entry.file,
    }
    source = Source.objects.filter(sha256=Source.digest(text)).first()
    if source is None:
        report.add("sources", "created")
        return Source.objects.create(text=text, **values)
    return _sync(Source, {"pk": source.pk}, values, report, "sources")


def _known_names() -> tuple[dict[str, str], dict[str, str]]:
    names, display = {}, {}
    for slug, name in Expert.objects.values_list("slug", "name"):
        names[name] = slug
        display[slug] = name
    for slug, alias in ExpertAlias.objects.values_list("expert__slug", "name"):
        names.setdefault(alias, slug)
    return names, display


def passages_for(text: str, layout: str, markers: list[Marker], names, display) -> list[dict]:
    """The passages of a text with their attribution, as field values for Passage."""
    spans = split_passages(text)
    attributions = attribute(text, spans, layout, names, markers, display)
    slugs = {a.expert for a in attributions if a.expert}
    experts = {e.slug: e for e in Expert.objects.filter(slug__in=slugs)}
    return [
        {
            "index": index,
            "start": span.start,
            "end": span.end,
            "text": text[span.start : span.end],
            "speaker_label": who.speaker_label[:200],
            "expert": experts.get(who.expert),
        }
        for index, (span, who) in enumerate(zip(spans, attributions, strict=True))
    ]


def _write_passages(source: Source, layout, markers, names, display, report) -> None:
    wanted = passages_for(source.text, layout, markers, names, display)
    have = list(source.passages.values("index", "start", "end", "speaker_label", "expert__slug"))
    wanted_keys = [
        (p["index"], p["start"], p["end"], p["speaker_label"], p["expert"] and p["expert"].slug)
        for p in wanted
    ]
    have_keys = [
        (p["index"], p["start"], p["end"], p["speaker_label"], p["expert__slug"]) for p in have
    ]
    if wanted_keys == have_keys:
        report.add("passages", "unchanged")
        return
    source.passages.all().delete()
    Passage.objects.bulk_create(Passage(source=source, **values) for values in wanted)
    notify.bump([f"source:{source.pk}", notify.PEOPLE])  # a bulk write sends no signal
    report.add("passages", "created" if not have else "updated")


def _write_record(record: AnchoredRecord, source: Source, report) -> None:
    spec = record.spec
    expert = Expert.objects.get(slug=spec.expert)
    stated = spec.stated
    values = {
        "quote": record.quote,
        "quote_end": record.end,
        "stated_on": stated.date if stated else source.published_on,
        "stated_precision": stated.precision if stated else source.date_precision,
        "confidence": spec.confidence,
        "status": spec.status,
    }
    if spec.table == "stance":
        model, kind = Stance, "stances"
        lookup = {"issue": Issue.objects.get(slug=spec.target)}
        values |= {"position": spec.value, "summary": spec.text}
    else:
        model, kind = ScenarioAssessment, "assessments"
        lookup = {"scenario": Scenario.objects.get(slug=spec.target)}
        values |= {"likelihood": spec.value, "rationale": spec.text}
    lookup |= {"expert": expert, "source": source, "quote_start": record.start}
    # Edited in the app since it was seeded: the team's edit wins over the file.
    report.add(kind, changes.import_record(model, lookup, values, keep_edited=True))


def _write_event(spec: EventSpec, source: Source, report) -> None:
    span = locate_quote(source.text, spec.quote)
    values = {
        "happened_on": spec.date.date,
        "precision": spec.date.precision,
        "label": spec.label,
        "description": spec.description,
        "url": spec.url,
        "source": source,
        "quote": source.text[span.start : span.end],
        "quote_start": span.start,
        "quote_end": span.end,
        "issues": list(Issue.objects.filter(slug__in=spec.issues).values_list("pk", flat=True)),
        "status": "published",
    }
    # Edited in the app since it was seeded: the team's edit wins over the file.
    outcome = changes.import_record(Event, {"slug": spec.slug}, values, keep_edited=True)
    report.add("events", outcome)
