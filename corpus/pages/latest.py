"""An expert's latest word on an issue or scenario: the rule every page and slide shares.

So a number never reads differently from one page to the next.
"""

import math
import statistics
from dataclasses import dataclass

from corpus.models.taxonomy import LIKELIHOODS

# What a record is about, by model name: the field its latest word is grouped by.
SUBJECT_FIELD = {"stance": "issue", "scenarioassessment": "scenario"}


def signed(value) -> str:
    """+1, 0, −0.5 (true minus sign, no trailing .0) for a position or a median."""
    text = f"{abs(value):g}"
    return f"+{text}" if value > 0 else f"−{text}" if value < 0 else "0"


def scale_point(values, middle: int = 0) -> int:
    """The median of several same-day values as a point on the scale.

    A half-point median rounds toward the scale's middle (0 for positions, 3 for likelihoods).
    """
    median = statistics.median(values)
    if median == int(median):
        return int(median)
    return math.floor(median) if median > middle else math.ceil(median)


@dataclass
class LatestWord:
    """An expert's latest published records on one issue or scenario.

    Several records stated on that same date are kept together and summed up by their median.
    """

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

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def value(self) -> int:
        """The median as a point on the scale; a half-point median rounds toward the middle."""
        return scale_point(self.values, 0 if self.is_stance else 3)

    @property
    def median_display(self) -> str:
        return signed(self.median) if self.is_stance else f"{self.median:g}"

    @property
    def is_half_median(self) -> bool:
        return self.median != self.value

    @property
    def low(self) -> int:
        return self.values[0]

    @property
    def high(self) -> int:
        return self.values[-1]

    @property
    def is_range(self) -> bool:
        return self.low != self.high

    @property
    def count(self) -> int:
        return len(self.records)

    @property
    def label(self) -> str:
        if self.is_stance:
            return self.subject.label_for(self.value)
        return LIKELIHOODS.get(self.value, "")

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
