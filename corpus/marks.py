"""Each expert's mark on a chart: a colour and a point shape, the same on every page and export.

A pure function of the expert's id, so a page, its slide, the PNG, the PPTX and the SVG all
draw one expert alike without storing anything. Colours are Okabe–Ito (colour-blind safe) in
their usual order, its yellow dropped (it vanishes on white); the shape is the second cue, so
no two experts are told apart by colour alone. 7 colours and 6 shapes share no factor, so any
42 consecutive ids get 42 different pairs and neighbours always differ in both.
"""

from dataclasses import dataclass

# Sky blue and orange are darkened (#56B4E9 → #2F86C0, #E69F00 → #A87400) so every mark stands
# at least 3:1 against the white chart ground (WCAG 1.4.11): 2.3:1 and 2.2:1 as Okabe–Ito has them.
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#2F86C0", "#A87400", "#000000")
# Chart.js pointStyle names.
SHAPES = ("circle", "triangle", "rect", "rectRot", "star", "crossRot")


@dataclass(frozen=True)
class Mark:
    colour: str
    shape: str

    def as_json(self) -> dict:
        return {"colour": self.colour, "shape": self.shape}


def mark_for(index: int) -> Mark:
    """The index-th mark of the sequence (0-based)."""
    return Mark(COLOURS[index % len(COLOURS)], SHAPES[index % len(SHAPES)])


def expert_mark(expert_id: int) -> Mark:
    """The mark of the expert with this id."""
    return mark_for(expert_id - 1)
