"""Spreadsheet exits (CSV and JSON of a filtered view) and importing a record in the browser."""

import csv
import datetime as dt
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from corpus.exchange import dumps, export_record, parse_import
from corpus.models import Stance
from tests.editing_support import db_state, forget
from tests.factories import (
    ExpertFactory,
    IssueFactory,
    OrganisationFactory,
    SourceFactory,
    StanceFactory,
)


def _csv_rows(response) -> list[dict]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


@pytest.fixture
def record(db):
    """Three published stances and a draft, differing in every filtered dimension."""
    alignment, ukraine = IssueFactory(slug="alignment"), IssueFactory(slug="ukraine")
    berlin = ExpertFactory(
        name="Berta", organisation=OrganisationFactory(name="MERICS", country="Europe")
    )
    beijing = ExpertFactory(
        name="Bo", organisation=OrganisationFactory(name="Tsinghua", country="China")
    )
    return {
        "old": StanceFactory(
            issue=alignment, expert=berlin, stated_on=dt.date(2016, 1, 1), summary="Old view."
        ),
        "new": StanceFactory(
            issue=alignment,
            expert=beijing,
            stated_on=dt.date(2023, 5, 1),
            source=SourceFactory(kind="blog"),
            summary="New view.",
        ),
        "ukraine": StanceFactory(
            issue=ukraine, expert=berlin, stated_on=dt.date(2022, 3, 1), summary="On Ukraine."
        ),
        "draft": StanceFactory(issue=ukraine, status="draft", summary="Draft view."),
    }


def _summaries(client, **params) -> list[str]:
    response = client.get(reverse("stances-csv"), params)
    assert response.status_code == 200
    return sorted(row["summary"] for row in _csv_rows(response))


def test_it_requires_login(client, db):
    assert client.get(reverse("stances-csv"))["Location"].startswith(reverse("login"))


def test_it_downloads_published_stances_as_csv(viewer_client, record):
    response = viewer_client.get(reverse("stances-csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="vantage-stances.csv"'
    rows = _csv_rows(response)
    assert sorted(r["summary"] for r in rows) == ["New view.", "Old view.", "On Ukraine."]
    old = next(r for r in rows if r["summary"] == "Old view.")
    assert (old["issue"], old["expert_name"], old["organisation"], old["perspective"]) == (
        "alignment",
        "Berta",
        "MERICS",
        "Europe",
    )
    assert (old["position"], old["position_label"], old["stated_on"]) == ("1", "for", "2016-01")


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"issues": "alignment"}, ["New view.", "Old view."]),
        ({"perspective": "China"}, ["New view."]),
        ({"organisation": "MERICS"}, ["Old view.", "On Ukraine."]),
        ({"kind": "blog"}, ["New view."]),
        ({"date_from": "2020-01-01", "date_to": "2022-12-31"}, ["On Ukraine."]),
        ({"as_of": "2022-06-30"}, ["Old view.", "On Ukraine."]),
    ],
)
def test_it_applies_the_overview_filters(viewer_client, record, params, expected):
    assert _summaries(viewer_client, **params) == expected


def test_editors_may_include_drafts(editor_client, record):
    assert "Draft view." in _summaries(editor_client, include_drafts=1)


def test_viewers_may_not_include_drafts(viewer_client, record):
    response = viewer_client.get(reverse("stances-csv"), {"include_drafts": 1})
    assert response.status_code == 403


@pytest.mark.parametrize(
    "params", [{"issues": "no-such-issue"}, {"date_from": "yesterday"}, {"kind": "podcast"}]
)
def test_invalid_filters_are_a_bad_request(viewer_client, record, params):
    assert viewer_client.get(reverse("stances-csv"), params).status_code == 400


def test_cells_that_a_spreadsheet_would_run_as_formulas_are_quoted(viewer_client, db):
    StanceFactory(summary='=HYPERLINK("http://evil.example","click")')
    (row,) = _csv_rows(viewer_client.get(reverse("stances-csv")))
    assert row["summary"] == '\'=HYPERLINK("http://evil.example","click")'
    assert row["position"] == "1"


def test_it_downloads_the_same_rows_as_json(viewer_client, record):
    response = viewer_client.get(reverse("stances-json"), {"issues": "alignment"})
    data = json.loads(response.content)
    assert data["filters"] == {"issues": ["alignment"]}
    assert data["count"] == 2
    assert {s["summary"] for s in data["stances"]} == {"New view.", "Old view."}
    assert response["Content-Disposition"] == 'attachment; filename="vantage-stances.json"'


@pytest.mark.parametrize("size", [2, 15])
def test_the_csv_keeps_its_query_count_flat(viewer_client, django_assert_num_queries, size, db):
    for _ in range(size):
        StanceFactory(expert=ExpertFactory(), source=SourceFactory())
    # session, user, issues (the filter's choices, cached under the names' generation, read
    # first), stances with everything they show
    with django_assert_num_queries(5):
        response = viewer_client.get(reverse("stances-csv"))
    assert len(_csv_rows(response)) == size


def test_the_whole_record_downloads_in_the_import_format(viewer_client, record):
    response = viewer_client.get(reverse("record-json"))
    plan = parse_import(response.content.decode(), "download")
    assert plan.counts["stances"] == 3


# --- Import -----------------------------------------------------------------------------------


@pytest.fixture
def export_file(record):
    """An export of the record, taken before the record loses its Ukraine stance."""
    text = dumps(export_record())
    forget(record["ukraine"])
    return SimpleUploadedFile("vantage-record.json", text.encode(), "application/json")


def _upload(client, upload):
    return client.post(reverse("import"), {"file": upload})


def test_editors_may_not_import(editor_client, export_file):
    before = db_state()
    assert _upload(editor_client, export_file).status_code == 403
    assert db_state() == before


def test_the_preview_counts_what_would_be_created_and_writes_nothing(reviewer_client, export_file):
    before = db_state()
    html = _upload(reviewer_client, export_file).content.decode()
    assert "What importing <em>vantage-record.json</em> would do" in html
    assert '<th scope="row">Stances</th><td>3</td><td>2</td><td><strong>1</strong></td>' in html
    assert "expert-" in html and "ukraine: 1 (published)" in html
    assert db_state() == before


def test_applying_the_previewed_import_writes_it(reviewer_client, reviewer, export_file):
    html = _upload(reviewer_client, export_file).content.decode()
    token = html.split('name="token" value="')[1].split('"')[0]
    response = reviewer_client.post(reverse("import-apply"), {"token": token}, follow=True)
    assert "Imported vantage-record.json: 1 stances." in response.content.decode()
    restored = Stance.objects.get(summary="On Ukraine.")
    assert restored.created_by == reviewer


def test_applying_twice_imports_once(reviewer_client, export_file):
    html = _upload(reviewer_client, export_file).content.decode()
    token = html.split('name="token" value="')[1].split('"')[0]
    reviewer_client.post(reverse("import-apply"), {"token": token})
    response = reviewer_client.post(reverse("import-apply"), {"token": token}, follow=True)
    assert "Nothing is waiting to be imported" in response.content.decode()
    assert Stance.objects.count() == 4


def test_a_wrong_token_imports_nothing(reviewer_client, export_file):
    _upload(reviewer_client, export_file)
    before = db_state()
    reviewer_client.post(reverse("import-apply"), {"token": "guessed"})
    assert db_state() == before


def test_cancel_discards_the_upload(reviewer_client, export_file):
    html = _upload(reviewer_client, export_file).content.decode()
    token = html.split('name="token" value="')[1].split('"')[0]
    before = db_state()
    reviewer_client.post(reverse("import-apply"), {"token": token, "cancel": "1"})
    response = reviewer_client.post(reverse("import-apply"), {"token": token}, follow=True)
    assert "Nothing is waiting to be imported" in response.content.decode()
    assert db_state() == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"{not json", "not valid JSON"),
        (b"\x00\x01binary", "binary"),
        (json.dumps({"format": 1, "stances": {}}).encode(), "stances: must be a list, not dict"),
    ],
)
def test_a_bad_file_is_refused_with_the_reason(reviewer_client, db, data, message):
    response = _upload(reviewer_client, SimpleUploadedFile("bad.json", data))
    assert message in response.content.decode()
    assert "would do" not in response.content.decode()


def test_a_quote_that_does_not_match_its_source_is_refused(reviewer_client, record):
    data = export_record()
    data["stances"][0]["quote"] = "Something else."
    upload = SimpleUploadedFile("edited.json", dumps(data).encode())
    before = db_state()
    html = _upload(reviewer_client, upload).content.decode()
    assert "quote is not the source text at its offsets" in html
    assert db_state() == before


def test_import_apply_only_answers_post(reviewer_client, db):
    assert reviewer_client.get(reverse("import-apply")).status_code == 405
