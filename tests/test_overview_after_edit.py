"""The overview right after an edit: only what the edit touched is read and built again."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from corpus import changes
from corpus.pages import overview
from dashboard import matrix_rows
from tests.factories import ExpertFactory, IssueFactory, OrganisationFactory, StanceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def record():
    """Two experts of one organisation on two issues, all at 0."""
    organisation = OrganisationFactory(name="Steppe Institute")
    experts = [
        ExpertFactory(name=name, organisation=organisation) for name in ("Ann Able", "Bo Baker")
    ]
    issues = [IssueFactory(name="First issue"), IssueFactory(name="Second issue")]
    stances = {
        (expert.name, issue.name): StanceFactory(expert=expert, issue=issue, position=0)
        for expert in experts
        for issue in issues
    }
    return stances


@pytest.fixture
def built_rows(monkeypatch):
    """The names of the experts whose rows were built (not taken from the cache)."""
    built = []
    render = matrix_rows.render_rows

    def spy(rows, links):
        rows = list(rows)
        built.extend(expert.name for expert, _ in rows)
        return render(rows, links)

    monkeypatch.setattr(matrix_rows, "render_rows", spy)
    return built


def _move(stance, position, reviewer):
    stance.refresh_from_db()
    changes.edit(stance, {"position": position}, seen_version=stance.version, by=reviewer)


def _row(html, name):
    start = html.index(f"<bdi>{name}</bdi></a>")
    return html[start : html.index("</tr>", start)]


def test_an_edit_builds_only_its_experts_row_again(viewer_client, reviewer, record, built_rows):
    viewer_client.get(reverse("overview"))
    assert sorted(built_rows) == ["Ann Able", "Bo Baker"]
    built_rows.clear()
    _move(record["Bo Baker", "First issue"], 2, reviewer)
    html = viewer_client.get(reverse("overview")).text
    assert built_rows == ["Bo Baker"]
    assert '<span class="num">+2</span>' in _row(html, "Bo Baker")
    assert '<span class="num">+2</span>' not in _row(html, "Ann Able")


def test_a_filtered_matrix_caches_its_rows_apart(viewer_client, reviewer, record, built_rows):
    viewer_client.get(reverse("overview"))
    built_rows.clear()
    html = viewer_client.get(reverse("overview"), {"as_of": "1990-01-01"}).text
    assert built_rows == []  # nobody had spoken by then: no rows, and none from the cache
    assert "No published stance matches these filters." in html
    issue = record["Ann Able", "Second issue"].issue
    html = viewer_client.get(reverse("overview"), {"issues": issue.slug}).text
    assert sorted(built_rows) == ["Ann Able", "Bo Baker"]
    assert "First issue" not in _row(html, "Ann Able")


def test_renaming_an_organisation_reaches_every_cached_row(viewer_client, record, built_rows):
    viewer_client.get(reverse("overview"))
    built_rows.clear()
    organisation = record["Ann Able", "First issue"].expert.organisation
    organisation.name = "Tundra Institute"
    organisation.save()
    html = viewer_client.get(reverse("overview")).text
    assert sorted(built_rows) == ["Ann Able", "Bo Baker"]
    assert "Steppe Institute" not in html
    assert html.count("<bdi>Tundra Institute</bdi>") >= 2


def test_an_edit_aggregates_only_its_issue_again(viewer_client, reviewer, record, monkeypatch):
    aggregated = []
    spans = overview._spans_in_sql

    def spy(filters):
        aggregated.append(sorted(issue.name for issue in filters.issues))
        return spans(filters)

    monkeypatch.setattr(overview, "_spans_in_sql", spy)
    html = viewer_client.get(reverse("overview")).text
    assert "No issue has experts on both sides" in html
    assert aggregated == [["First issue", "Second issue"]]
    _move(record["Bo Baker", "Second issue"], -2, reviewer)
    html = viewer_client.get(reverse("overview")).text
    assert aggregated[1:] == [["Second issue"]]
    insights = html[html.index('class="insights"') : html.index('class="matrix-layout"')]
    assert "Second issue</bdi></a>: 2 experts span" in insights
    assert "First issue</bdi></a>:" not in insights


def test_an_edit_leaves_the_filter_form_cached(viewer_client, reviewer, record):
    viewer_client.get(reverse("overview"))
    _move(record["Ann Able", "First issue"], 1, reviewer)
    with CaptureQueriesContext(connection) as queries:
        html = viewer_client.get(reverse("overview")).text
    # The issues and organisations the form offers come from the cache.
    read = [q["sql"].split(".", 1)[0] for q in queries]
    assert 'SELECT "corpus_issue"' not in read
    assert 'SELECT "corpus_organisation"' not in read
    assert '<option value="Steppe Institute">Steppe Institute</option>' in html


@pytest.fixture
def counted(monkeypatch):
    """How often the experts shown were counted (not taken from the cache)."""
    calls = []
    count = overview._shown_count

    def spy(filters, experts, values=None):
        original = experts.count

        def counting():
            calls.append(1)
            return original()

        experts.count = counting
        return count(filters, experts, values)

    monkeypatch.setattr(overview, "_shown_count", spy)
    return calls


def test_an_edit_of_a_cell_leaves_the_experts_shown_counted(
    viewer_client, reviewer, record, counted
):
    viewer_client.get(reverse("overview"))
    assert counted == [1]
    _move(record["Ann Able", "First issue"], 2, reviewer)
    html = viewer_client.get(reverse("overview")).text
    assert counted == [1]
    assert '<span class="num">+2</span>' in _row(html, "Ann Able")


def test_an_experts_first_stance_is_counted_at_once(viewer_client, record, counted):
    newcomer = ExpertFactory(name="Cy Carter")  # no stance yet: not on the overview
    assert "Cy Carter" not in viewer_client.get(reverse("overview")).text
    known = record["Ann Able", "First issue"]  # its issue and source: nothing else is saved
    StanceFactory(expert=newcomer, issue=known.issue, source=known.source, position=1)
    html = viewer_client.get(reverse("overview")).text
    assert counted == [1, 1]
    assert "<bdi>Cy Carter</bdi></a>" in html
    assert '<p class="muted">3 experts.</p>' in html


def test_an_experts_last_stance_retired_is_counted_at_once(
    viewer_client, reviewer, record, counted
):
    viewer_client.get(reverse("overview"))
    for issue in ("First issue", "Second issue"):
        stance = record["Bo Baker", issue]
        stance.refresh_from_db()
        changes.deprecate(stance, reason="misattributed", seen_version=stance.version, by=reviewer)
    html = viewer_client.get(reverse("overview")).text
    assert counted == [1, 1]
    assert "<bdi>Bo Baker</bdi></a>" not in html
    assert '<p class="muted">1 expert.</p>' in html
