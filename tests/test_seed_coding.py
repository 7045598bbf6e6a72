"""The coding pass over the seed documents: views the coding queue surfaced that the curated
annotations lack, kept in corpus/data/coding/ (seeds/ stays byte-identical) and read by
ingest after the annotations, with the same rules and exact quotes."""

import shutil

import pytest

from corpus.errors import IngestError
from corpus.ingest import CODING, ingest_directory
from corpus.models import Expert, ScenarioAssessment, Source, Stance
from tests.conftest import SEEDS
from tests.editing_support import db_state

PASS_001 = "001_b242f4e15b4feee3.toml"


@pytest.fixture
def coding_copy(tmp_path):
    target = tmp_path / "coding"
    shutil.copytree(CODING, target)
    return target


def refused(coding_dir) -> str:
    before = db_state()
    with pytest.raises(IngestError) as caught:
        ingest_directory(SEEDS, coding=coding_dir)
    assert db_state() == before
    return str(caught.value)


def _replace_in(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_seed_corpus_holds_the_coded_views(seeded):
    # 45 stances and 17 assessments from seeds/annotations, 2 and 1 from the coding pass.
    assert Stance.objects.published().count() == 47
    assert ScenarioAssessment.objects.published().count() == 18


def test_a_view_from_the_coding_pass_points_into_its_source(seeded):
    assessment = ScenarioAssessment.objects.get(
        expert__slug="maria-repnikova", scenario__slug="taiwan-move"
    )
    assert assessment.likelihood == 2
    assert assessment.quote.startswith("So I see this maybe as more of a more of a cautionary")
    text = assessment.source.text
    assert text[assessment.quote_start : assessment.quote_end] == assessment.quote


def test_the_coded_views_are_held_by_the_speaker_of_their_passage(seeded):
    for record in [
        *Stance.objects.filter(summary__startswith="In passing"),
        *ScenarioAssessment.objects.filter(rationale__startswith="Her answer"),
    ]:
        passage = record.source.passages.get(
            start__lte=record.quote_start, end__gte=record.quote_end
        )
        assert passage.expert == record.expert


def test_the_documents_stay_byte_identical(seeded):
    for source in Source.objects.all():
        assert (SEEDS / source.path).read_bytes() == source.text.encode("utf-8")


def test_without_the_coding_pass_the_annotations_alone_are_loaded(db):
    ingest_directory(SEEDS, coding=None)
    assert Stance.objects.count() == 45
    assert ScenarioAssessment.objects.count() == 17


def test_a_coded_quote_must_be_copied_exactly(db, coding_copy):
    # Whitespace-blind matching would find it; a coding pass copies the words as they are.
    _replace_in(coding_copy / PASS_001, "We've seen that China", "We've  seen that China")
    message = refused(coding_copy)
    assert f"{PASS_001}:" in message
    assert "copy it exactly" in message


def test_a_coded_quote_not_in_the_source_is_refused(db, coding_copy):
    _replace_in(coding_copy / PASS_001, "major moves from China", "major moves from Japan")
    assert "quote not found in 001_b242f4e15b4feee3.txt" in refused(coding_copy)


def test_a_pass_coded_on_another_text_is_refused(db, coding_copy):
    _replace_in(coding_copy / PASS_001, 'text_sha256 = "88c2', 'text_sha256 = "99c2')
    message = refused(coding_copy)
    assert "text_sha256: the pass was coded on another text" in message


def test_a_coding_pass_may_not_bring_experts(db, coding_copy):
    path = coding_copy / PASS_001
    path.write_text(
        path.read_text(encoding="utf-8") + '\n[[expert]]\nslug = "x"\nname = "X"\n',
        encoding="utf-8",
    )
    assert "expert: unknown key 'expert'" in refused(coding_copy)
    assert not Expert.objects.exists()


def test_a_coded_view_the_annotations_already_hold_is_refused(db, coding_copy):
    path = coding_copy / PASS_001
    path.write_text(
        path.read_text(encoding="utf-8")
        + '\n[[stance]]\nexpert = "sergey-radchenko"\nissue = "ukraine"\nposition = 0\n'
        'summary = "Again."\n'
        'quote = "China is maintaining benevolent neutrality - it\'s sitting on the fence."\n',
        encoding="utf-8",
    )
    assert "already in 001_b242f4e15b4feee3.toml" in refused(coding_copy)


def test_a_pass_over_a_document_the_directory_does_not_list_is_left_aside(db, coding_copy):
    _replace_in(coding_copy / PASS_001, 'source = "001_', 'source = "901_')
    ingest_directory(SEEDS, coding=coding_copy)
    assert Stance.objects.count() == 46  # 45 annotated + the one of the pass over 004
    assert not ScenarioAssessment.objects.filter(expert__slug="maria-repnikova").filter(
        scenario__slug="taiwan-move"
    )
