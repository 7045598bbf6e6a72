"""Present: any chart as a captioned slide, with PNG and CSV exports of published data only."""

import csv
import io
import re
import struct

import pytest
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from corpus.models import SavedView
from tests.conftest import CHROMIUM
from tests.factories import ExpertFactory, IssueFactory, SourceFactory, StanceFactory


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG signature"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_overview_slide_carries_the_source_caption(viewer_client, seeded):
    html = viewer_client.get(reverse("present-overview")).content.decode()
    assert "Source: 5 documents · 15 experts · as of" in html
    assert "Who says what" in html


def test_issue_slide_is_titled_with_the_question(viewer_client, seeded):
    html = viewer_client.get(reverse("present-issue", args=["ukraine"])).content.decode()
    assert "How far does China back Russia over Ukraine (incl. Crimea 2014)?" in html
    assert 'data-chart="slide-chart-1"' in html
    assert 'id="slide-chart-1"' in html


def test_slide_never_shows_drafts(viewer_client, db):
    issue = IssueFactory(slug="hot")
    StanceFactory(issue=issue, expert=ExpertFactory(name="Published Person"))
    StanceFactory(issue=issue, expert=ExpertFactory(name="Draft Person"), status="draft")
    html = viewer_client.get(reverse("present-issue", args=["hot"])).content.decode()
    assert "Published Person" in html and "Draft Person" not in html


def test_csv_export_matches_the_slide_data(viewer_client, db):
    issue = IssueFactory(slug="hot", name="Hot")
    StanceFactory(issue=issue, expert=ExpertFactory(name="Ann"), position=-2, summary="No way")
    StanceFactory(
        issue=issue,
        expert=ExpertFactory(name="Bo"),
        position=2,
        summary="All in",
        source=SourceFactory(),
    )
    response = viewer_client.get(reverse("present-issue", args=["hot"]), {"export": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["expert", "stated", "position", "label", "summary", "quote", "source"]
    data = {r[0]: r for r in rows[1:3]}
    assert data["Ann"][2] == "−2" and data["Ann"][4] == "No way"
    assert data["Bo"][2] == "+2" and data["Bo"][3] == "strongly for"
    assert rows[-1][0].startswith("Source: 2 documents · 2 experts · as of")


def test_compare_slide_flags_a_two_point_disagreement(viewer_client, db):
    issue = IssueFactory(name="Hot")
    a, b = ExpertFactory(slug="ann"), ExpertFactory(slug="bo")
    StanceFactory(issue=issue, expert=a, position=-1)
    StanceFactory(issue=issue, expert=b, position=1, source=SourceFactory())
    html = viewer_client.get(reverse("present-compare"), {"experts": "ann,bo"}).content.decode()
    assert 'class="disagree"' in html and "2 points apart" in html


def test_compare_slide_with_one_expert_is_a_400(viewer_client, db):
    ExpertFactory(slug="ann")
    response = viewer_client.get(reverse("present-compare"), {"experts": "ann"})
    assert response.status_code == 400
    assert "2 to 4 experts" in response.content.decode()


def cell_texts(html: str) -> list[str]:
    """The text of each table cell, tags dropped and spaces collapsed: "2 unlikely"."""
    cells = re.findall(r"<td[^>]*>(.*?)</td>", html, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in cells]


def test_scenario_board_slide_shows_likelihood_words(viewer_client, seeded):
    html = viewer_client.get(reverse("present-scenarios")).content.decode()
    # In the cells, not the subtitle's "1 very unlikely … 5 very likely": every word matches
    # its number, and the seeds hold both a 1 and a 2.
    cells = cell_texts(html)
    assert "1 very unlikely" in cells
    assert "2 unlikely" in cells
    assert "Formal alliance" in html


def test_present_requires_login(client, db):
    response = client.get(reverse("present-overview"))
    assertRedirects(response, f"{reverse('login')}?next={reverse('present-overview')}")


def test_saving_a_view_keeps_its_filters_and_note(presenter_client, presenter, seeded):
    response = presenter_client.post(
        reverse("save-view"),
        {
            "kind": "issue",
            "target": "ukraine",
            "query": "perspective=US",
            "title": "US on Ukraine",
            "note": "Lead with this.",
        },
    )
    assert response.status_code == 302
    view = SavedView.objects.get()
    assert (view.kind, view.target, view.query, view.created_by) == (
        "issue",
        "ukraine",
        "perspective=US",
        presenter,
    )
    assert view.present_url() == "/present/issues/ukraine/?perspective=US"


def test_saving_a_view_of_an_unknown_issue_is_refused(presenter_client, db):
    response = presenter_client.post(
        reverse("save-view"), {"kind": "issue", "target": "nope", "title": "x"}
    )
    assert response.status_code == 400
    assert not SavedView.objects.exists()


def test_saving_a_view_requires_login(client, db):
    response = client.post(reverse("save-view"), {"kind": "overview", "title": "x"})
    assert response.status_code == 302
    assert not SavedView.objects.exists()


def test_saving_a_view_is_refused_without_a_role(client, stranger, db):
    client.force_login(stranger)
    response = client.post(reverse("save-view"), {"kind": "overview", "title": "x"})
    assert response.status_code == 403


@pytest.mark.skipif(not CHROMIUM.exists(), reason="PNG export renders with /usr/bin/chromium")
def test_png_export_is_a_1920_by_1080_png(viewer_client, seeded):
    response = viewer_client.get(reverse("present-issue", args=["ukraine"]), {"export": "png"})
    assert response["Content-Type"] == "image/png"
    assert png_size(response.content) == (1920, 1080)


@pytest.mark.parametrize("size", [2, 12])
def test_issue_slide_keeps_query_count_flat(viewer_client, django_assert_num_queries, db, size):
    issue = IssueFactory(slug="hot")
    for _ in range(size):
        StanceFactory(issue=issue, expert=ExpertFactory(), source=SourceFactory())
    # session, user, issue, stances, and the user's two permission lookups (save-view button)
    with django_assert_num_queries(6):
        viewer_client.get(reverse("present-issue", args=["hot"]))
