"""The review queue: drafts are listed for editors and reviewers; reviewers publish them."""

import pytest
from django.urls import reverse

from corpus.models import Stance
from tests.factories import ExpertFactory, ScenarioAssessmentFactory, SourceFactory, StanceFactory
from tests.htmx import HTMX


@pytest.fixture
def draft(db):
    return StanceFactory(status="draft", summary="A draft summary.")


def test_it_requires_login(client, db):
    assert client.get(reverse("review"))["Location"].startswith(reverse("login"))


def test_viewers_may_not_see_it(viewer_client, db):
    assert viewer_client.get(reverse("review")).status_code == 403


def test_it_lists_drafts_with_a_draft_badge(editor_client, draft):
    StanceFactory(status="published", summary="Already out.")
    ScenarioAssessmentFactory(status="draft", rationale="A draft rationale.")
    html = editor_client.get(reverse("review")).content.decode()
    assert "A draft summary." in html
    assert "A draft rationale." in html
    assert '<span class="badge draft">draft</span>' in html
    assert "Already out." not in html


def test_editors_see_no_publish_button(editor_client, draft):
    html = editor_client.get(reverse("review")).content.decode()
    assert reverse("stance-publish", args=[draft.pk]) not in html
    assert "a reviewer publishes them" in html


def test_reviewers_see_a_publish_button_carrying_the_version(reviewer_client, draft):
    html = reviewer_client.get(reverse("review")).content.decode()
    assert f'hx-post="{reverse("stance-publish", args=[draft.pk])}"' in html
    assert f'name="version" value="{draft.version}"' in html


def test_a_reviewer_publishes_a_draft(reviewer_client, reviewer, draft):
    response = reviewer_client.post(
        reverse("stance-publish", args=[draft.pk]), {"version": 1}, headers=HTMX
    )
    html = response.content.decode()
    assert '<span class="badge published">published</span>' in html
    assert "Published." in html
    draft.refresh_from_db()
    assert (draft.status, draft.version, draft.updated_by) == ("published", 2, reviewer)
    assert draft.history.first().history_change_reason == "Published"


def test_publishing_without_htmx_returns_to_the_queue(reviewer_client, draft):
    response = reviewer_client.post(reverse("stance-publish", args=[draft.pk]), {"version": 1})
    assert response["Location"] == reverse("review")


def test_editors_may_not_publish(editor_client, draft):
    response = editor_client.post(reverse("stance-publish", args=[draft.pk]), {"version": 1})
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_publish_only_answers_post(reviewer_client, draft):
    assert reviewer_client.get(reverse("stance-publish", args=[draft.pk])).status_code == 405


def test_publishing_a_missing_stance_is_404(reviewer_client, db):
    response = reviewer_client.post(reverse("stance-publish", args=[999]), {"version": 1})
    assert response.status_code == 404


def test_publishing_without_a_version_is_a_bad_request(reviewer_client, draft):
    assert reviewer_client.post(reverse("stance-publish", args=[draft.pk])).status_code == 400


def test_a_reviewer_publishes_an_assessment(reviewer_client, db):
    assessment = ScenarioAssessmentFactory(status="draft")
    reviewer_client.post(reverse("assessment-publish", args=[assessment.pk]), {"version": 1})
    assessment.refresh_from_db()
    assert assessment.status == "published"


def test_drafts_stay_out_of_the_published_record(draft):
    assert not Stance.objects.published().filter(pk=draft.pk).exists()


@pytest.mark.parametrize("size", [2, 12])
def test_it_keeps_its_query_count_flat(reviewer_client, django_assert_num_queries, size, db):
    for _ in range(size):
        StanceFactory(status="draft", expert=ExpertFactory(), source=SourceFactory())
        ScenarioAssessmentFactory(status="draft")
    # session, user, permission checks (user and group), open changes, their stances, their
    # assessments (new records need no names for a diff), open edits of experts/organisations
    with django_assert_num_queries(8):
        response = reviewer_client.get(reverse("review"))
    assert response.status_code == 200
