"""What a filtered view of the record asks for: the one value every page, slide and export takes.

Built by the filter form (`dashboard.forms.filters`); read by `StanceQuerySet.matching`.
"""

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RecordFilters:
    """Which issues, whose perspective and organisation, which sources, which dates."""

    issues: list = field(default_factory=list)
    perspective: str = ""
    organisation: str = ""
    kind: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    as_of: dt.date | None = None
    include_drafts: bool = False

    @property
    def by_cell(self) -> bool:
        """Whether only whole experts × issues are chosen (issues, perspective, organisation):
        then each expert's latest word is theirs over everything, as the read model holds it."""
        return not (self.kind or self.date_from or self.date_to or self.as_of)

    @property
    def by_move(self) -> bool:
        """Whether the moves among the matching stances are moves of the whole record (no
        source kind or "as of" cuts a stance out of the middle of an expert's sequence)."""
        return not (self.kind or self.as_of)


# What search finds, in the order its page shows the kinds.
SEARCH_KINDS = (
    "scenarios",
    "issues",
    "experts",
    "organisations",
    "stances",
    "assessments",
    "passages",
)

# The facets each kind of hit can be narrowed by; a kind that cannot carry a facet someone set
# is left out rather than shown unfiltered (an issue facet says nothing about organisations).
_FACETS_OF = {
    "scenarios": {"issues"},
    "issues": {"issues"},
    "experts": {"experts", "organisation"},
    "organisations": {"organisation"},
    "stances": {"issues", "experts", "organisation", "source", "kind", "dates"},
    "assessments": {"issues", "experts", "organisation", "source", "kind", "dates"},
    "passages": {"issues", "experts", "organisation", "source", "kind", "dates"},
}


@dataclass(frozen=True)
class SearchFilters:
    """The search page's facets: which kind of hit, about which issues, by whom, where, when.

    `issues` and `experts` are model instances, `source` one source (or None), `organisation`
    an organisation's name and `kind` a source kind, as the filter form cleans them.
    """

    show: str = ""
    issues: tuple = ()
    experts: tuple = ()
    organisation: str = ""
    source: object = None
    kind: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    def facets_set(self) -> set[str]:
        given = {
            "issues": bool(self.issues),
            "experts": bool(self.experts),
            "organisation": bool(self.organisation),
            "source": self.source is not None,
            "kind": bool(self.kind),
            "dates": bool(self.date_from or self.date_to),
        }
        return {name for name, on in given.items() if on}

    def wants(self, kind: str) -> bool:
        """Whether hits of this kind are shown: the kind asked for, and able to carry every
        facet set."""
        if self.show and self.show != kind:
            return False
        return self.facets_set() <= _FACETS_OF[kind]

    def left_out(self) -> list[str]:
        """The kinds the facets leave out (not the one `show` asked for): for the page to say."""
        return [k for k in SEARCH_KINDS if not self.wants(k) and (not self.show or self.show == k)]
