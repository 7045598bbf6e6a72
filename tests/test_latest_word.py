"""The latest word: one value when an expert's statements of their latest date agree, a split
when they disagree, and never a value nobody stated (overview, compare, board, slides)."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from corpus.filters import RecordFilters
from corpus.models import Issue, Scenario
from corpus.pages.overview import matrix
from corpus.pages.scenarios import board
from tests.factories import (
    ExpertFactory,
    IssueFactory,
    ScenarioAssessmentFactory,
    ScenarioFactory,
    SourceFactory,
    StanceFactory,
)
from tests.htmx import HTMX

pytestmark = pytest.mark.django_db

QUOTES = [
    "It is a marriage of convenience that will fray.",
    "The partnership is deep and growing.",
    "Beijing will not abandon Moscow.",
]


def _stated(expert, issue, positions, on=dt.date(2022, 3, 1)):
    """Statements of one date by expert on issue, one per position, from one source."""
    text = f"{' '.join(QUOTES)} Filler of {expert.slug} on {on}."
    source = SourceFactory(published_on=on, text=text)
    quotes = [*QUOTES, "Filler"]
    return [
        StanceFactory(expert=expert, issue=issue, source=source, position=p, quote=quotes[i])
        for i, p in enumerate(positions)
    ]


def _cell(issue, expert):
    [(_, cells)] = [row for row in matrix(RecordFilters(issues=[issue])).rows if row[0] == expert]
    return cells[0]


def test_statements_that_agree_show_their_value(db):
    issue, expert = IssueFactory(), ExpertFactory()
    _stated(expert, issue, [1, 1])
    cell = _cell(issue, expert)
    assert (cell.is_split, cell.position, cell.display, cell.summary) == (
        False,
        1,
        "+1",
        "+1 (2 statements)",
    )


def test_only_the_latest_date_counts(db):
    issue, expert = IssueFactory(), ExpertFactory()
    _stated(expert, issue, [-1], on=dt.date(2020, 1, 1))
    _stated(expert, issue, [2], on=dt.date(2022, 1, 1))
    cell = _cell(issue, expert)
    assert (cell.display, cell.count) == ("+2", 1)


def test_an_even_split_shows_both_sides_and_no_middle(db):
    issue, expert = IssueFactory(), ExpertFactory()
    _stated(expert, issue, [-1, -1, 1, 1])
    cell = _cell(issue, expert)
    assert cell.is_split and cell.position is None
    assert cell.summary == "split −1 / +1 (4 statements)"
    assert cell.css_class == "split"


def test_the_overview_cell_of_a_split_reads_as_split(viewer_client, db):
    issue, expert = IssueFactory(), ExpertFactory()
    _stated(expert, issue, [-1, 1])
    html = viewer_client.get(reverse("overview")).content.decode()
    assert 'class="cell-link split"' in html
    assert '<span class="num">split</span><span class="range">−1 / +1 (2 statements)</span>' in html
    assert '<span class="num">0</span>' not in html


def test_assessments_of_one_date_that_disagree_are_a_split(db):
    scenario, expert = ScenarioFactory(), ExpertFactory()
    source = SourceFactory(text=" ".join(QUOTES) + " (assessments)")
    for likelihood, quote in [(2, QUOTES[0]), (4, QUOTES[1])]:
        ScenarioAssessmentFactory(
            expert=expert, scenario=scenario, source=source, likelihood=likelihood, quote=quote
        )
    [row] = board([scenario]).rows
    [(_, word)] = row.cells
    assert (word.is_split, word.value, word.summary) == (True, None, "split 2 / 4 (2 statements)")


def test_the_compare_row_counts_a_split_expert_at_each_side(viewer_client, db):
    issue = IssueFactory(slug="mixed")
    anna, boris = ExpertFactory(slug="anna", name="Anna"), ExpertFactory(slug="boris", name="Boris")
    _stated(anna, issue, [-1, 1])
    _stated(boris, issue, [1])
    html = viewer_client.get(reverse("compare"), {"experts": "anna,boris"}).content.decode()
    row = html[html.index('id="issue-mixed"') :]
    assert "split −1 / +1" in row
    assert "<bdi>Anna</bdi> at −1; <bdi>Anna, Boris</bdi> at +1" in row


def test_slides_say_split_too(viewer_client, db):
    issue, expert = IssueFactory(), ExpertFactory(name="Splitter")
    _stated(expert, issue, [-1, 1])
    assert viewer_client.get(reverse("present-overview")).status_code == 200
    response = viewer_client.get(reverse("present-overview"), {"export": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert [r[2] for r in rows if r and r[0] == "Splitter"] == ["split −1 / +1 (2 statements)"]


def test_the_merics_seed_cell_reads_as_split_with_its_three_statements(viewer_client, seeded):
    alignment = Issue.objects.get(slug="alignment")
    html = viewer_client.get(reverse("overview"), {"issues": "alignment"}).content.decode()
    cell = html[html.index('href="/experts/merics/"') :]
    cell = cell[: cell.index("</tr>")]
    assert "split" in cell and "−1 / +1 (3 statements)" in cell
    panel = viewer_client.get(
        reverse("cell-quotes", args=["merics", alignment.slug]), headers=HTMX
    ).content.decode()
    assert panel.count('class="panel-stance"') == 3
    assert Scenario.objects.exists()  # the seeds loaded whole


def test_the_yearly_band_is_labelled_an_aggregate(viewer_client, db):
    stance = StanceFactory()
    html = viewer_client.get(reverse("issue", args=[stance.issue.slug])).content.decode()
    assert "An aggregate, not anyone's statement" in html
