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
