"""Publication dates with precision: "2016", "2022-03" and "2022-03-01" are all valid."""

import datetime as dt
import re
from dataclasses import dataclass

YEAR = "year"
MONTH = "month"
DAY = "day"

_PATTERN = re.compile(r"^(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?$")


@dataclass(frozen=True)
class PartialDate:
    """A date known to a year, a month or a day; stored as the first day of that period."""

    date: dt.date
    precision: str

    @classmethod
    def parse(cls, text: str) -> "PartialDate":
        """Parse YYYY, YYYY-MM or YYYY-MM-DD; raise ValueError with the reason otherwise."""
        match = _PATTERN.match(str(text).strip())
        if not match:
            raise ValueError(f"date {text!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = match["y"], match["m"], match["d"]
        try:
            date = dt.date(int(year), int(month or 1), int(day or 1))
        except ValueError as exc:
            raise ValueError(f"date {text!r} does not exist ({exc})") from None
        precision = DAY if day else MONTH if month else YEAR
        return cls(date, precision)

    def __str__(self) -> str:
        return format_partial(self.date, self.precision)

    @property
    def label(self) -> str:
        return human_partial(self.date, self.precision)

    def midpoint(self) -> dt.date:
        """The middle of the period, where a chart should draw this date."""
        return midpoint(self.date, self.precision)


def format_partial(date: dt.date, precision: str) -> str:
    """ISO text at the given precision: 2016, 2016-03 or 2016-03-07."""
    if precision == YEAR:
        return f"{date.year:04d}"
    if precision == MONTH:
        return f"{date.year:04d}-{date.month:02d}"
    return date.isoformat()


MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def human_partial(date: dt.date | None, precision: str = DAY) -> str:
    """A date as people write it, at its precision: "2016", "March 2022", "3 March 2022".

    The one display form of a date on every page, slide and chart label (the ISO form of
    `format_partial` is for exports and machine-readable attributes).
    """
    if date is None:
        return ""
    if precision == YEAR:
        return f"{date.year}"
    if precision == MONTH:
        return f"{MONTHS[date.month - 1]} {date.year}"
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"


def human_date(date: dt.date | None) -> str:
    """A day as people write it: "3 March 2022"."""
    return human_partial(date, DAY)


def midpoint(date: dt.date, precision: str) -> dt.date:
    """Mid-year for a year, mid-month for a month, the day itself otherwise."""
    if precision == YEAR:
        return dt.date(date.year, 7, 1)
    if precision == MONTH:
        return dt.date(date.year, date.month, 15)
    return date


def period_end(date: dt.date, precision: str) -> dt.date:
    """The last day covered by a partial date (used for "as of" comparisons)."""
    if precision == YEAR:
        return dt.date(date.year, 12, 31)
    if precision == MONTH:
        nxt = dt.date(date.year + date.month // 12, date.month % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)
    return date
