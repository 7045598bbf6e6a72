"""Search across the record: scenarios, issues, experts, organisations, stances, assessments."""

import pytest
from django.urls import reverse

from corpus.search_records import search_records
from tests.factories import ExpertFactory, ScenarioAssessmentFactory, StanceFactory


def names(hits):
    return [str(h) for h in hits]


@pytest.fixture
def alliance(seeded):
    return search_records("alliance")


def test_it_finds_the_formal_alliance_scenario(alliance):
    assert [s.slug for s in alliance.scenarios] == ["formal-alliance"]


def test_it_finds_stances_whose_summary_or_quote_holds_the_word(alliance):
    assert alliance.stances
    for stance in alliance.stances:
        assert "alliance" in (stance.summary + stance.quote).lower()


def test_it_finds_assessments_whose_rationale_or_quote_holds_the_word(alliance):
    assert alliance.assessments
    for a in alliance.assessments:
        assert "alliance" in (a.rationale + a.quote).lower()


def test_it_finds_an_expert_by_an_alias(db):
    expert = ExpertFactory(name="Sergey Radchenko")
    expert.aliases.create(name="Sergei")
    assert search_records("sergei").experts == [expert]


def test_it_finds_issues_by_their_question(seeded):
    assert "alignment" in [i.slug for i in search_records("partnership overall").issues]


def test_it_leaves_drafts_out(db):
    StanceFactory(summary="A draft about alliances.", status="draft")
    assert search_records("alliances").stances == []


def test_it_keeps_each_kind_to_a_few(db):
    for _ in range(8):
        ScenarioAssessmentFactory(rationale="An alliance is coming.")
    assert len(search_records("alliance").assessments) == 5


def test_the_search_page_shows_the_record_above_the_passages(viewer_client, seeded):
    text = viewer_client.get(reverse("search"), {"q": "alliance"}).content.decode()
    assert 'href="/scenarios/formal-alliance/"' in text
    assert text.index("In the record") < text.index("In the sources")
