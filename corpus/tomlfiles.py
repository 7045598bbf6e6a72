"""Reading the seed TOML files with errors that name the file and line."""

import re
import tomllib
from pathlib import Path

from corpus.errors import IngestError
from corpus.validation import unknown_keys

_LINE_IN_MESSAGE = re.compile(r"at line (\d+)")


def load_toml(path: Path) -> tuple[dict, str]:
    """The parsed document and its raw text; IngestError on unreadable or malformed TOML."""
    try:
        raw = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise IngestError(path, "file is missing") from None
    except UnicodeDecodeError as exc:
        raise IngestError(path, f"not valid UTF-8 ({exc.reason})") from None
    try:
        return tomllib.loads(raw), raw
    except tomllib.TOMLDecodeError as exc:
        found = _LINE_IN_MESSAGE.search(str(exc))
        line = int(found.group(1)) if found else None
        raise IngestError(path, f"malformed TOML: {exc}", line) from None


def table_lines(raw: str, table: str) -> list[int]:
    """Line numbers of each `[[table]]` header, in order, so records can be located."""
    header = re.compile(rf"^\s*\[\[\s*{re.escape(table)}\s*\]\]")
    return [n for n, line in enumerate(raw.splitlines(), 1) if header.match(line)]


def records(data: dict, raw: str, table: str, path: Path) -> list[tuple[int | None, dict]]:
    """The `[[table]]` entries paired with the line of their header."""
    entries = data.get(table, [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise IngestError(path, f"[[{table}]] must be an array of tables")
    lines = table_lines(raw, table)
    return [(lines[i] if i < len(lines) else None, entry) for i, entry in enumerate(entries)]


def require(entry: dict, key: str, kind: type, path: Path, line: int | None, *, blank=False):
    """entry[key] checked for presence and type; IngestError naming the field otherwise."""
    if key not in entry:
        raise IngestError(path, f"missing field {key!r}", line)
    value = entry[key]
    if (kind is int and isinstance(value, bool)) or not isinstance(value, kind):
        raise IngestError(path, f"field {key!r} must be {kind.__name__}, not {value!r}", line)
    if kind is str and not blank and not value.strip():
        raise IngestError(path, f"field {key!r} is empty", line)
    return value


_MISSING = object()


def take(entry: dict, key: str, kind: type, problems, path, line, *, default=_MISSING):
    """entry[key] checked for presence and type like require(), but adding to problems.

    Returns the value, the default when the key is absent and a default is given, or None
    (with a problem noted) when it is missing or of the wrong type.
    """
    if key not in entry:
        if default is _MISSING:
            problems.add(path, line, key, "is missing")
            return None
        return default
    value = entry[key]
    if (kind is int and isinstance(value, bool)) or not isinstance(value, kind):
        problems.add(path, line, key, f"must be {kind.__name__}, not {value!r}"[:120])
        return None
    if kind is str and default is _MISSING and not value.strip():
        problems.add(path, line, key, "is empty")
        return None
    return value


def check_keys(entry: dict, known, problems, path, line) -> None:
    """A problem for every key not in known, naming the nearest known key."""
    for key, message in unknown_keys(entry, known):
        problems.add(path, line, key, message)
