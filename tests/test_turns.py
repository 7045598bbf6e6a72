"""Speaker turns in the layouts transcripts really use (pure functions, invented people)."""

import pytest

from corpus.participants import normalise, parse_entry, parse_prose
from corpus.splitter import split_passages
from corpus.turns import AUTO, find_turns


def _holders(text: str, known=()) -> list[tuple[str, str | None]]:
    spans = split_passages(text)
    turns = find_turns(text, spans, AUTO, {normalise(k) for k in known})
    names = {k: s.person.name if not s.no_views else None for k, s in turns.speakers.items()}
    return [
        (text[s.start : s.end], names.get(k) if k else None)
        for s, k in zip(turns.spans, turns.keys, strict=True)
    ]


def test_dr_and_prof_with_affiliation_labels_in_any_case():
    text = (
        "Dr. Lena Brandt: The partnership is thin.\n\n"
        "Prof. Marco Ruiz (Iberian Institute): It is deeper than it looks.\n\n"
        "dr. lena brandt: Still thin.\n"
    )
    assert _holders(text) == [
        ("The partnership is thin.", "Lena Brandt"),
        ("It is deeper than it looks.", "Marco Ruiz"),
        ("Still thin.", "Lena Brandt"),
    ]


def test_a_turn_continues_over_lines_until_the_next_label():
    text = "BRANDT: First line.\nSecond line of the same turn.\n\nRUIZ: Another speaker.\n"
    assert [h for _, h in _holders(text)] == ["Brandt", "Brandt", "Ruiz"]


def test_a_name_alone_on_a_line_known_to_the_record_starts_a_turn():
    text = "Panel\n\nLena Brandt\n\nThe partnership is thin.\n\nLB\n\nShort alias speaks.\n"
    holders = _holders(text, known=["Lena Brandt", "LB"])
    assert holders[2] == ("The partnership is thin.", "Lena Brandt")
    assert holders[0] == ("Panel", None)


def test_moderator_from_the_header_and_inline_speakers_list():
    text = (
        "Moderator: Ana Costa, Editor, Lisbon Review\n"
        "Speakers: Lena Brandt (Rhine Forum); Marco Ruiz (Iberian Institute)\n\n"
        "COSTA: Welcome.\n\nBRANDT: Thin.\n\nRUIZ: Deep.\n"
    )
    assert [h for _, h in _holders(text)][2:] == [None, "Lena Brandt", "Marco Ruiz"]


@pytest.mark.parametrize("line", ["[inaudible]", "(Laughter)", "[Applause]"])
def test_stage_directions_are_held_by_nobody_and_the_turn_resumes(line):
    text = f"BRANDT: Thin.\n\n{line}\n\nAnd thinner still.\n\nRUIZ: Deep.\n\nRUIZ: Again.\n"
    assert [h for _, h in _holders(text)] == ["Brandt", None, "Brandt", "Ruiz", "Ruiz"]


@pytest.mark.parametrize("label", ["AUDIENCE MEMBER", "Question from the floor", "Participant"])
def test_audience_questions_are_held_by_nobody(label):
    text = f"BRANDT: Thin.\n\n{label}: Why?\n\nBRANDT: Because.\n"
    assert [h for _, h in _holders(text)] == ["Brandt", None, "Brandt"]


def test_q_and_a_follow_the_header():
    text = (
        "Interviewer: Ana Costa, Lisbon Review\nInterviewee: Dr Lena Brandt, Rhine Forum\n\n"
        "Q: Is it thin?\n\nA: Very thin.\n"
    )
    assert [h for _, h in _holders(text)][2:] == [None, "Lena Brandt"]


@pytest.mark.parametrize(
    "byline", ["By Lena Brandt", "Written by Lena Brandt.", "Author: Dr Lena Brandt"]
)
def test_bylines_give_the_essay_to_its_author(byline):
    text = f"An essay\n\n{byline}\n\nThe partnership is thin, said Marco Ruiz.\n"
    assert _holders(text)[-1] == ("The partnership is thin, said Marco Ruiz.", "Lena Brandt")


def test_colon_headings_are_not_speakers():
    text = "Summary: a short one.\n\nNote: nothing here.\n"
    assert [h for _, h in _holders(text)] == [None, None]


def test_a_participants_entry_gives_name_title_role_organisation_and_country():
    entry = parse_entry("Prof. Marco Ruiz, Senior Fellow, Iberian Institute (Spain)")
    assert (entry.title, entry.name, entry.role, entry.organisation, entry.country) == (
        "Prof.",
        "Marco Ruiz",
        "Senior Fellow",
        "Iberian Institute",
        "Spain",
    )


def test_chaired_by_and_joined_by_in_prose():
    people = parse_prose(
        "The debate was chaired by Ana Costa. She was joined by Lena Brandt of the Rhine "
        "Forum and Dr Marco Ruiz."
    )
    assert [(p.name, p.part, p.organisation) for p in people] == [
        ("Ana Costa", "chair", ""),
        ("Lena Brandt", "speaker", "Rhine Forum"),
        ("Marco Ruiz", "speaker", ""),
    ]
