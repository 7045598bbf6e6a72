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
