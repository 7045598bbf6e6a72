"""The word diff the history and conflict pages show (a pure function: no database)."""

from hypothesis import given
from hypothesis import strategies as st

from dashboard.templatetags.editing import word_diff

_words = st.lists(st.sampled_from(["a", "b", "Moscow", "Beijing", " ", "  ", "\n", "x."]))


@given(_words, _words)
def test_it_gives_back_both_texts(old_words, new_words):
    old, new = "".join(old_words), "".join(new_words)
    pieces = word_diff(old, new)
    assert "".join(t for op, t in pieces if op != "insert") == old
    assert "".join(t for op, t in pieces if op != "delete") == new


def test_it_marks_whole_words():
    assert word_diff("Sees a deepening partnership.", "Sees a fraying partnership.") == [
        ("equal", "Sees a "),
        ("delete", "deepening"),
        ("insert", "fraying"),
        ("equal", " partnership."),
    ]


def test_a_rewritten_sentence_is_one_change_not_a_word_salad():
    pieces = word_diff("On reshaping world order", "Sees Beijing hedging more")
    assert pieces == [
        ("delete", "On reshaping world order"),
        ("insert", "Sees Beijing hedging more"),
    ]
