"""Scoring a proposal against who really holds each turn of an intake document."""

from dataclasses import dataclass


@dataclass
class Score:
    turns: int = 0
    right: int = 0
    wrong_merges: int = 0
    invented: int = 0


def _norm(value: str) -> str:
    return " ".join(value.split())


def score(document, proposal: dict, record_names: set[str]) -> Score:
    """How many turns the proposal gives to the right person; who it merges or invents."""
    result = Score()
    passages = proposal["passages"]
    for turn in document.turns:
        opening = " ".join(turn.text.split()[:4])
        passage = next(p for p in passages if opening in _norm(p["text"]))
        result.turns += 1
        result.right += passage["expert"] == turn.holder
    real = document.speakers()
    for speaker in proposal["speakers"]:
        name = speaker["expert"]
        if speaker["proposal"] == "existing" and name not in real:
            result.wrong_merges += 1
        if speaker["proposal"] == "new" and (name not in real or name in record_names):
            result.invented += 1
    # A co-author holds no turn of their own but is a real person, not an invention.
    return result
