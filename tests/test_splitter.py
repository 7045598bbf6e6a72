"""Property tests for the pure text functions: the passage splitter and the quote locator."""

import itertools

from hypothesis import given
from hypothesis import strategies as st

from corpus.quotes import QuoteNotFound, locate_quote
from corpus.splitter import split_passages

texts = st.text(alphabet=st.characters(codec="utf-8"), max_size=400)
linebreaky = st.lists(
    st.one_of(st.text(max_size=30), st.sampled_from(["\n", "\r\n", "\n\n", "  ", "\t"])),
    max_size=40,
).map("".join)


@given(st.one_of(texts, linebreaky))
def test_passages_stay_within_bounds(text):
    for span in split_passages(text):
        assert 0 <= span.start < span.end <= len(text)


@given(st.one_of(texts, linebreaky))
def test_passages_are_in_order_and_do_not_overlap(text):
    spans = split_passages(text)
    for before, after in itertools.pairwise(spans):
        assert before.end <= after.start


@given(st.one_of(texts, linebreaky))
def test_passages_hold_all_visible_text_trimmed(text):
    spans = split_passages(text)
    for span in spans:
        piece = text[span.start : span.end]
        assert piece == piece.strip() and piece
    covered = "".join(text[s.start : s.end] for s in spans)
    assert "".join(covered.split()) == "".join(text.split())


@given(st.text(min_size=1, max_size=200), st.text(max_size=100), st.text(max_size=100))
def test_locator_finds_an_embedded_quote(quote, before, after):
    if not quote.strip():
        return
    text = before + quote + after
    span = locate_quote(text, quote)
    assert text[span.start : span.end] == quote


def test_locator_matches_across_folded_whitespace():
    text = "He said: the partnership\n  is deep. Then he left."
    span = locate_quote(text, "the partnership is deep.")
    assert text[span.start : span.end] == "the partnership\n  is deep."


def test_locator_picks_the_requested_occurrence():
    text = "Same words. Other words. Same words."
    assert locate_quote(text, "Same words.", occurrence=2).start == text.rindex("Same words.")


def test_locator_reports_the_nearest_excerpt():
    text = "The partnership is deep and growing every year."
    try:
        locate_quote(text, "The partnership is shallow")
    except QuoteNotFound as exc:
        assert exc.nearest.startswith("The partnership is")
    else:
        raise AssertionError("expected QuoteNotFound")
