"""Compare right after an edit: only the edited expert's column is read and built again."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from corpus import changes
from dashboard import compare_cells
from tests.factories import (
    ExpertFactory,
    IssueFactory,
    OrganisationFactory,
    ScenarioAssessmentFactory,
    SourceFactory,
    StanceFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def record():
    """Three experts agreeing at 0 on one issue, quoting one source; one assessment each."""
    source = SourceFactory(title="Shared report")
    issue = IssueFactory(name="Only issue")
    organisation = OrganisationFactory(name="Steppe Institute")
    stances = {}
    for slug in ("ann", "bo", "cy"):
        expert = ExpertFactory(slug=slug, name=f"{slug.title()} Person", organisation=organisation)
        stances[slug] = StanceFactory(
            expert=expert, issue=issue, source=source, position=0, summary=f"{slug} says 0."
        )
        ScenarioAssessmentFactory(expert=expert, source=source)
    return stances


@pytest.fixture
def built_columns(monkeypatch):
    """The names of the experts whose columns were built (not taken from the cache)."""
    built = []
    column = compare_cells._column

    def spy(expert, *args):
        built.append(expert.name)
        return column(expert, *args)

    monkeypatch.setattr(compare_cells, "_column", spy)
    return built


def _compare(client, *slugs):
    return client.get(reverse("compare"), {"experts": ",".join(slugs)})


def _edit(stance, reviewer, **values):
    stance.refresh_from_db()
    changes.edit(stance, values, seen_version=stance.version, by=reviewer)


def test_an_edit_builds_only_its_experts_column_again(
    viewer_client, reviewer, record, built_columns
):
    _compare(viewer_client, "ann", "bo", "cy")
    assert sorted(built_columns) == ["Ann Person", "Bo Person", "Cy Person"]
    built_columns.clear()
    _edit(record["bo"], reviewer, summary="Bo thinks again.", position=2)
    html = _compare(viewer_client, "ann", "bo", "cy").text
    assert built_columns == ["Bo Person"]
    assert "Bo thinks again." in html
    assert "bo says 0." not in html
    assert "ann says 0." in html and "cy says 0." in html
    # The row's disagreement is told from the cached columns' values and the new one.
    assert "Disagreement: 2 points" in html
    assert "<bdi>Ann Person, Cy Person</bdi> at 0; <bdi>Bo Person</bdi> at +2" in html


def test_another_selection_reuses_the_columns(viewer_client, record, built_columns):
    _compare(viewer_client, "ann", "bo")
    built_columns.clear()
    html = _compare(viewer_client, "bo", "ann", "cy").text
    assert built_columns == ["Cy Person"]
    assert html.index('data-label="Bo Person"') < html.index('data-label="Ann Person"')


def test_retitling_a_source_reaches_every_column(viewer_client, record, built_columns):
    _compare(viewer_client, "ann", "bo")
    built_columns.clear()
    source = record["ann"].source
    source.title = "Renamed report"
    source.save()
    html = _compare(viewer_client, "ann", "bo").text
    assert sorted(built_columns) == ["Ann Person", "Bo Person"]
    assert "Shared report" not in html
    assert "<bdi>Renamed report</bdi>" in html


def test_readers_and_editors_get_their_own_columns(client, viewer, editor, record):
    client.force_login(viewer)
    assert "/edit/" not in _compare(client, "ann", "bo").text
    client.force_login(editor)
    html = _compare(client, "ann", "bo").text
    edit_url = reverse("stance-edit", args=[record["ann"].pk])
    assert f'href="{edit_url}" hx-get="{edit_url}"' in html
    client.force_login(viewer)
    assert "/edit/" not in _compare(client, "ann", "bo").text


def test_an_edit_leaves_the_browse_list_cached(viewer_client, reviewer, record):
    _compare(viewer_client, "ann", "bo")
    _edit(record["ann"], reviewer, summary="Ann thinks again.")
    with CaptureQueriesContext(connection) as queries:
        html = _compare(viewer_client, "ann", "bo").text
    assert not any("COUNT(" in q["sql"] and "corpus_organisation" in q["sql"] for q in queries)
    assert '<bdi>Steppe Institute</bdi></a> <span class="muted">3 experts</span>' in html
    assert "Ann thinks again." in html
