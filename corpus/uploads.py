"""Adding a source: extract its text, propose who holds each passage, then write it all at once.

The browser and `manage.py add-source` run the same steps: `read_document` (any accepted
format, refused with an IngestError saying why), `propose` (corpus.proposal), and `confirm`,
which writes the source, its original file, new organisations and experts, aliases and the
attributed passages in one transaction.
"""

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from corpus.changes import notify
from corpus.changes.people import add_alias, create_expert, create_organisation
from corpus.dates import PartialDate
from corpus.errors import IngestError
from corpus.extract import Extracted, extract, extract_pasted
from corpus.models import Expert, Organisation, Passage, PendingSource, Source, SourceFile
from corpus.proposal import CHOOSE, EXISTING, NEW, NO_VIEWS, Proposal, propose
from corpus.turns import bare_label, names_a_person


@dataclass(frozen=True)
class SourceDetails:
    """What the editor tells us about a document besides its text."""

    title: str
    publisher: str
    kind: str
    published: PartialDate
    url: str
    layout: str
    path: str = ""


@dataclass
class Decision:
    """What the editor confirmed for one speaker label."""

    action: str  # EXISTING, NEW or NO_VIEWS
    expert: Expert | None = None
    name: str = ""
    role: str = ""
    organisation: Organisation | None = None
    new_organisation: str = ""
    new_country: str = ""


class DuplicateSource(Exception):
    """The text is already a source."""

    def __init__(self, source: Source):
        self.source = source
        super().__init__(f"this exact text is already the source “{source.title}”")


def read_upload(data: bytes, name: str) -> Extracted:
    """The extracted text of an uploaded file; IngestError saying why it cannot be a source."""
    return extract(data, name, max_bytes=settings.VANTAGE_MAX_SOURCE_BYTES)


def read_pasted(text: str) -> Extracted:
    """A pasted document, checked with the rules of an uploaded .txt file."""
    return extract_pasted(text, max_bytes=settings.VANTAGE_MAX_SOURCE_BYTES)


def existing_source(text: str) -> Source | None:
    """The source already holding exactly this text, if any."""
    return Source.objects.filter(sha256=Source.digest(text)).only("pk", "title").first()


def check_new(document: Extracted) -> None:
    if duplicate := existing_source(document.text):
        raise DuplicateSource(duplicate)


def drop_stale_pending(hours: float | None = None) -> int:
    """Delete uploads left unconfirmed for more than hours (the setting by default); returns
    how many. Their text and file were never part of the record."""
    hours = settings.VANTAGE_PENDING_UPLOAD_HOURS if hours is None else hours
    cutoff = timezone.now() - timedelta(hours=hours)
    deleted, _ = PendingSource.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def hold(document: Extracted, details: SourceDetails, *, by=None) -> PendingSource:
    """Keep an uploaded document until its editor confirms who speaks in it (dropping the
    uploads nobody confirmed in time)."""
    check_new(document)
    drop_stale_pending()
    return PendingSource.objects.create(
        title=details.title,
        publisher=details.publisher,
        kind=details.kind,
        published_on=details.published.date,
        date_precision=details.published.precision,
        url=details.url,
        layout=details.layout,
        text=document.text,
        name=document.name,
        format=document.format,
        data=document.data,
        created_by=by,
    )


def held(pending: PendingSource) -> tuple[Extracted, SourceDetails]:
    document = Extracted(pending.text, bytes(pending.data), pending.name, pending.format)
    details = SourceDetails(
        title=pending.title,
        publisher=pending.publisher,
        kind=pending.kind,
        published=PartialDate(pending.published_on, pending.date_precision),
        url=pending.url,
        layout=pending.layout,
        path=pending.name,
    )
    return document, details


def accept_all(proposal: Proposal) -> dict[str, Decision]:
    """The decisions "accept all" makes; IngestError if a label needs the editor's choice."""
    if proposal.needs_choice:
        labels = ", ".join(f"“{s.label}”" for s in proposal.needs_choice)
        raise IngestError("proposal", f"choose who speaks as {labels}: a surname alone matches")
    decisions = {}
    for row in proposal.speakers:
        if row.proposal == EXISTING:
            decisions[row.key] = Decision(EXISTING, expert=row.expert)
        elif row.proposal == NEW:
            decisions[row.key] = Decision(
                NEW,
                name=row.name,
                role=row.role,
                organisation=row.existing_organisation,
                new_organisation="" if row.existing_organisation else row.organisation,
                new_country=row.country,
            )
        else:
            decisions[row.key] = Decision(NO_VIEWS)
    return decisions


def confirm(
    document: Extracted,
    details: SourceDetails,
    proposal: Proposal,
    decisions: dict[str, Decision],
    *,
    by=None,
    pending: PendingSource | None = None,
) -> Source:
    """Write the source, its file, new organisations, experts, aliases and passages at once."""
    with transaction.atomic():
        check_new(document)
        source = Source(
            title=details.title,
            publisher=details.publisher,
            kind=details.kind,
            published_on=details.published.date,
            date_precision=details.published.precision,
            url=details.url,
            path=details.path,
            text=document.text,
            created_by=by,
        )
        source._history_user = by
        source.save()
        SourceFile.objects.create(
            source=source,
            name=document.name,
            format=document.format,
            data=document.data,
            sha256=document.data_sha256,
            size=len(document.data),
        )
        holders = {row.key: _holder(row, decisions.get(row.key), by) for row in proposal.speakers}
        Passage.objects.bulk_create(
            Passage(
                source=source,
                index=p["index"],
                start=p["start"],
                end=p["end"],
                text=p["text"],
                speaker_label=(p["speaker"] or "")[:200],
                expert=holders.get(p["key"]),
            )
            for p in proposal.passages()
        )
        if pending is not None and pending.pk:
            pending.delete()
    return source


def _holder(row, decision: Decision | None, by) -> Expert | None:
    if decision is None or decision.action == NO_VIEWS:
        return None
    if decision.action == CHOOSE:
        raise IngestError("proposal", f"choose who speaks as “{row.label}”")
    if decision.action == EXISTING:
        expert = decision.expert
    else:
        organisation = decision.organisation
        if organisation is None and decision.new_organisation.strip():
            organisation = create_organisation(
                decision.new_organisation, decision.new_country, by=by
            )
        expert = create_expert(decision.name, organisation, role=decision.role, by=by)
    for label in row.labels:
        if names_a_person(label):
            add_alias(expert, bare_label(label))
    return expert


def add_source(text: str, details: SourceDetails, *, by=None) -> Source:
    """A pasted text added with every proposal accepted (a shortcut for tests and scripts)."""
    document = read_pasted(text)
    proposal = propose(document.text, details.layout)
    return confirm(document, details, proposal, accept_all(proposal), by=by)


def assign_passages(source: Source, indices: list[int], expert: Expert | None) -> int:
    """Attribute the chosen passages of a source to expert (None: to nobody); how many changed."""
    passages = source.passages.filter(index__in=indices)
    before = set(passages.exclude(expert=None).values_list("expert_id", flat=True))
    changed = passages.update(expert=expert)
    # A bulk update sends no signal: the source's and the experts' pages show attributions.
    experts = before | ({expert.pk} if expert else set())
    notify.bump([f"source:{source.pk}", notify.PEOPLE, *(f"expert:{pk}" for pk in experts)])
    return changed


def proposal_json(document: Extracted, proposal: Proposal) -> dict:
    """The proposal as `add-source --dry-run --json` prints it."""
    speakers = []
    for row in proposal.speakers:
        organisation = row.expert.organisation if row.expert else row.existing_organisation
        speakers.append(
            {
                "label": row.label,
                "proposal": NEW if row.proposal == CHOOSE else row.proposal,
                "needs_choice": row.proposal == CHOOSE,
                "expert": row.display_name,
                "existing_slug": row.expert.slug if row.expert else None,
                "organisation": (
                    organisation.name
                    if organisation
                    else (row.organisation or None)
                    if row.proposal != NO_VIEWS
                    else None
                ),
                "country": row.country or None,
                "role": row.role or None,
                "evidence": row.evidence or None,
                "turns": row.turns,
                "labels": row.labels,
            }
        )
    passages = [
        {k: p[k] for k in ("index", "start", "end", "text", "speaker", "expert")}
        for p in proposal.passages()
    ]
    return {
        "text_sha256": Source.digest(document.text),
        "file_sha256": document.data_sha256,
        "format": document.format,
        "speakers": speakers,
        "passages": passages,
    }


def add_file(path: Path, details: SourceDetails, *, dry_run: bool = False, by=None) -> dict:
    """`manage.py add-source`: the proposal for a file, applied unless dry_run."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise IngestError(path, "no such file") from None
    except OSError as exc:
        raise IngestError(path, f"cannot be read ({exc.strerror})") from None
    document = read_upload(data, str(path))
    check_new(document)
    proposal = propose(document.text, details.layout)
    result = proposal_json(document, proposal)
    if dry_run:
        return result
    try:
        decisions = accept_all(proposal)
    except IngestError as exc:
        raise IngestError(path, exc.message) from None
    source = confirm(document, details, proposal, decisions, by=by)
    held_by = source.passages.filter(expert__isnull=False)
    result["source"] = source.pk
    result["lines"] = [
        f"added source {source.pk} “{source.title}”: {source.passages.count()} passages, "
        f"{held_by.count()} attributed",
        *(
            f"  {row.label}: {row.display_name or 'no views'} ({row.proposal})"
            for row in proposal.speakers
        ),
    ]
    return result
