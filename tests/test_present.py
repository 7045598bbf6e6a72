"""Present: any chart as a captioned slide, with PNG and CSV exports of published data only."""

import csv
import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from corpus.models import Deck, SavedView, Stance
from tests.factories import (
    EventFactory,
    ExpertFactory,
    IssueFactory,
    SourceFactory,
    StanceFactory,
)


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
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "expert",
        "stated",
        "position",
        "label",
        "summary",
        "quote",
        "source_title",
        "source_date",
        "source_url",
    ]
    data = {r[0]: r for r in rows[1:3]}
    # ASCII minus: a spreadsheet reads it as a number.
    assert data["Ann"][2] == "-2" and data["Ann"][4] == "No way"
    assert data["Bo"][2] == "2" and data["Bo"][3] == "strongly for"
    assert rows[-2][0].startswith("Source: 2 documents · 2 experts · as of")
    assert rows[-1][0].startswith("Source ") and "(Example Institute, March 2022)" in rows[-1][0]


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
    """The text of each table cell, tags and footnote numbers dropped, spaces collapsed:
    "2 unlikely"."""
    cells = re.findall(r"<td[^>]*>(.*?)</td>", html, re.S)
    cells = [re.sub(r'<sup class="fn".*?</sup>', "", cell, flags=re.S) for cell in cells]
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


@pytest.mark.parametrize("size", [2, 12])
def test_issue_slide_keeps_query_count_flat(viewer_client, django_assert_num_queries, db, size):
    issue = IssueFactory(slug="hot")
    for _ in range(size):
        StanceFactory(issue=issue, expert=ExpertFactory(), source=SourceFactory())
        EventFactory(issues=[issue], happened_on=dt.date(2022, 3, 1))
    # session, user, issue, stances, event markers, and the user's two permission lookups
    # (save-view button)
    with django_assert_num_queries(7):
        viewer_client.get(reverse("present-issue", args=["hot"]))


def test_slide_csv_neutralises_a_formula_in_a_summary(viewer_client, db):
    issue = IssueFactory(slug="hot")
    StanceFactory(issue=issue, summary='=HYPERLINK("http://evil.example")')
    response = viewer_client.get(reverse("present-issue", args=["hot"]), {"export": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][4].startswith("'=")


def test_slide_csv_names_each_row_s_source(viewer_client, db):
    source = SourceFactory(title="Tracker 3/2021", url="https://example.org/t")
    StanceFactory(issue=IssueFactory(slug="hot"), source=source)
    response = viewer_client.get(reverse("present-issue", args=["hot"]), {"export": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][6:] == [
        "Tracker 3/2021",
        "2022-03",
        "https://example.org/t",
    ]


def test_slide_csv_file_name_keeps_the_whole_title(viewer_client, seeded):
    response = viewer_client.get(reverse("present-issue", args=["ukraine"]), {"export": "csv"})
    assert response["Content-Disposition"] == (
        'attachment; filename="vantage-issue-how-far-does-china-back-russia-over-ukraine-'
        'incl-crimea-2014.csv"'
    )


@pytest.mark.parametrize("name", ["present-overview", "present-scenarios"])
def test_table_slide_csvs_carry_source_columns(viewer_client, seeded, name):
    response = viewer_client.get(reverse(name), {"export": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][-3:] == ["source_title", "source_date", "source_url"]
    assert all(row[-3] for row in rows[1:] if len(row) > 3)


def test_slide_caption_names_its_sources_and_links_the_method(viewer_client, db):
    issue = IssueFactory(slug="hot")
    for n in range(4):
        source = SourceFactory(
            title=f"Report {n}", publisher="Institute", published_on=dt.date(2020 + n, 1, 1)
        )
        StanceFactory(issue=issue, source=source)
    html = viewer_client.get(reverse("present-issue", args=["hot"])).content.decode()
    assert "<cite>Report 0</cite> (Institute, January 2020)" in html
    assert "<cite>Report 2</cite>" in html and "Report 3" not in html
    assert " and 1 more" in html
    assert 'href="/method/"' in html


def test_every_cell_and_point_carries_its_footnote_number(viewer_client, seeded):
    html = viewer_client.get(reverse("present-overview")).content.decode()
    assert '<sup class="fn"><span class="visually-hidden">evidence </span>1</sup>' in html
    issue = viewer_client.get(reverse("present-issue", args=["ukraine"])).content.decode()
    assert '"n": 1' in issue and '"n": 8' in issue


def test_the_handout_lists_each_footnote_on_evidence_slides(viewer_client, seeded):
    deck = Deck.objects.create(title="Briefing")
    deck.add(SavedView.objects.create(title="Ukraine", kind="issue", target="ukraine"))
    html = viewer_client.get(reverse("deck-print", args=[deck.pk])).content.decode()
    # Nine Ukraine stances: eight annotated, one from the seed coding pass.
    assert "Evidence: Ukraine" in html and "Records 1–6 of 9" in html and "Records 7–9 of 9" in html
    # The quote shortened with an ellipsis, never reworded.
    first = Stance.objects.published().filter(issue__slug="ukraine").order_by("stated_on").first()
    assert " ".join(first.quote.split()[:5]) in html


def test_the_handouts_evidence_slides_name_the_sources_and_link_the_method(viewer_client, seeded):
    deck = Deck.objects.create(title="Briefing")
    deck.add(SavedView.objects.create(title="Ukraine", kind="issue", target="ukraine"))
    html = viewer_client.get(reverse("deck-print", args=[deck.pk])).content.decode()
    evidence = html.split('class="slide evidence-slide"')[1:]
    assert len(evidence) == 2
    for part in evidence:
        caption = part.split('<footer class="slide-caption">')[1].split("</footer>")[0]
        assert '<span class="caption-sources"><cite>' in caption
        assert 'href="/method/"' in caption
