"""Done-when figures: across every fixture in every format, `add-source --dry-run --json`
attributes at least 95% of turns rightly, merges nobody wrongly and invents nobody."""

import io
import json

import pytest
from django.core.management import call_command

from corpus.models import Expert, ExpertAlias, Organisation
from tests.intake import render
from tests.intake.documents import ALL
from tests.intake.measure import Score, score

FORMATS = ("txt", "html", "docx", "pdf")


@pytest.fixture(scope="session")
def rendered(tmp_path_factory):
    """Every fixture document in every format, written once per test session."""
    directory = tmp_path_factory.mktemp("intake")
    files = {}
    for document in ALL:
        for fmt in FORMATS:
            if fmt == "pdf" and not render.CHROMIUM.exists():
                continue
            files[(document.slug, fmt)] = render.WRITERS[fmt](document, directory)
    return files


def _record(document) -> set[str]:
    names = set()
    for entry in document.people:
        name, alias, organisation = entry.split("|")
        org = Organisation.objects.create(name=organisation) if organisation else None
        expert = Expert.objects.create(
            slug=name.lower().replace(" ", "-"), name=name, organisation=org
        )
        if alias:
            ExpertAlias.objects.create(expert=expert, name=alias)
        names.add(name)
    return names


def dry_run(path, kind="transcript") -> dict:
    out = io.StringIO()
    call_command(
        "add-source",
        str(path),
        "--title",
        "T",
        "--kind",
        kind,
        "--published",
        "2025",
        "--dry-run",
        "--json",
        stdout=out,
    )
    return json.loads(out.getvalue())


def _score(db_document, path) -> Score:
    record_names = _record(db_document)
    proposal = dry_run(path)
    return score(db_document, proposal, record_names)


@pytest.fixture(scope="session")
def scores(rendered, django_db_setup, django_db_blocker) -> dict[tuple[str, str], Score]:
    """Each fixture document in each format scored once per session, each in an otherwise
    empty record (its own transaction, rolled back)."""
    from django.db import transaction

    found = {}
    with django_db_blocker.unblock():
        for (slug, fmt), path in rendered.items():
            document = next(d for d in ALL if d.slug == slug)
            with transaction.atomic():
                found[(slug, fmt)] = _score(document, path)
                transaction.set_rollback(True)
    return found


@pytest.fixture
def totals(scores):
    total = Score()
    for result in scores.values():
        for field in ("turns", "right", "wrong_merges", "invented"):
            setattr(total, field, getattr(total, field) + getattr(result, field))
    return total


@pytest.mark.django_db
def test_at_least_95_percent_of_turns_go_to_the_right_person(totals):
    assert totals.turns >= 100
    assert totals.right / totals.turns >= 0.95


@pytest.mark.django_db
def test_nobody_is_merged_wrongly(totals):
    assert totals.wrong_merges == 0


@pytest.mark.django_db
def test_nobody_is_invented(totals):
    assert totals.invented == 0


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("document", ALL, ids=lambda d: d.slug)
def test_each_document_in_each_format_is_attributed_right(scores, document, fmt):
    if (document.slug, fmt) not in scores:
        pytest.skip("Chromium is needed to print the PDF")
    result = scores[(document.slug, fmt)]
    assert (result.right, result.wrong_merges, result.invented) == (result.turns, 0, 0)
