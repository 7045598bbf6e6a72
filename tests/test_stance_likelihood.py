"""Stance × likelihood on the scenario page: experts grouped by their position on an issue."""

import pytest
from django.urls import reverse

from corpus.models import Issue, Scenario
from corpus.pages.stance_likelihood import grouping
from tests.factories import (
    ExpertFactory,
    IssueFactory,
    ScenarioAssessmentFactory,
    ScenarioFactory,
    StanceFactory,
)


def page(client, slug="formal-alliance", **params):
    return client.get(reverse("scenario", args=[slug]), params)


def figures(result) -> dict[str, dict[str, list[int]]]:
    """Per group: each member's latest likelihoods ([] when they gave none)."""
    return {
        g.key: {m.expert.name: (m.assessment.values if m.assessment else []) for m in g.members}
        for g in result.groups
    }


@pytest.fixture
def seed_grouping(seeded):
    scenario = Scenario.objects.get(slug="formal-alliance")
    return grouping(scenario, Issue.objects.get(slug="alignment"))


def test_it_pins_the_seed_figures_for_formal_alliance_by_alignment(seed_grouping):
    assert figures(seed_grouping) == {
        "-2": {},
        "-1": {
            "Christopher Marsh": [],
            "Jingdong Yuan": [2],
            "LeidenAsiaCentre": [2],
            "Maria Repnikova": [],
            "Natasha Kuhrt": [],
        },
        "0": {"Sun Chenghao": []},
        "1": {
            "Bonny Lin": [2],
            "Gilbert Rozman": [],
            "James C. Hsiung": [],
            "Vitaly Kozyrev": [],
        },
        "2": {},
        "split": {"MERICS": [2], "Sergey Radchenko": [], "Zhao Long": [1]},
        "none": {},
    }


def test_it_sums_each_group_as_a_range_of_likelihoods(seed_grouping):
    ranges = {g.key: g.likelihood_range for g in seed_grouping.groups}
    assert ranges == {
        "-2": "",
        "-1": "2 of 5",
        "0": "",
        "1": "2 of 5",
        "2": "",
        "split": "1–2 of 5",
        "none": "",
    }


def test_the_page_links_every_figure_to_its_two_quotes(viewer_client, seeded):
    text = page(viewer_client, by="alignment").content.decode()
    yuan = next(
        m
        for g in page(viewer_client, by="alignment").context["grouping"].groups
        for m in g.members
        if m.expert.name == "Jingdong Yuan"
    )
    assert f'href="{yuan.stance.records[0].get_absolute_url()}"' in text
    assert f'href="{yuan.assessment.records[0].get_absolute_url()}"' in text
    assert yuan.stance.records[0].quote in text
    assert yuan.assessment.records[0].quote in text


def test_the_page_shows_empty_groups_and_missing_halves(viewer_client, seeded):
    text = page(viewer_client, by="alignment").content.decode()
    assert "No expert in this group." in text
    assert "no assessment" in text
    assert "5 experts give this scenario <strong>2 of 5</strong>" in text


def test_it_defaults_to_the_scenarios_first_related_issue(viewer_client, seeded):
    response = page(viewer_client)
    assert response.context["grouping"].issue.slug == "alignment"
    assert '<option value="alignment" selected>' in response.content.decode()


def test_it_refuses_an_unknown_issue(viewer_client, seeded):
    response = page(viewer_client, by="no-such-issue")
    assert response.status_code == 400


def test_an_expert_with_an_assessment_but_no_stance_is_grouped_as_no_stance(db):
    scenario, issue = ScenarioFactory(), IssueFactory()
    expert = ExpertFactory(name="Only Assessed")
    ScenarioAssessmentFactory(expert=expert, scenario=scenario, likelihood=4)
    assert figures(grouping(scenario, issue))["none"] == {"Only Assessed": [4]}


def test_a_split_expert_is_its_own_group_never_averaged(db):
    scenario, issue = ScenarioFactory(), IssueFactory()
    expert = ExpertFactory(name="Of Two Minds")
    StanceFactory(expert=expert, issue=issue, position=-2)
    StanceFactory(expert=expert, issue=issue, position=2)
    result = figures(grouping(scenario, issue))
    assert result["split"] == {"Of Two Minds": []}
    assert result["0"] == {}


def test_it_uses_the_latest_stance_only(db):
    scenario, issue = ScenarioFactory(), IssueFactory()
    expert = ExpertFactory(name="Changed Mind")
    StanceFactory(expert=expert, issue=issue, position=-2, stated_on="2015-01-01")
    StanceFactory(expert=expert, issue=issue, position=1, stated_on="2022-01-01")
    result = figures(grouping(scenario, issue))
    assert result["1"] == {"Changed Mind": []}
    assert result["-2"] == {}


def test_it_ignores_drafts(db):
    scenario, issue = ScenarioFactory(), IssueFactory()
    StanceFactory(issue=issue, position=1, status="draft")
    assert grouping(scenario, issue).experts == 0


def test_it_takes_two_queries(db, django_assert_num_queries):
    scenario, issue = ScenarioFactory(), IssueFactory()
    for _ in range(3):
        expert = ExpertFactory()
        StanceFactory(expert=expert, issue=issue)
        ScenarioAssessmentFactory(expert=expert, scenario=scenario)
    with django_assert_num_queries(2):
        grouping(scenario, issue)


def test_the_expert_page_puts_stances_beside_assessments_of_the_same_date(viewer_client, db):
    expert = ExpertFactory()
    stance = StanceFactory(expert=expert, position=-1)
    assessment = ScenarioAssessmentFactory(expert=expert, source=stance.source, likelihood=4)
    response = viewer_client.get(expert.get_absolute_url())
    (row,) = response.context["side_by_side"]
    assert row.stances == [stance]
    assert row.assessments == [assessment]
    text = response.content.decode()
    assert f'href="{stance.get_absolute_url()}"' in text
    assert f'href="{assessment.get_absolute_url()}"' in text


def test_the_side_by_side_rows_run_newest_first(viewer_client, db):
    expert = ExpertFactory()
    StanceFactory(expert=expert, stated_on="2015-01-01")
    StanceFactory(expert=expert, stated_on="2022-03-01")
    rows = viewer_client.get(expert.get_absolute_url()).context["side_by_side"]
    assert [r.stances[0].stated_on.year for r in rows] == [2022, 2015]
