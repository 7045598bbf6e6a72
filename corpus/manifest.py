"""The seed manifest: what each document is, when it was published, how to attribute it."""

from dataclasses import dataclass, field
from pathlib import Path

from corpus.attribution import LAYOUTS, Marker
from corpus.dates import PartialDate
from corpus.errors import IngestError, Problems
from corpus.models.sources import DatePrecision, Source
from corpus.tomlfiles import check_keys, load_toml, records, take
from corpus.validation import model_problems


@dataclass(frozen=True)
class SourceEntry:
    file: str
    title: str
    publisher: str
    kind: str
    published: PartialDate
    url: str
    layout: str
    markers: list[Marker] = field(default_factory=list)
    line: int | None = None


SOURCE_KEYS = (
    "file",
    "title",
    "publisher",
    "kind",
    "published_on",
    "date_precision",
    "url",
    "evidence",
    "layout",
    "attribution",
)
MARKER_KEYS = ("from", "expert")


def load_manifest(path: Path, problems: Problems | None = None) -> list[SourceEntry]:
    """Parse and check manifest.toml, every entry with the Source model's rules.

    Problems go to problems, one line each (without a collector InputProblems is raised);
    the entries returned are the ones without problems.
    """
    own = problems is None
    problems = Problems() if own else problems
    try:
        entries = _load(path, problems)
    except IngestError as exc:  # unreadable or malformed TOML
        problems.add_error(exc)
        entries = []
    if own:
        problems.raise_if_any()
    return entries


def _load(path: Path, problems: Problems) -> list[SourceEntry]:
    data, raw = load_toml(path)
    check_keys(data, ("source",), problems, path, None)
    entries, seen = [], set()
    listed = records(data, raw, "source", path)
    if not listed:
        problems.add(path, None, "", "no [[source]] entries")
    for line, entry in listed:
        before = len(problems.found)
        check_keys(entry, SOURCE_KEYS, problems, path, line)

        def get(key, kind, **default):
            return take(entry, key, kind, problems, path, line, **default)  # noqa: B023

        file = get("file", str)
        if file in seen:
            problems.add(path, line, "file", f"document {file!r} is listed twice")
        seen.add(file)
        published = None
        published_on = get("published_on", str)
        if published_on is not None:
            try:
                published = PartialDate.parse(published_on)
            except ValueError as exc:
                problems.add(path, line, "published_on", str(exc))
        precision = get("date_precision", str, default=published and published.precision)
        if published and (
            precision not in DatePrecision.values or precision != published.precision
        ):
            problems.add(
                path,
                line,
                "date_precision",
                f"date_precision {precision!r} does not match published_on "
                f"{published_on!r} ({published.precision})",
            )
        layout = get("layout", str, default="plain")
        if layout is not None and layout not in LAYOUTS:
            problems.add(
                path, line, "layout", f"layout {layout!r} is not one of {', '.join(LAYOUTS)}"
            )
        markers = _markers(entry.get("attribution", []), problems, path, line)
        values = {
            "title": get("title", str),
            "publisher": get("publisher", str),
            "kind": get("kind", str),
            "url": get("url", str, default=""),
        }
        get("evidence", str, default="")
        source = Source(**{k: v or "" for k, v in values.items()}, path=file or "")
        exclude = ["text", "sha256", "published_on", *(k for k, v in values.items() if v is None)]
        for name, message in model_problems(source, exclude):
            problems.add(path, line, name, message)
        if len(problems.found) == before:
            entries.append(
                SourceEntry(
                    file=file,
                    published=published,
                    layout=layout,
                    markers=markers,
                    line=line,
                    **values,
                )
            )
    return entries


def _markers(items, problems: Problems, path: Path, line) -> list[Marker]:
    if not isinstance(items, list):
        problems.add(path, line, "attribution", "must be a list of { from = …, expert = … }")
        return []
    markers = []
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("from"), str):
            problems.add(path, line, "attribution", "each attribution needs a 'from' line prefix")
            continue
        check_keys(item, MARKER_KEYS, problems, path, line)
        expert = item.get("expert", "")
        if not isinstance(expert, str):
            problems.add(path, line, "attribution", f'expert {expert!r} must be a slug or ""')
            continue
        markers.append(Marker(item["from"], expert))
    return markers
