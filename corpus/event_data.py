"""The events data file: dated happenings the seed documents mention, loaded by ingest.

`corpus/data/seed_events.toml` sits beside the code, not in seeds/ (whose files are
byte-identical evidence). Each `[[event]]` names its source document by file name and quotes
the passage that dates it; ingest loads the events whose document it is ingesting, found
again by slug, through the write door (so a second run changes nothing).
"""

from dataclasses import dataclass
from pathlib import Path

from corpus.dates import PartialDate
from corpus.errors import IngestError, Problems
from corpus.models.events import LABEL_CHARS
from corpus.quotes import QuoteNotFound, locate_quote
from corpus.tomlfiles import check_keys, load_toml, records, take

SEED_EVENTS = Path(__file__).resolve().parent / "data" / "seed_events.toml"
_KEYS = ("slug", "date", "label", "description", "url", "issues", "source", "quote", "dating")


@dataclass(frozen=True)
class EventSpec:
    slug: str
    date: PartialDate
    label: str
    description: str
    url: str
    issues: tuple[str, ...]
    source: str  # a document's file name
    quote: str
    path: Path
    line: int | None


def load_events(path: Path, problems: Problems) -> list[EventSpec]:
    """Every well-formed event of the file; a problem (file, line, field) for each other."""
    try:
        data, raw = load_toml(path)
        entries = records(data, raw, "event", path)
    except IngestError as exc:
        problems.add_error(exc)
        return []
    specs, slugs = [], set()
    for line, entry in entries:
        check_keys(entry, _KEYS, problems, path, line)
        spec = _spec(entry, problems, path, line)
        if spec is None:
            continue
        if spec.slug in slugs:
            problems.add(path, line, "slug", f"{spec.slug!r} is used by an earlier event")
            continue
        slugs.add(spec.slug)
        specs.append(spec)
    return specs


def _spec(entry: dict, problems: Problems, path: Path, line) -> EventSpec | None:
    before = len(problems.found)
    slug = take(entry, "slug", str, problems, path, line)
    date_text = take(entry, "date", str, problems, path, line)
    label = take(entry, "label", str, problems, path, line)
    issues = take(entry, "issues", list, problems, path, line)
    source = take(entry, "source", str, problems, path, line)
    quote = take(entry, "quote", str, problems, path, line)
    description = take(entry, "description", str, problems, path, line, default="")
    url = take(entry, "url", str, problems, path, line, default="")
    date = None
    if date_text is not None:
        try:
            date = PartialDate.parse(date_text)
        except ValueError as exc:
            problems.add(path, line, "date", str(exc))
    if label is not None and len(label) > LABEL_CHARS:
        problems.add(path, line, "label", f"is longer than {LABEL_CHARS} characters")
    if issues is not None and (not issues or not all(isinstance(i, str) for i in issues)):
        problems.add(path, line, "issues", "must be a non-empty list of issue slugs")
    if len(problems.found) > before:
        return None
    return EventSpec(slug, date, label, description, url, tuple(issues), source, quote, path, line)


def check_events(specs, texts: dict[str, str], issue_slugs, problems) -> list[EventSpec]:
    """The events whose document is being ingested, each checked against its text and the
    issues known; events of other documents are left for the ingest that brings them."""
    wanted = []
    for spec in specs:
        if spec.source not in texts:
            continue
        unknown = [s for s in spec.issues if s not in issue_slugs]
        if unknown:
            problems.add(spec.path, spec.line, "issues", f"unknown issue {unknown[0]!r}")
            continue
        try:
            locate_quote(texts[spec.source], spec.quote)
        except QuoteNotFound as exc:
            problems.add(
                spec.path,
                spec.line,
                "quote",
                f"does not occur in {spec.source}; nearest: {exc.nearest[:80]!r}",
            )
            continue
        wanted.append(spec)
    return wanted
