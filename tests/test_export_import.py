"""export → import into a fresh database → export is byte-identical; bad files change nothing."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from corpus.exchange import dumps, export_record
from corpus.models import (
    Event,
    Expert,
    Issue,
    Organisation,
    PendingChange,
    Scenario,
    ScenarioAssessment,
    Source,
    Stance,
)
from tests.conftest import SEEDS
from tests.editing_support import forget
from tests.factories import StanceFactory

SCHEMA_KEYS = {
    "issues": {"slug", "name", "question", "labels"},
    "scenarios": {"slug", "title", "description"},
    "organisations": {"name", "country"},
    "experts": {"slug", "name", "aliases", "organisation"},
    "sources": {
        "title",
        "publisher",
        "kind",
        "published_on",
        "date_precision",
        "url",
        "sha256",
        "path",
    },
    "stances": {
        "expert",
        "issue",
        "source_sha256",
        "stated_on",
        "position",
        "summary",
        "quote",
        "quote_start",
        "quote_end",
        "confidence",
        "status",
    },
    "scenario_assessments": {
        "expert",
        "scenario",
        "source_sha256",
        "stated_on",
        "likelihood",
        "rationale",
        "quote",
        "quote_start",
        "quote_end",
        "confidence",
        "status",
    },
}


def run_export(tmp_path, name="export.json"):
    path = tmp_path / name
    call_command("export", "--format", "json", "-o", str(path), stderr=io.StringIO())
    return path


def wipe_database():
    forget(
        PendingChange.objects.all(),
        Event.objects.all(),  # not in the export (yet): they cite sources, so go first
        ScenarioAssessment.objects.all(),
        Stance.objects.all(),
        Source.objects.all(),
        Expert.objects.all(),
        Organisation.objects.all(),
        Scenario.objects.all(),
        Issue.objects.all(),
    )


def test_export_has_every_schema_key(seeded, tmp_path):
    data = json.loads(run_export(tmp_path).read_text())
    for table, keys in SCHEMA_KEYS.items():
        assert data[table], table
        assert keys <= set(data[table][0]), table
    assert set(data["issues"][0]["labels"]) == {"-2", "-1", "0", "1", "2"}


def test_every_exported_quote_is_the_source_text_at_its_offsets(seeded, tmp_path):
    data = json.loads(run_export(tmp_path).read_text())
    texts = {s["sha256"]: (SEEDS / s["path"]).read_text(encoding="utf-8") for s in data["sources"]}
    records = data["stances"] + data["scenario_assessments"]
    assert len(data["stances"]) >= 40 and len(data["scenario_assessments"]) >= 12
    for record in records:
        text = texts[record["source_sha256"]]
        assert text[record["quote_start"] : record["quote_end"]] == record["quote"]
        assert record["status"] == "published" and record["quote"]


def test_export_import_export_is_byte_identical(seeded, tmp_path):
    first = run_export(tmp_path, "first.json")
    wipe_database()
    assert Stance.objects.count() == 0
    call_command("import", str(first), stdout=io.StringIO())
    second = run_export(tmp_path, "second.json")
    assert first.read_bytes() == second.read_bytes()


def test_export_leaves_drafts_out_unless_asked(seeded):
    StanceFactory(status="draft")
    assert len(export_record()["stances"]) == Stance.objects.count() - 1
    assert len(export_record(include_drafts=True)["stances"]) == Stance.objects.count()


def test_import_refuses_quote_that_does_not_match_its_offsets(seeded, tmp_path):
    data = export_record()
    data["stances"][3]["quote"] = "Words nobody wrote."
    path = tmp_path / "bad.json"
    path.write_text(dumps(data))
    wipe_database()
    with pytest.raises(CommandError, match=r"stances\[3\].*quote is not the source text"):
        call_command("import", str(path), stdout=io.StringIO())
    assert Source.objects.count() == 0


def test_import_refuses_malformed_json(db, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"issues": [')
    with pytest.raises(CommandError, match=r"bad.json:1: not valid JSON"):
        call_command("import", str(path), stdout=io.StringIO())
