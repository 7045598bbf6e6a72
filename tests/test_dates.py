import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from corpus.dates import PartialDate, format_partial, midpoint, period_end


@pytest.mark.parametrize(
    ("text", "date", "precision"),
    [
        ("2016", dt.date(2016, 1, 1), "year"),
        ("2022-03", dt.date(2022, 3, 1), "month"),
        ("2022-03-07", dt.date(2022, 3, 7), "day"),
    ],
)
def test_it_parses_each_precision(text, date, precision):
    assert PartialDate.parse(text) == PartialDate(date, precision)


@pytest.mark.parametrize("text", ["", "22", "2022-3", "2022-13", "2022-02-30", "March 2022"])
def test_it_rejects_malformed_dates(text):
    with pytest.raises(ValueError, match="date"):
        PartialDate.parse(text)


@given(st.dates(min_value=dt.date(1000, 1, 1)), st.sampled_from(["year", "month", "day"]))
def test_formatting_round_trips(date, precision):
    parsed = PartialDate.parse(format_partial(date, precision))
    assert parsed.precision == precision
    assert format_partial(parsed.date, precision) == format_partial(date, precision)


def test_a_year_is_drawn_at_mid_year():
    assert midpoint(dt.date(2016, 1, 1), "year") == dt.date(2016, 7, 1)


def test_period_end_covers_the_whole_month():
    assert period_end(dt.date(2024, 2, 1), "month") == dt.date(2024, 2, 29)
    assert period_end(dt.date(2023, 12, 1), "month") == dt.date(2023, 12, 31)
