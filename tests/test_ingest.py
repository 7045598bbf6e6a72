"""The ingest command: loads the seed corpus, is idempotent, and refuses bad input whole."""

import io
import shutil

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from corpus.exchange import dumps, export_record
from corpus.models import Expert, Passage, ScenarioAssessment, Source, Stance
from tests.conftest import SEEDS

ANNOTATION_001 = "annotations/001_b242f4e15b4feee3.toml"


def ingest(path):
    out = io.StringIO()
    call_command("ingest", path, stdout=out)
    return out.getvalue()


def snapshot():
    """Everything a failed ingest must leave untouched, history included."""
    return (
        dumps(export_record(include_drafts=True)),
        Passage.objects.count(),
        Stance.history.count(),
        Source.history.count(),
    )


@pytest.fixture
def seed_copy(tmp_path):
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


def test_it_loads_the_seed_corpus(seeded):
    assert Source.objects.count() == 5
    assert Expert.objects.count() >= 12
    assert Stance.objects.published().count() >= 40
    assert ScenarioAssessment.objects.published().count() >= 12


def test_it_covers_every_issue_and_scenario(seeded):
    assert set(Stance.objects.values_list("issue__slug", flat=True)) == {
        "alignment",
        "ukraine",
        "taiwan",
        "central-asia",
        "brics",
    }
    assert set(ScenarioAssessment.objects.values_list("scenario__slug", flat=True)) == {
        "formal-alliance",
        "junior-partner",
        "partnership-frays",
        "taiwan-move",
        "china-mediates",
    }


def test_it_keeps_documents_byte_for_byte(seeded):
    for source in Source.objects.all():
        assert (SEEDS / source.path).read_bytes() == source.text.encode("utf-8")
        assert source.sha256 == Source.digest(source.text)


def test_ingesting_twice_changes_nothing(seeded):
    before = snapshot()
    output = ingest(SEEDS)
    assert "0 records changed" in output
    assert snapshot() == before


def test_transcript_turns_are_attributed_to_speakers(seeded):
    source = Source.objects.get(path="001_b242f4e15b4feee3.txt")
    passage = source.passages.get(text__startswith="Dr Maria Repnikova")
    assert passage.expert.slug == "maria-repnikova"
    following = source.passages.get(index=passage.index + 1)
    assert following.expert.slug == "maria-repnikova"


def test_aliases_of_one_person_are_one_expert(seeded):
    assert Expert.objects.matching_name("Dr Maria Repnikova").get().slug == "maria-repnikova"
    assert Expert.objects.matching_name("Sergey").get().slug == "sergey-radchenko"
    assert Expert.objects.filter(name__icontains="Repnikova").count() == 1


def test_pull_quote_byline_does_not_start_a_turn(seeded):
    source = Source.objects.get(path="001_b242f4e15b4feee3.txt")
    byline = source.passages.get(text="— Bonny Lin")
    previous = source.passages.get(index=byline.index - 1)
    assert byline.expert == previous.expert


def test_written_by_sections_are_attributed_to_their_authors(seeded):
    source = Source.objects.get(path="004_8095f15d24c94297.txt")
    line = source.passages.get(text="Written by Gilbert Rozman.")
    assert line.expert.slug == "gilbert-rozman"
    assert source.passages.get(index=line.index + 1).expert.slug == "gilbert-rozman"


def test_page_furniture_is_not_an_expert(seeded):
    names = {n.casefold() for n in Expert.objects.values_list("name", flat=True)}
    assert not names & {"translate", "past issues", "search", "tag"}


def test_quoted_person_is_distinct_from_essay_author(seeded):
    feng = Expert.objects.get(slug="feng-shuai")
    assert feng.stances.exists()
    assert not feng.passages.exists()  # his words stand inside Christopher Marsh's essay


def test_unsigned_tracker_is_attributed_to_the_institution(seeded):
    source = Source.objects.get(path="002_c31d34a1ec3332fb.txt")
    authors = {p.expert for p in source.passages.all() if p.expert}
    assert len(authors) == 1
    assert authors.pop().kind == Expert.Kind.INSTITUTION


def test_every_quote_equals_the_source_at_its_offsets(seeded):
    for record in [
        *Stance.objects.select_related("source"),
        *ScenarioAssessment.objects.select_related("source"),
    ]:
        assert record.source.text[record.quote_start : record.quote_end] == record.quote


# Bad input: each case names the file (and line) and leaves the database as it was.


def assert_refused(seed_dir, *fragments):
    before = snapshot()
    with pytest.raises(CommandError) as excinfo:
        ingest(seed_dir)
    message = str(excinfo.value)
    assert "\n" not in message
    for fragment in fragments:
        assert fragment in message
    assert snapshot() == before
    return message


def test_it_refuses_non_utf8_document(seeded, seed_copy):
    (seed_copy / "004_8095f15d24c94297.txt").write_bytes(b"caf\xe9 au lait\n")
    assert_refused(seed_copy, "004_8095f15d24c94297.txt", "not valid UTF-8")


def test_it_refuses_empty_document(seeded, seed_copy):
    (seed_copy / "004_8095f15d24c94297.txt").write_bytes(b"")
    assert_refused(seed_copy, "004_8095f15d24c94297.txt", "empty")


def test_it_refuses_binary_document(seeded, seed_copy):
    (seed_copy / "004_8095f15d24c94297.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert_refused(seed_copy, "004_8095f15d24c94297.txt", "binary")


def test_it_refuses_document_absent_from_manifest(seeded, seed_copy):
    (seed_copy / "stray.txt").write_text("An unlisted document.\n")
    assert_refused(seed_copy, "stray.txt", "not listed in manifest.toml")


def test_it_refuses_manifest_entry_without_its_file(seeded, seed_copy):
    (seed_copy / "003_e2948e5b04192bf3.txt").unlink()
    message = assert_refused(seed_copy, "manifest.toml:", "003_e2948e5b04192bf3.txt", "missing")
    assert message.split(":")[1].strip().isdigit()


def _replace_in(path, old, new, count=1):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _line_of(path, needle):
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(needle)


def test_it_refuses_unknown_expert(seeded, seed_copy):
    path = seed_copy / ANNOTATION_001
    _replace_in(path, 'expert = "bonny-lin"', 'expert = "nobody-at-all"')
    assert_refused(seed_copy, "001_b242f4e15b4feee3.toml:", "unknown expert 'nobody-at-all'")


def test_it_refuses_unknown_issue(seeded, seed_copy):
    path = seed_copy / ANNOTATION_001
    _replace_in(path, 'issue = "ukraine"', 'issue = "arctic"')
    assert_refused(seed_copy, "001_b242f4e15b4feee3.toml:", "unknown issue 'arctic'")


def test_it_refuses_unknown_scenario(seeded, seed_copy):
    path = seed_copy / ANNOTATION_001
    _replace_in(path, 'scenario = "junior-partner"', 'scenario = "moon-base"')
    assert_refused(seed_copy, "001_b242f4e15b4feee3.toml:", "unknown scenario 'moon-base'")


def test_it_refuses_position_out_of_range(seeded, seed_copy):
    path = seed_copy / ANNOTATION_001
    _replace_in(path, "position = 1", "position = 3")
    line = _line_of(path, "position = 3")
    message = assert_refused(seed_copy, "out of range")
    header = int(message.split(".toml:")[1].split(":")[0])
    assert 0 < line - header < 15  # the header of the offending [[stance]]


def test_it_refuses_likelihood_out_of_range(seeded, seed_copy):
    path = seed_copy / ANNOTATION_001
    _replace_in(path, "likelihood = 2", "likelihood = 0")
    assert_refused(seed_copy, "001_b242f4e15b4feee3.toml:", "likelihood 0 is out of range")


def test_it_refuses_malformed_annotation_file(seeded, seed_copy):
    path = seed_copy / ANNOTATION_001
    path.write_text(path.read_text(encoding="utf-8") + "\n[[stance]\nexpert = \n")
    assert_refused(seed_copy, "001_b242f4e15b4feee3.toml:", "malformed TOML")


def test_it_refuses_quote_not_in_source_naming_file_line_and_nearest_passage(seeded, seed_copy):
    path = seed_copy / ANNOTATION_001
    text = path.read_text(encoding="utf-8")
    start = text.index("quote = ", text.index("[[stance]]"))
    end = text.index("\n", start)
    path.write_text(text[:start] + 'quote = "Russia and China are about to merge."' + text[end:])
    message = assert_refused(seed_copy, "001_b242f4e15b4feee3.toml:", "quote not found")
    assert "nearest passage" in message


def test_a_fresh_database_is_left_empty_by_a_refused_ingest(db, seed_copy):
    (seed_copy / "stray.txt").write_text("An unlisted document.\n")
    with pytest.raises(CommandError):
        ingest(seed_copy)
    assert Source.objects.count() == 0
    assert Expert.objects.count() == 0


def test_a_marker_matches_its_line_across_a_no_break_space(seeded):
    # manifest.toml types "Competing or complementary priorities?" with a plain space; the
    # document has a no-break space before "priorities?". The title belongs to nobody.
    source = Source.objects.get(path="004_8095f15d24c94297.txt")
    title = source.passages.get(text__startswith="Russia and China: Competing or complementary")
    assert "\xa0" in title.text
    assert title.expert is None
    assert source.passages.get(index=title.index - 1).expert.slug == "jingdong-yuan"
