"""Queries for the compare page: 2–4 experts side by side, each on their latest word."""

import statistics
from dataclasses import dataclass

from django.db.models import F, Max, Prefetch, Q, Window

from corpus.queries.common import scale_point

MAX_EXPERTS = 4
MIN_EXPERTS = 2
# Two experts this many points apart on an issue's −2..+2 scale mark the row as disputed.
DISAGREEMENT_POINTS = 2
PICKER_LIMIT = 12


def _subject_field(model) -> str:
    """What a record is about: "issue" for stances, "scenario" for assessments."""
    return "issue" if any(f.name == "issue" for f in model._meta.get_fields()) else "scenario"


def _signed(value) -> str:
    """+1, 0, −0.5 (true minus sign, no trailing .0) for a position or a median."""
    text = f"{abs(value):g}"
    return f"+{text}" if value > 0 else f"−{text}" if value < 0 else "0"


@dataclass
class LatestWord:
    """An expert's latest published records on one issue or scenario.

    Several records stated on that same date are kept together and summed up by their median.
    """

    records: list

    @property
    def subject(self):
        return getattr(self.records[0], _subject_field(type(self.records[0])))

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
        return _signed(self.median) if self.is_stance else f"{self.median:g}"

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
        # Imported here: this module is loaded while corpus.models is still being set up.
        from corpus.models.taxonomy import LIKELIHOODS

        return LIKELIHOODS.get(self.value, "")

    @property
    def stated_display(self) -> str:
        return self.records[0].stated_display


def latest_words(records) -> dict[tuple[int, int], LatestWord]:
    """Group records from `latest_per_expert()` by (expert id, issue or scenario id)."""
    words: dict[tuple[int, int], LatestWord] = {}
    for record in records:
        key = (record.expert_id, getattr(record, f"{_subject_field(type(record))}_id"))
        words.setdefault(key, LatestWord([])).records.append(record)
    return words


@dataclass
class CompareRow:
    """One issue or scenario, with each selected expert's latest word on it (or None)."""

    subject: object
    cells: list  # (expert, LatestWord | None) in column order

    @property
    def spread(self) -> int:
        values = [word.value for _, word in self.cells if word]
        return max(values) - min(values) if len(values) > 1 else 0

    @property
    def disagrees(self) -> bool:
        return self.spread >= DISAGREEMENT_POINTS

    @property
    def poles(self) -> list[tuple[int, list[str]]]:
        """The lowest and the highest value in the row, each with the names of who holds it."""
        filled = [(word.value, expert.name) for expert, word in self.cells if word]
        ends = sorted({min(filled)[0], max(filled)[0]}) if filled else []
        return [(value, [name for v, name in filled if v == value]) for value in ends]


def compare_rows(subjects, experts, words) -> list[CompareRow]:
    """A row per subject, a cell per expert in the order given."""
    return [
        CompareRow(subject, [(e, words.get((e.pk, subject.pk))) for e in experts])
        for subject in subjects
    ]


class CompareQueries:
    """QuerySet methods for this page; mixed into the stance and assessment QuerySets."""

    def latest_per_expert(self):
        """The records stated on each expert × issue (or scenario)'s latest date, ties kept.

        Filters given before this call (published, experts) apply before "latest" is taken.
        """
        subject = _subject_field(self.model)
        return self.alias(
            latest=Window(Max("stated_on"), partition_by=[F("expert_id"), F(f"{subject}_id")])
        ).filter(stated_on=F("latest"))

    def for_compare(self, experts):
        """The latest published records of these experts, with what their quotes show."""
        subject = _subject_field(self.model)
        return (
            self.published()
            .filter(expert__in=experts)
            .latest_per_expert()
            .select_related("expert", "source", subject)
            .defer("source__text")
            .order_by("stated_on", "pk")
        )


class ExpertPickerQueries:
    """Expert QuerySet methods for the compare page; mixed into ExpertQuerySet."""

    def for_compare(self, slugs):
        return self.filter(slug__in=slugs).select_related("organisation")

    def picker_matches(self, text: str, exclude=(), limit: int = PICKER_LIMIT):
        """Experts whose name or an alias contains text; `matched_aliases` lists those aliases."""
        text = " ".join(text.split())
        alias_model = self.model._meta.get_field("aliases").related_model
        # Matching on the alias table in a subquery keeps one row per expert without DISTINCT.
        by_alias = alias_model.objects.filter(name__icontains=text).values("expert_id")
        return (
            self.filter(Q(name__icontains=text) | Q(pk__in=by_alias))
            .exclude(pk__in=[e.pk for e in exclude])
            .select_related("organisation")
            .prefetch_related(
                Prefetch(
                    "aliases",
                    queryset=alias_model.objects.filter(name__icontains=text),
                    to_attr="matched_aliases",
                )
            )
            .order_by("name")[:limit]
        )
