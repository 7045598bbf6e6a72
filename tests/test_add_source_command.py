"""`manage.py add-source`: the browser's path from the command line."""

import io
import json

import pytest
from django.core.management import ManagementUtility, call_command

from corpus.models import Expert, Source
from tests.editing_support import db_state
from tests.intake.documents import COLON_PANEL

KEYS = {"text_sha256", "speakers", "passages"}


@pytest.fixture
def panel(tmp_path):
    path = tmp_path / "panel.txt"
    path.write_text(COLON_PANEL.text(), encoding="utf-8")
    return path


def _run(*args):
    out = io.StringIO()
    call_command("add-source", *map(str, args), stdout=out)
    return out.getvalue()


def _base(path, *more):
    return (path, "--title", "Panel", "--kind", "transcript", "--published", "2025-02", *more)


def test_dry_run_prints_the_proposal_with_the_promised_keys_and_writes_nothing(db, panel):
    before = db_state()
    result = json.loads(_run(*_base(panel, "--dry-run", "--json")))
    assert set(result) >= KEYS
    speaker = next(s for s in result["speakers"] if s["label"] == "ORLOWSKI")
    assert {"label", "proposal", "expert", "existing_slug", "organisation"} <= set(speaker)
    assert (speaker["proposal"], speaker["expert"]) == ("new", "Tomasz Orlowski")
    assert speaker["organisation"] == "Vistula Institute"
    passage = result["passages"][7]
    assert {"index", "start", "end", "text", "speaker", "expert"} <= set(passage)
    text = COLON_PANEL.text()
    assert text[passage["start"] : passage["end"]] == passage["text"]
    assert db_state() == before


def test_without_dry_run_it_accepts_the_proposal(db, panel):
    output = _run(*_base(panel))
    assert "added source" in output
    source = Source.objects.get()
    assert source.original.format == "txt"
    assert Expert.objects.filter(name="Kenji Watanabe").exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"file": "/nonexistent/panel.pdf"}, "no such file"),
        ({"--kind": "pamphlet"}, "unknown kind 'pamphlet'"),
        ({"--published": "March 2022"}, "bad --published date"),
        ({"file": "broken.pdf"}, "not a readable PDF"),
    ],
)
def test_bad_input_is_one_line_naming_the_file_exit_2_nothing_written(
    db, panel, tmp_path, capsys, changes, message
):
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 truncated")
    args = {"--title": "Panel", "--kind": "transcript", "--published": "2025-02"}
    path = changes.pop("file", panel)
    path = tmp_path / path if path == "broken.pdf" else path
    args |= changes
    before = db_state()
    with pytest.raises(SystemExit) as exit_info:
        _cli(path, args)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert str(path) in err and message in err
    assert db_state() == before


def _cli(path, args):
    """Run the command as a shell does, so its exit status can be checked."""
    argv = ["manage.py", "add-source", str(path), *[x for kv in args.items() for x in kv]]
    ManagementUtility(argv).execute()


def test_a_second_run_is_refused_as_a_duplicate(db, panel, capsys):
    _run(*_base(panel))
    with pytest.raises(SystemExit) as exit_info:
        _cli(panel, {"--title": "Again", "--kind": "transcript", "--published": "2025"})
    assert exit_info.value.code == 2
    assert "already the source" in capsys.readouterr().err
    assert Source.objects.count() == 1
