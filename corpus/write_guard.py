"""Whether the current code runs inside corpus.changes, the one door for writes to the record.

Stances and assessments refuse save(), delete() and bulk writes outside it, so a write that
skips history, review rules, read models or cache generations fails loudly in tests.
"""

import contextlib
import contextvars


class WriteOutsideDoor(RuntimeError):
    """A record was saved or deleted without going through corpus.changes."""


_open = contextvars.ContextVar("vantage_write_door", default=False)


def door_is_open() -> bool:
    return _open.get()


@contextlib.contextmanager
def open_door():
    """Used by corpus.changes only: lets the record's models be written while it runs."""
    token = _open.set(True)
    try:
        yield
    finally:
        _open.reset(token)
