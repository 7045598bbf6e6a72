"""A malformed import is refused with every problem, one line each; the database is untouched."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from corpus.errors import IngestError, InputProblems
from corpus.exchange import dumps, export_record, parse_import
from corpus.models import Stance
from tests.editing_support import db_state, forget
from tests.factories import ExpertFactory, OrganisationFactory, PassageFactory, StanceFactory


@pytest.fixture
def exported(db):
    """The export of a small record (one stance with its source and passage), as data."""
    expert = ExpertFactory(organisation=OrganisationFactory(name="MERICS"))
    stance = StanceFactory(expert=expert, status="published")
    PassageFactory(source=stance.source, index=0)
    data = export_record()
    forget(Stance.objects.all())
    return data


def problems_of(data) -> list[str]:
    text = data if isinstance(data, str) else dumps(data)
    before = db_state()
    with pytest.raises(IngestError) as caught:
        parse_import(text, "record.json")
    assert db_state() == before
    return caught.value.lines


def test_the_export_itself_is_accepted(exported):
    assert parse_import(dumps(exported), "record.json").counts["stances"] == 1


def test_an_expert_slug_that_is_no_slug_is_refused(exported):
    exported["experts"][0]["slug"] = "bad slug/<x>"
    [line] = [p for p in problems_of(exported) if "experts[0].slug" in p]
    assert line.startswith("record.json: experts[0].slug: Enter a valid")


def test_an_unknown_expert_kind_is_refused(exported):
    exported["experts"][0]["kind"] = "alien"
    assert problems_of(exported) == [
        "record.json: experts[0].kind: Value 'alien' is not a valid choice."
    ]


def test_a_source_that_is_not_an_object_is_refused(exported):
    exported["sources"].append("a string")
    assert "record.json: sources[1]: must be an object, not str" in problems_of(exported)


def test_a_stance_that_is_not_an_object_is_refused(exported):
    exported["stances"].append(7)
    assert "record.json: stances[1]: must be an object, not int" in problems_of(exported)


def test_scenario_assessments_as_a_string_is_refused(exported):
    exported["scenario_assessments"] = "none"
    assert problems_of(exported) == ["record.json: scenario_assessments: must be a list, not str"]


def test_json_nested_100k_deep_is_refused_before_parsing(db):
    [line] = problems_of("[" * 100_000 + "]" * 100_000)
    assert "nested more than 16 levels deep" in line


def test_an_issue_without_a_name_is_refused(exported):
    del exported["issues"][0]["name"]
    assert problems_of(exported) == ["record.json: issues[0].name: is missing"]


def test_an_unknown_organisation_is_refused(exported):
    exported["experts"][0]["organisation"] = "Nowhere Institute"
    assert problems_of(exported) == [
        "record.json: experts[0].organisation: unknown organisation 'Nowhere Institute' "
        "(not in the file or the database)"
    ]


def test_a_summary_over_300_characters_is_refused(exported):
    exported["stances"][0]["summary"] = "x" * 301
    assert problems_of(exported) == [
        "record.json: stances[0].summary: "
        "Ensure this value has at most 300 characters (it has 301)."
    ]


def test_a_nul_in_text_is_refused(exported):
    exported["experts"][0]["name"] = "Bonny\x00Lin"
    assert problems_of(exported) == ["record.json: experts[0].name: contains a NUL character"]


def test_a_passage_whose_start_is_after_its_end_is_refused(exported):
    passage = exported["sources"][0]["passages"][0]
    passage["start"], passage["end"] = passage["end"], passage["start"]
    [line] = problems_of(exported)
    assert line.startswith("record.json: sources[0].passages[0].end: start ")
    assert "is not before end" in line


def test_missing_keys_are_each_named(exported):
    del exported["stances"][0]["quote"]
    del exported["stances"][0]["position"]
    assert problems_of(exported) == [
        "record.json: stances[0].quote: is missing",
        "record.json: stances[0].position: is missing",
    ]


def test_an_unknown_format_version_is_refused(exported):
    exported["format"] = 99
    [line] = problems_of(exported)
    assert "format 99 is not supported" in line


def test_an_unknown_key_suggests_the_nearest_known_one(exported):
    exported["stances"][0]["postion"] = exported["stances"][0].pop("position")
    assert problems_of(exported) == [
        "record.json: stances[0].postion: unknown key 'postion'; did you mean 'position'?",
        "record.json: stances[0].position: is missing",
    ]


def test_every_problem_is_reported_not_only_the_first(exported):
    exported["experts"][0]["kind"] = "alien"
    exported["stances"][0]["summary"] = "x" * 301
    exported["issues"][0]["slug"] = "no slug!"
    assert len(problems_of(exported)) >= 3


def test_a_huge_number_is_refused_cleanly(db):
    [line] = problems_of('{"format": 1, "issues": [{"order": ' + "9" * 5000 + "}]}")
    assert "not valid JSON" in line


def test_a_lone_surrogate_is_refused(exported):
    exported["sources"][0]["title"] = "\ud800"
    text = json.dumps(exported)  # ASCII escapes: "\ud800" is valid JSON text
    assert "record.json: sources[0].title: contains an unpaired surrogate" in (problems_of(text)[0])


def test_the_command_prints_one_line_per_problem_and_fails(exported, tmp_path):
    exported["experts"][0]["kind"] = "alien"
    exported["stances"][0]["summary"] = "x" * 301
    path = tmp_path / "bad.json"
    path.write_text(dumps(exported))
    before = db_state()
    with pytest.raises(CommandError) as caught:
        call_command("import", str(path), stdout=io.StringIO())
    lines = str(caught.value).splitlines()
    assert lines[0] == "2 problems, nothing imported:"
    assert lines[1].endswith("experts[0].kind: Value 'alien' is not a valid choice.")
    assert "stances[0].summary" in lines[2]
    assert db_state() == before


def test_the_web_import_lists_every_problem_on_the_page(reviewer_client, exported):
    exported["experts"][0]["kind"] = "alien"
    exported["stances"][0]["summary"] = "x" * 301
    before = db_state()
    upload = SimpleUploadedFile("bad.json", dumps(exported).encode())
    response = reviewer_client.post(reverse("import"), {"file": upload})
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "<li>bad.json: experts[0].kind: Value &#x27;alien&#x27; is not a valid choice.</li>" in html
    )
    assert "bad.json: stances[0].summary: Ensure this value has at most 300" in html
    assert "would do" not in html
    assert db_state() == before


def test_input_problems_are_ingest_errors(exported):
    exported["experts"][0]["kind"] = "alien"
    with pytest.raises(InputProblems):
        parse_import(dumps(exported), "record.json")
