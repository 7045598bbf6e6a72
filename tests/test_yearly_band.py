"""The yearly band is computed from counts per position, as statistics would from the list."""

import statistics
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.pages.issue_page import band

counts_by_position = st.dictionaries(
    st.integers(min_value=-2, max_value=2), st.integers(min_value=0, max_value=400), max_size=5
)


@settings(max_examples=60)
@given(st.dictionaries(st.integers(min_value=1990, max_value=2030), counts_by_position))
def test_band_from_counts_equals_statistics_over_every_position(by_year):
    rows = band({year: Counter(counts) for year, counts in by_year.items()})
    expected = []
    for year in sorted(by_year):
        positions = sorted(Counter(by_year[year]).elements())
        if positions:
            median = statistics.median(positions)
            mean = round(statistics.fmean(positions), 2)
            expected.append(
                (year, len(positions), positions[0], positions[-1], median, type(median), mean)
            )
    assert [
        (r["year"], r["count"], r["min"], r["max"], r["median"], type(r["median"]), r["mean"])
        for r in rows
    ] == expected


def test_an_even_count_takes_the_mean_of_the_two_middle_positions():
    (row,) = band({2020: Counter({-1: 1, 0: 1, 2: 2})})
    assert (row["median"], row["median_label"], row["mean"]) == (1.0, "+1", 0.75)
