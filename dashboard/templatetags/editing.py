"""Helpers for the editing pages: word-level differences between two versions of a text."""

import difflib
import re

from django import template

register = template.Library()

_TOKENS = re.compile(r"\s+|[^\s]+")


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """(op, text) pieces turning old into new: op is "equal", "delete" or "insert".

    Joining the equal and delete pieces gives old back; equal and insert give new. The
    template escapes each piece and wraps deletions in <del> and insertions in <ins>.
    """
    a, b = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    pieces = []
    for op, i1, i2, j1, j2 in _coalesced(difflib.SequenceMatcher(None, a, b, autojunk=False), a):
        if op == "equal":
            pieces.append(("equal", "".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            pieces.append(("delete", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            pieces.append(("insert", "".join(b[j1:j2])))
    return pieces


def _coalesced(matcher, a) -> list[tuple]:
    """Opcodes where a lone space between two changes joins them into one change."""
    merged = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" and "".join(a[i1:i2]).isspace() and merged and merged[-1][0] != "equal":
            tag = "replace"
        if tag != "equal" and merged and merged[-1][0] != "equal":
            merged[-1] = ("replace", merged[-1][1], i2, merged[-1][3], j2)
        else:
            merged.append((tag, i1, i2, j1, j2))
    return merged


@register.simple_tag
def diff_pieces(old, new):
    """{% diff_pieces old new as pieces %}: see word_diff."""
    return word_diff(str(old or ""), str(new or ""))
