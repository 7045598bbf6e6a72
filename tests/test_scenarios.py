import datetime as dt
import json

import pytest
from django.urls import reverse

from corpus.models import ScenarioAssessment
from corpus.pages.scenarios import chart_data
from tests.factories import (
    OTHER_QUOTE,
    ExpertFactory,
    IssueFactory,
    ScenarioAssessmentFactory,
    ScenarioFactory,
    SourceFactory,
)
from tests.snapshots import built_once_per_argument


@pytest.fixture
def scenario(db):
    scenario = ScenarioFactory(
        slug="grand-bargain",
        title="Grand bargain",
        description="The powers strike a grand bargain.",
        horizon="5 years",
    )
    scenario.issues.add(IssueFactory(slug="alignment", name="Overall alignment"))
    return scenario


@pytest.fixture
def anna(db):
    return ExpertFactory(slug="anna", name="Anna Example")


def _board(client):
    return client.get(reverse("scenarios"))


def _page(client, slug="grand-bargain"):
    return client.get(reverse("scenario", args=[slug]))


@pytest.mark.parametrize("url", [reverse("scenarios"), reverse("scenario", args=["x"])])
def test_it_requires_login(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_board_shows_likelihoods_in_words(viewer_client, scenario, anna):
    ScenarioAssessmentFactory(expert=anna, scenario=scenario, likelihood=4)
    text = _board(viewer_client).content.decode()
    assert "Grand bargain" in text
    assert "The powers strike a grand bargain." in text
    assert "Horizon: 5 years" in text
    assert 'title="4/5: likely"' in text


def test_the_board_links_each_likelihood_to_its_quote(viewer_client, scenario, anna):
    assessment = ScenarioAssessmentFactory(expert=anna, scenario=scenario)
    text = _board(viewer_client).content.decode()
    assert f'href="{reverse("assessment", args=[assessment.pk])}"' in text


def test_the_board_shows_empty_cells_as_empty(viewer_client, scenario, anna):
    ScenarioAssessmentFactory(expert=anna, scenario=ScenarioFactory(title="Other future"))
    text = _board(viewer_client).content.decode()
    row = text[text.index('id="scenario-grand-bargain"') :]
    row = row[: row.index("</tr>")]
    assert 'class="empty"' in row
    assert "no assessment recorded" in row


def test_the_board_has_a_column_only_for_experts_with_published_assessments(
    viewer_client, scenario, anna
):
    ScenarioAssessmentFactory(expert=anna, scenario=scenario)
    ScenarioAssessmentFactory(
        expert=ExpertFactory(name="Drafty Example"), scenario=scenario, status="draft"
    )
    ExpertFactory(name="Silent Example")
    text = _board(viewer_client).content.decode()
    assert "Anna Example" in text
    assert "Drafty Example" not in text
    assert "Silent Example" not in text


def test_the_board_shows_the_latest_published_likelihood(viewer_client, scenario, anna):
    old = SourceFactory(published_on=dt.date(2016, 1, 1), date_precision="year")
    ScenarioAssessmentFactory(expert=anna, scenario=scenario, source=old, likelihood=5)
    ScenarioAssessmentFactory(expert=anna, scenario=scenario, likelihood=2)
    newer = SourceFactory(published_on=dt.date(2024, 1, 1))
    ScenarioAssessmentFactory(
        expert=anna, scenario=scenario, source=newer, likelihood=1, status="draft"
    )
    text = _board(viewer_client).content.decode()
    assert 'title="2/5: unlikely"' in text
    assert 'title="5/5' not in text
    assert 'title="1/5' not in text


def test_the_scenario_page_shows_description_and_related_issues(viewer_client, scenario):
    text = _page(viewer_client).content.decode()
    assert "<h1><bdi>Grand bargain</bdi></h1>" in text
    assert "The powers strike a grand bargain." in text
    link = f'<a href="{reverse("issue", args=["alignment"])}">'
    assert f"{link}<bdi>Overall alignment</bdi></a>" in text


def test_the_scenario_page_lists_assessments_with_rationale_and_quote(
    viewer_client, scenario, anna
):
    ScenarioAssessmentFactory(
        expert=anna, scenario=scenario, likelihood=3, rationale="Could go either way."
    )
    text = _page(viewer_client).content.decode()
    assert "Could go either way." in text
    assert "“The partnership is deep and growing.”" in text
    assert "3 – even chance" in text


def test_the_scenario_page_hides_drafts(viewer_client, scenario, anna):
    ScenarioAssessmentFactory(expert=anna, scenario=scenario, rationale="Published view.")
    ScenarioAssessmentFactory(
        expert=ExpertFactory(name="Drafty Example"),
        scenario=scenario,
        quote=OTHER_QUOTE,
        rationale="Draft view.",
        status="draft",
    )
    text = _page(viewer_client).content.decode()
    assert "Published view." in text
    assert "Draft view." not in text
    assert "Drafty Example" not in text


def test_the_scenario_page_gives_the_chart_its_data(viewer_client, scenario, anna):
    year_only = SourceFactory(published_on=dt.date(2016, 1, 1), date_precision="year")
    ScenarioAssessmentFactory(expert=anna, scenario=scenario, source=year_only, likelihood=2)
    response = _page(viewer_client)
    data = response.context["chart"]
    assert data["datasets"][0]["label"] == "Anna Example"
    assert data["datasets"][0]["data"][0]["x"] == "2016-07-01"
    assert '<script id="scenario-chart-data" type="application/json">' in response.text
    assert 'role="img"' in response.text


def test_the_scenario_page_without_assessments_draws_no_chart(viewer_client, scenario):
    text = _page(viewer_client).content.decode()
    assert "No published assessment of this scenario yet." in text
    assert "<canvas" not in text
    assert "scenario.js" not in text


def test_an_unknown_scenario_is_not_found(viewer_client, db):
    assert _page(viewer_client, "no-such-future").status_code == 404


def test_chart_data_draws_partial_dates_at_their_midpoint_and_labels_them_as_stated(db):
    anna, boris = ExpertFactory(name="Anna"), ExpertFactory(name="Boris")
    scenario = ScenarioFactory()
    month = SourceFactory(published_on=dt.date(2022, 3, 1), date_precision="month")
    year = SourceFactory(published_on=dt.date(2016, 1, 1), date_precision="year")
    ScenarioAssessmentFactory(expert=anna, scenario=scenario, source=year, likelihood=1)
    ScenarioAssessmentFactory(expert=anna, scenario=scenario, source=month, likelihood=3)
    ScenarioAssessmentFactory(expert=boris, scenario=scenario, source=month, likelihood=5)
    data = chart_data(ScenarioAssessment.objects.for_scenario_page(scenario))
    anna_points = data["datasets"][0]["data"]
    assert [(p["x"], p["when"], p["y"]) for p in anna_points] == [
        ("2016-07-01", "2016", 1),
        ("2022-03-15", "March 2022", 3),
    ]
    styles = {s["label"]: (s["colour"], s["shape"]) for s in data["datasets"]}
    assert styles["Anna"] != styles["Boris"]
    assert json.dumps(data)


@built_once_per_argument
def _grow(size):
    experts = [ExpertFactory() for _ in range(size)]
    scenarios = [ScenarioFactory() for _ in range(size)]
    issue = IssueFactory()
    for scenario in scenarios:
        scenario.issues.add(issue)
        for expert in experts:
            ScenarioAssessmentFactory(expert=expert, scenario=scenario)
    return scenarios


@pytest.mark.parametrize("size", [2, 15])
def test_the_board_keeps_query_count_flat(viewer_client, django_assert_num_queries, size):
    _grow(size)
    # session, user, generations, scenarios, expert count, expert page, the page's latest
    # assessment ids (read model), those assessments
    with django_assert_num_queries(8):
        response = _board(viewer_client)
    assert response.status_code == 200


@pytest.mark.parametrize("size", [2, 15])
def test_the_scenario_page_keeps_query_count_flat(viewer_client, django_assert_num_queries, size):
    scenario = _grow(size)[0]
    # session, user, scenario, its issues, every issue (the group-by picker), the grouping's
    # stances and assessments, its assessments
    with django_assert_num_queries(8):
        response = _page(viewer_client, scenario.slug)
    assert response.status_code == 200


def test_the_board_links_to_its_slide(viewer_client, scenario, anna):
    ScenarioAssessmentFactory(expert=anna, scenario=scenario, likelihood=4)
    html = _board(viewer_client).content.decode()
    href = reverse("present-scenarios")
    assert f'<a class="button present-link" href="{href}">' in html
    slide = viewer_client.get(href)
    assert slide.status_code == 200
    assert "Source: 1 document · 1 expert · as of" in slide.content.decode()


def test_an_empty_board_has_nothing_to_present(viewer_client, scenario):
    assert "present-link" not in _board(viewer_client).content.decode()


def test_the_board_pages_its_expert_columns(viewer_client, scenario):
    from corpus.pages.scenarios import BOARD_EXPERTS

    for n in range(BOARD_EXPERTS + 2):
        ScenarioAssessmentFactory(
            expert=ExpertFactory(name=f"Board Expert {n:02d}"), scenario=scenario
        )
    html = _board(viewer_client).content.decode()
    assert f"Experts 1–{BOARD_EXPERTS} of {BOARD_EXPERTS + 2}" in html
    assert "Board Expert 21" not in html
    html = viewer_client.get(reverse("scenarios"), {"page": 2}).content.decode()
    assert "Board Expert 21" in html and "Board Expert 00" not in html
