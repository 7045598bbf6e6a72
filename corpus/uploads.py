"""Sources added in the browser: checked like seed documents, split and attributed the same way.

The bytes go through `decode_document` (empty, binary, non-UTF-8 and oversized input are
refused) and the passages through `passages_for`, so a pasted or uploaded document ends up
exactly as it would had it been listed in a seed manifest.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils.text import slugify

from corpus.changes import notify
from corpus.dates import PartialDate
from corpus.documents import decode_document
from corpus.ingest import _known_names, passages_for
from corpus.models import Expert, Passage, Source


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


def read_upload(data: bytes, name: str) -> str:
    """The text of an uploaded file; IngestError saying why it is not an acceptable document."""
    return decode_document(data, name, max_bytes=settings.VANTAGE_MAX_SOURCE_BYTES)


def read_pasted(text: str) -> str:
    """The text of a pasted document, checked with the same rules as an uploaded file.

    Browsers submit a textarea's line breaks as CRLF whatever was pasted (HTML's form
    encoding), so they are turned back into the newlines the editor pasted.
    """
    text = text.replace("\r\n", "\n")
    return read_upload(text.encode("utf-8"), "pasted text")


def existing_source(text: str) -> Source | None:
    """The source already holding exactly this text, if any."""
    return Source.objects.filter(sha256=Source.digest(text)).only("pk", "title").first()


def add_source(text: str, details: SourceDetails, *, by=None) -> Source:
    """Store the document and its attributed passages in one transaction."""
    with transaction.atomic():
        source = Source(
            title=details.title,
            publisher=details.publisher,
            kind=details.kind,
            published_on=details.published.date,
            date_precision=details.published.precision,
            url=details.url,
            path=details.path,
            text=text,
            created_by=by,
        )
        source._history_user = by
        source.save()
        names, display = _known_names()
        Passage.objects.bulk_create(
            Passage(source=source, **values)
            for values in passages_for(text, details.layout, [], names, display)
        )
    return source


def create_expert(name: str, organisation=None, *, by=None) -> Expert:
    """A new expert named by an editor, with a slug no other expert holds."""
    base = slugify(name)[:45] or "expert"
    taken = set(Expert.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    expert = Expert(slug=slug, name=name, organisation=organisation)
    expert._history_user = by
    expert.save()
    return expert


def assign_passages(source: Source, indices: list[int], expert: Expert | None) -> int:
    """Attribute the chosen passages of a source to expert (None: to nobody); how many changed."""
    passages = source.passages.filter(index__in=indices)
    before = set(passages.exclude(expert=None).values_list("expert_id", flat=True))
    changed = passages.update(expert=expert)
    # A bulk update sends no signal: the source's and the experts' pages show attributions.
    experts = before | ({expert.pk} if expert else set())
    notify.bump([f"source:{source.pk}", notify.PEOPLE, *(f"expert:{pk}" for pk in experts)])
    return changed
