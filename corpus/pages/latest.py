"""An expert's latest word on an issue or scenario: the one rule every page and slide shares.

The latest word is every statement the expert made on the latest date they spoke to it. When
those statements agree, it is their value. When they disagree it is a *split*, shown as
such ("split −1 / +1 (3 statements)"): no value is ever computed and put in a speaker's mouth.
"""

from dataclasses import dataclass

from corpus.models.taxonomy import LIKELIHOODS

# The colour of each position on the diverging scale (see vantage.css).
POSITION_CLASSES = {-2: "pos-m2", -1: "pos-m1", 0: "pos-0", 1: "pos-p1", 2: "pos-p2"}

# What a record is about, by model name: the field its latest word is grouped by.
SUBJECT_FIELD = {"stance": "issue", "scenarioassessment": "scenario"}


def signed(value) -> str:
    """+1, 0, −0.5 (true minus sign, no trailing .0) for a position or an aggregate of them."""
    text = f"{abs(value):g}"
    return f"+{text}" if value > 0 else f"−{text}" if value < 0 else "0"


def statements(count: int) -> str:
    return f"{count} statement{'s' if count != 1 else ''}"


class Latest:
    """The values stated on the latest date: one value when they agree, a split otherwise.

    Subclasses say what the values are (`values`) and whether they are positions (−2..+2,
    shown signed) or likelihoods (1..5).
    """

    is_stance = True
    values: list[int]  # sorted

    @property
    def count(self) -> int:
        return len(self.values)

    @property
    def is_split(self) -> bool:
        return self.values[0] != self.values[-1]

    @property
    def value(self) -> int | None:
        """The value stated, or None when the latest statements disagree."""
        return None if self.is_split else self.values[0]

    @property
    def low(self) -> int:
        return self.values[0]

    @property
    def high(self) -> int:
        return self.values[-1]

    @property
    def distinct(self) -> list[int]:
        return sorted(set(self.values))

    def _format(self, value: int) -> str:
        return signed(value) if self.is_stance else str(value)

    @property
    def split_values(self) -> str:
        """ "−1 / +1": each value stated on the latest date, once, lowest first."""
        return " / ".join(self._format(v) for v in self.distinct)

    @property
    def display(self) -> str:
        """ "+1", or "split −1 / +1": what a cell shows."""
        return f"split {self.split_values}" if self.is_split else self._format(self.value)

    @property
    def summary(self) -> str:
        """display, with the number of statements behind it when there are several."""
        return f"{self.display} ({statements(self.count)})" if self.count > 1 else self.display

    @property
    def css_class(self) -> str:
        """The colour class: the value's own, or `split` (see vantage.css)."""
        if self.is_split:
            return "split"
        return POSITION_CLASSES[self.value] if self.is_stance else f"lik-{self.value}"

    def _label_of(self, value: int) -> str:
        return LIKELIHOODS.get(value, "")

    @property
    def label(self) -> str:
        """The scale's words for the value; for a split, the words of each side."""
        if not self.is_split:
            return self._label_of(self.value)
        return " / ".join(self._label_of(v) for v in self.distinct)


@dataclass
class LatestWord(Latest):
    """An expert's latest published records on one issue or scenario (every one of that date)."""

    records: list

    @property
    def subject(self):
        return getattr(self.records[0], SUBJECT_FIELD[self.records[0]._meta.model_name])

    @property
    def is_stance(self) -> bool:
        return hasattr(self.records[0], "position")

    @property
    def values(self) -> list[int]:
        field = "position" if self.is_stance else "likelihood"
        return sorted(getattr(r, field) for r in self.records)

    def _label_of(self, value: int) -> str:
        return self.subject.label_for(value) if self.is_stance else LIKELIHOODS.get(value, "")

    @property
    def stated_display(self) -> str:
        return self.records[0].stated_display


def latest_words(records) -> dict[tuple[int, int], LatestWord]:
    """Group records from `latest_per_expert()` by (expert id, issue or scenario id)."""
    words: dict[tuple[int, int], LatestWord] = {}
    for record in records:
        subject_id = getattr(record, f"{SUBJECT_FIELD[record._meta.model_name]}_id")
        words.setdefault((record.expert_id, subject_id), LatestWord([])).records.append(record)
    return words
