"""The seed manifest: what each document is, when it was published, how to attribute it."""

from dataclasses import dataclass, field
from pathlib import Path

from corpus.attribution import LAYOUTS, Marker
from corpus.dates import PartialDate
from corpus.errors import IngestError
from corpus.models.sources import DatePrecision, Source
from corpus.tomlfiles import load_toml, records, require


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


def load_manifest(path: Path) -> list[SourceEntry]:
    """Parse and check manifest.toml; IngestError naming the line of the first bad entry."""
    data, raw = load_toml(path)
    entries, seen = [], set()
    for line, entry in records(data, raw, "source", path):
        file = require(entry, "file", str, path, line)
        if file in seen:
            raise IngestError(path, f"document {file!r} is listed twice", line)
        seen.add(file)
        kind = require(entry, "kind", str, path, line)
        if kind not in Source.Kind.values:
            raise IngestError(
                path, f"kind {kind!r} is not one of {', '.join(Source.Kind.values)}", line
            )
        try:
            published = PartialDate.parse(require(entry, "published_on", str, path, line))
        except ValueError as exc:
            raise IngestError(path, f"published_on: {exc}", line) from None
        precision = entry.get("date_precision", published.precision)
        if precision not in DatePrecision.values or precision != published.precision:
            raise IngestError(
                path,
                f"date_precision {precision!r} does not match published_on "
                f"{entry['published_on']!r} ({published.precision})",
                line,
            )
        layout = entry.get("layout", "plain")
        if layout not in LAYOUTS:
            raise IngestError(path, f"layout {layout!r} is not one of {', '.join(LAYOUTS)}", line)
        markers = []
        for item in entry.get("attribution", []):
            if not isinstance(item, dict) or not isinstance(item.get("from"), str):
                raise IngestError(path, "each attribution needs a 'from' line prefix", line)
            markers.append(Marker(item["from"], item.get("expert", "")))
        entries.append(
            SourceEntry(
                file=file,
                title=require(entry, "title", str, path, line),
                publisher=require(entry, "publisher", str, path, line),
                kind=kind,
                published=published,
                url=entry.get("url", ""),
                layout=layout,
                markers=markers,
                line=line,
            )
        )
    if not entries:
        raise IngestError(path, "no [[source]] entries")
    return entries
