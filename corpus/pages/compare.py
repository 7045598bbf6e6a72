"""The compare page: 2–4 experts side by side, each on their latest word."""

from dataclasses import dataclass

MAX_EXPERTS = 4
MIN_EXPERTS = 2
# Two experts this many points apart on an issue's −2..+2 scale mark the row as disputed.
DISAGREEMENT_POINTS = 2


@dataclass
class CompareRow:
    """One issue or scenario, with each selected expert's latest word on it (or None)."""

    subject: object
    cells: list  # (expert, LatestWord | None) in column order

    @property
    def spread(self) -> int:
        """How far apart the experts' stated values lie (a split expert counts at each side)."""
        words = [word for _, word in self.cells if word]
        if len(words) < 2:
            return 0
        return max(w.high for w in words) - min(w.low for w in words)

    @property
    def disagrees(self) -> bool:
        return self.spread >= DISAGREEMENT_POINTS

    @property
    def poles(self) -> list[tuple[int, list[str]]]:
        """The lowest and the highest value stated in the row, each with who stated it."""
        stated = [(v, expert.name) for expert, word in self.cells if word for v in word.distinct]
        ends = sorted({min(stated)[0], max(stated)[0]}) if stated else []
        return [(value, [name for v, name in stated if v == value]) for value in ends]


def compare_rows(subjects, experts, words) -> list[CompareRow]:
    """A row per subject, a cell per expert in the order given."""
    return [
        CompareRow(subject, [(e, words.get((e.pk, subject.pk))) for e in experts])
        for subject in subjects
    ]
