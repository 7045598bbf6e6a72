"""Scenario assessments are edited and created like stances; these check what differs."""

import pytest
from django.urls import reverse

from corpus.models import ScenarioAssessment
from tests.editing_support import assessment_data
from tests.factories import ScenarioAssessmentFactory, ScenarioFactory, SourceFactory
from tests.htmx import HTMX


@pytest.fixture
def assessment(db):
    return ScenarioAssessmentFactory(status="draft")


def _edit_url(assessment):
    return reverse("assessment-edit", args=[assessment.pk])


def test_it_requires_login(client, assessment):
    response = client.post(_edit_url(assessment), assessment_data(assessment))
    assert response["Location"].startswith(reverse("login"))


def test_viewers_may_not_edit(viewer_client, assessment):
    response = viewer_client.post(_edit_url(assessment), assessment_data(assessment, likelihood=5))
    assert response.status_code == 403
    assessment.refresh_from_db()
    assert assessment.likelihood == 2


def test_the_likelihood_choices_show_their_words(editor_client, assessment):
    html = editor_client.get(_edit_url(assessment), headers=HTMX).content.decode()
    assert f'<div id="record-assessment-{assessment.pk}" class="record-edit">' in html
    for words in ("1 · very unlikely", "3 · even chance", "5 · very likely"):
        assert words in html


def test_editor_saves_and_gets_the_updated_row(editor_client, assessment):
    data = assessment_data(assessment, likelihood=4, rationale="Momentum is building.")
    html = editor_client.post(_edit_url(assessment), data, headers=HTMX).content.decode()
    assert f'<article id="record-assessment-{assessment.pk}"' in html
    assert "Momentum is building." in html
    assessment.refresh_from_db()
    assert (assessment.likelihood, assessment.status, assessment.version) == (4, "draft", 2)


def test_a_likelihood_out_of_range_is_shown_beside_the_field(editor_client, assessment):
    data = assessment_data(assessment, likelihood=9)
    html = editor_client.post(_edit_url(assessment), data, headers=HTMX).content.decode()
    assert 'class="field field-likelihood scale-choice has-error"' in html
    assessment.refresh_from_db()
    assert assessment.version == 1


def test_a_bad_id_is_404(editor_client, db):
    assert editor_client.get(reverse("assessment-edit", args=[404])).status_code == 404


def test_a_new_assessment_from_a_selection_is_a_draft(editor_client, editor, db):
    source = SourceFactory()
    scenario = ScenarioFactory(slug="formal-alliance")
    sentence = "It is a marriage of convenience that will fray."
    start = source.text.index(sentence)
    url = reverse("assessment-new", args=[source.pk])
    form = editor_client.get(
        f"{url}?start={start}&end={start + len(sentence)}&scenario=formal-alliance"
    ).context["form"]
    assert form["quote"].value() == sentence
    assert form["scenario"].value() == scenario.pk
    expert = ScenarioAssessmentFactory().expert
    data = {
        "expert": expert.pk,
        "scenario": scenario.pk,
        "likelihood": 1,
        "stated": "2022",
        "confidence": "low",
        "rationale": "Expects it to fray.",
        "quote": sentence,
        "quote_start": start,
    }
    editor_client.post(url, data, headers=HTMX)
    created = ScenarioAssessment.objects.get(scenario=scenario)
    assert (created.status, created.likelihood, created.stated_precision) == ("draft", 1, "year")
    assert created.created_by == editor
