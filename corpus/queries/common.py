"""Rules every page shares, so a number never reads differently from one page to the next."""

import datetime as dt
import math
import statistics

from django.db.models import Q

from corpus.dates import DAY, MONTH, YEAR


def stated_by_q(as_of: dt.date) -> Q:
    """Records certainly stated on or before as_of: the whole of their dated period is past.

    A stance known only to "2016" counts as of 2016-12-31, not as of 2016-03-01.
    """
    next_day = as_of + dt.timedelta(days=1)
    return (
        Q(stated_precision=DAY, stated_on__lte=as_of)
        | Q(stated_precision=MONTH, stated_on__lt=next_day.replace(day=1))
        | Q(stated_precision=YEAR, stated_on__lt=next_day.replace(month=1, day=1))
    )


def scale_point(values, middle: int = 0) -> int:
    """The median of several same-day values as a point on the scale.

    A half-point median rounds toward the scale's middle (0 for positions, 3 for likelihoods).
    """
    median = statistics.median(values)
    if median == int(median):
        return int(median)
    return math.floor(median) if median > middle else math.ceil(median)
