"""Ingest checks every record with the model rules and reports every problem, one line each."""

import io
import shutil

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.conftest import SEEDS
from tests.editing_support import db_state

ANNOTATION_000 = "annotations/000_93af0bbdf6d518e5.toml"
ANNOTATION_001 = "annotations/001_b242f4e15b4feee3.toml"


@pytest.fixture
def seed_copy(tmp_path):
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


def edit(path, old, new, count=1):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def refused(seed_dir) -> list[str]:
    """The lines of the refusal; the database is as it was."""
    before = db_state()
    with pytest.raises(CommandError) as caught:
        call_command("ingest", seed_dir, stdout=io.StringIO())
    assert db_state() == before
    lines = str(caught.value).splitlines()
    return lines[1:] if len(lines) > 1 else lines


def test_an_annotation_slug_that_is_no_slug_is_refused(db, seed_copy):
    edit(seed_copy / ANNOTATION_000, 'slug = "richard-ghiasy"', 'slug = "Richard Ghiasy!"')
    lines = refused(seed_copy)
    assert any("000_93af0bbdf6d518e5.toml:26: slug: Enter a valid" in line for line in lines)


def test_an_unknown_expert_kind_is_refused(db, seed_copy):
    edit(seed_copy / ANNOTATION_000, 'kind = "person"', 'kind = "alien"')
    [line] = refused(seed_copy)
    assert line.endswith("kind: Value 'alien' is not a valid choice.")


def test_a_misspelt_annotation_key_is_refused_with_the_right_one(db, seed_copy):
    edit(seed_copy / ANNOTATION_001, "position = 1", "postion = 1")
    lines = refused(seed_copy)
    assert any("postion: unknown key 'postion'; did you mean 'position'?" in x for x in lines)


def test_a_summary_over_300_characters_is_refused(db, seed_copy):
    edit(
        seed_copy / ANNOTATION_001,
        'summary = "Calls today',
        'summary = "' + "x" * 300 + "Calls today",
    )
    [line] = refused(seed_copy)
    assert "summary: Ensure this value has at most 300 characters" in line


def test_a_nul_in_an_annotation_is_refused(db, seed_copy):
    edit(seed_copy / ANNOTATION_000, 'name = "Richard Ghiasy"', 'name = "Richard\\u0000Ghiasy"')
    [line] = refused(seed_copy)
    assert line.endswith("000_93af0bbdf6d518e5.toml:26: name: contains a NUL character")


def test_a_marker_naming_an_unknown_expert_is_refused(db, seed_copy):
    edit(seed_copy / "manifest.toml", 'expert = "merics"', 'expert = "nobody-at-all"')
    [line] = refused(seed_copy)
    assert "manifest.toml:" in line
    assert "names unknown expert 'nobody-at-all'" in line


def test_a_marker_whose_text_is_not_in_the_document_is_refused(db, seed_copy):
    edit(seed_copy / "manifest.toml", 'from = "Tracker"', 'from = "Words not in it"')
    [line] = refused(seed_copy)
    assert "starts with 'Words not in it'" in line


def test_a_manifest_naming_a_missing_file_blames_that_entry_first(db, seed_copy):
    (seed_copy / "004_8095f15d24c94297.txt").rename(seed_copy / "004-renamed.txt")
    lines = refused(seed_copy)
    assert (
        "manifest.toml:19: file: document '004_8095f15d24c94297.txt' is listed but missing"
        in (lines[0])
    )
    assert "004-renamed.txt: document is not listed" in lines[1]


def test_every_problem_is_reported_not_only_the_first(db, seed_copy):
    edit(seed_copy / ANNOTATION_000, 'kind = "person"', 'kind = "alien"')
    edit(seed_copy / ANNOTATION_001, "position = 1", "postion = 1")
    edit(seed_copy / "manifest.toml", 'expert = "merics"', 'expert = "nobody-at-all"')
    lines = refused(seed_copy)
    assert len(lines) >= 3
    assert all(":" in line for line in lines)
