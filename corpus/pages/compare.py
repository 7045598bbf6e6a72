"""The compare page: 2–4 experts side by side, each on their latest word."""

from dataclasses import dataclass

from django.db import models

from corpus.models import Expert, Organisation

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


@dataclass
class BrowseOrganisation:
    """One organisation in the picker's browse list: how many experts, and (when opened) who."""

    organisation: object
    count: int
    experts: list | None = None  # loaded for the opened organisation only


@dataclass
class BrowseCountry:
    country: str  # "" for organisations without one
    organisations: list


def browse_groups(opened: str = "") -> list[BrowseCountry]:
    """Organisations with experts, grouped by country (A–Z, those without one last), each
    with its expert count; the `opened` organisation (by name) with its experts, A–Z.

    Two queries at most, whatever the size of the record: the list names organisations, not
    every expert, so it stays short at 2,000 experts.
    """
    organisations = list(
        Organisation.objects.annotate(n=models.Count("experts"))
        .filter(n__gt=0)
        .only("name", "country")
        .order_by("country", "name")
    )
    experts = (
        list(Expert.objects.filter(organisation__name=opened).only("slug", "name").order_by("name"))
        if opened
        else []
    )
    groups: dict[str, BrowseCountry] = {}
    for organisation in organisations:
        group = groups.setdefault(organisation.country, BrowseCountry(organisation.country, []))
        chosen = experts if organisation.name == opened else None
        group.organisations.append(BrowseOrganisation(organisation, organisation.n, chosen))
    return sorted(groups.values(), key=lambda g: (g.country == "", g.country.lower()))
