"""Checking a record from a file with the models' own rules, finding every problem in it.

Imports and ingest build each record as an unsaved model instance and ask the model:
field rules (slug syntax, choices, lengths) through clean_fields(), plus what the database
would refuse but Django does not check (NUL bytes, control characters, spans that end
before they start).
"""

import difflib
import re
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models

# PostgreSQL refuses NUL in text; other C0 controls in a name or title are never meant.
_NUL = "\x00"
# A lone surrogate (JSON allows "\ud800") is not Unicode: it cannot be encoded or stored.
_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def text_problem(value: str, *, long: bool = False) -> str | None:
    """What is wrong with a string as stored text, or None. Long texts may hold controls."""
    if _NUL in value:
        return "contains a NUL character"
    if _SURROGATE.search(value):
        return "contains an unpaired surrogate, which is not valid Unicode"
    if not long:
        found = _CONTROL.search(value)
        if found:
            return f"contains the control character U+{ord(found.group()):04X}"
    return None


def unknown_keys(record: dict, known: Iterable[str]) -> list[tuple[str, str]]:
    """(key, message) for each key not in known, suggesting the nearest known one."""
    known = list(known)
    found = []
    for key in record:
        if key in known:
            continue
        close = difflib.get_close_matches(str(key), known, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        found.append((str(key), f"unknown key {str(key)!r}{hint}"))
    return found


def model_problems(instance: models.Model, exclude: Iterable[str] = ()) -> list[tuple[str, str]]:
    """(field, message) for every rule of the model the unsaved instance breaks."""
    exclude = set(exclude)
    found = []
    for field in instance._meta.concrete_fields:
        if field.name in exclude or field.is_relation:
            continue
        value = getattr(instance, field.attname)
        if isinstance(value, str):
            message = text_problem(value, long=isinstance(field, models.TextField))
            if message:
                found.append((field.name, message))
                exclude.add(field.name)
    relations = {f.name for f in instance._meta.concrete_fields if f.is_relation}
    try:
        instance.clean_fields(exclude=exclude | relations)
    except ValidationError as exc:
        found += [(field, m) for field, messages in exc.message_dict.items() for m in messages]
    return found


def span_problem(start, end, length: int) -> str | None:
    """What is wrong with the span [start, end) of a text of the given length, or None."""
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end)):
        return f"offsets {start!r}..{end!r} must be whole numbers"
    if start < 0:
        return f"start {start} is negative"
    if end <= start:
        return f"start {start} is not before end {end}"
    if end > length:
        return f"end {end} is beyond the end of the text ({length} characters)"
    return None
