"""A record's history: who changed what and when, revert, delete and restore."""

import pytest
from django.urls import reverse

from corpus import changes, revisions
from corpus.models import ScenarioAssessment, Stance
from tests.editing_support import delete_draft, stance_data
from tests.factories import (
    ExpertFactory,
    ScenarioAssessmentFactory,
    StanceFactory,
    UserFactory,
)
from tests.htmx import HTMX


@pytest.fixture
def stance(db):
    # A draft: editors' edits apply to it at once, and drafts are what may be deleted.
    return StanceFactory(status="draft", summary="Sees a deepening partnership.")


@pytest.fixture
def edited(stance, editor_client):
    """The stance after an editor changed its summary and position through the form."""
    data = stance_data(stance, summary="Sees a fraying partnership.", position=-1)
    editor_client.post(reverse("stance-edit", args=[stance.pk]), data, headers=HTMX)
    stance.refresh_from_db()
    return stance


def _history(client, stance):
    return client.get(reverse("stance-history", args=[stance.pk]))


def test_it_requires_login(client, stance):
    assert _history(client, stance)["Location"].startswith(reverse("login"))


def test_viewers_may_not_see_it(viewer_client, stance):
    assert _history(viewer_client, stance).status_code == 403


def test_a_record_that_never_existed_is_404(editor_client, db):
    assert editor_client.get(reverse("stance-history", args=[999])).status_code == 404


def test_it_lists_each_version_with_who_and_when(edited, editor_client):
    html = _history(editor_client, edited).content.decode()
    assert "Version 2" in html
    assert "Version 1" in html
    assert '<span class="who"><bdi>editor-user</bdi></span>' in html
    assert "the seed import" in html  # version 1 came from a factory, with no user


def test_it_shows_field_by_field_differences(edited, editor_client):
    html = _history(editor_client, edited).content.decode()
    assert "Sees a <del>deepening</del> partnership." in html
    assert "Sees a <ins>fraying</ins> partnership." in html
    assert "<td><del>+1</del></td>" in html
    assert "<td><ins>-1</ins></td>" in html


def test_related_records_show_by_name(stance, reviewer_client):
    other = ExpertFactory(name="Boris Example")
    data = stance_data(stance, expert=other.pk)
    reviewer_client.post(reverse("stance-edit", args=[stance.pk]), data, headers=HTMX)
    html = _history(reviewer_client, stance).content.decode()
    assert f"<del>{stance.expert.name}</del>" in html
    assert "<ins>Boris Example</ins>" in html


def test_editors_see_no_revert_buttons(edited, editor_client):
    assert "Revert to version" not in _history(editor_client, edited).content.decode()


def test_a_reviewer_reverts_to_an_old_version_as_a_new_version(edited, reviewer_client, reviewer):
    first = edited.history.get(version=1)
    url = reverse("stance-revert", args=[edited.pk, first.history_id])
    response = reviewer_client.post(url, {"version": edited.version})
    assert response.status_code == 302
    edited.refresh_from_db()
    assert (edited.summary, edited.position, edited.status) == (
        "Sees a deepening partnership.",
        1,
        "draft",
    )
    assert edited.version == 3
    newest = edited.history.first()
    assert (newest.history_user, newest.history_change_reason) == (
        reviewer,
        "Reverted to version 1",
    )


def test_a_revert_from_a_stale_page_changes_nothing(edited, reviewer_client):
    first = edited.history.get(version=1)
    url = reverse("stance-revert", args=[edited.pk, first.history_id])
    response = reviewer_client.post(url, {"version": 1}, follow=True)
    assert "Not reverted" in response.content.decode()
    edited.refresh_from_db()
    assert edited.version == 2


def test_editors_may_not_revert(edited, editor_client):
    first = edited.history.get(version=1)
    url = reverse("stance-revert", args=[edited.pk, first.history_id])
    assert editor_client.post(url, {"version": 2}).status_code == 403
    edited.refresh_from_db()
    assert edited.version == 2


def test_reverting_to_another_records_version_is_404(edited, reviewer_client):
    foreign = StanceFactory().history.get()
    url = reverse("stance-revert", args=[edited.pk, foreign.history_id])
    assert reviewer_client.post(url, {"version": 2}).status_code == 404


@pytest.mark.parametrize("url_name", ["stance-delete", "stance-publish"])
def test_a_missing_stance_is_404(reviewer_client, db, url_name):
    assert reviewer_client.post(reverse(url_name, args=[999]), {"version": 1}).status_code == 404


def test_reverting_a_missing_stance_is_404(reviewer_client, db):
    url = reverse("stance-revert", args=[999, 1])
    assert reviewer_client.post(url, {"version": 1}).status_code == 404


def test_revert_only_answers_post(edited, reviewer_client):
    first = edited.history.get(version=1)
    url = reverse("stance-revert", args=[edited.pk, first.history_id])
    assert reviewer_client.get(url).status_code == 405


def test_a_reviewer_deletes_and_the_history_stays(stance, reviewer_client, reviewer):
    url = reverse("stance-delete", args=[stance.pk])
    response = reviewer_client.post(url, {"version": 1})
    assert response["Location"] == reverse("deleted-records")
    assert not Stance.objects.filter(pk=stance.pk).exists()
    last = Stance.history.filter(id=stance.pk).first()
    assert (last.history_type, last.history_user) == ("-", reviewer)
    html = _history(reviewer_client, stance).content.decode()
    assert "This stance is deleted." in html


def test_deleting_a_stance_changed_meanwhile_is_refused(stance, reviewer_client):
    changes.edit(stance, {"summary": "Newer."}, seen_version=1, by=None)
    reviewer_client.post(reverse("stance-delete", args=[stance.pk]), {"version": 1})
    assert Stance.objects.filter(pk=stance.pk).exists()


def test_editors_may_not_delete(stance, editor_client):
    response = editor_client.post(reverse("stance-delete", args=[stance.pk]), {"version": 1})
    assert response.status_code == 403
    assert Stance.objects.filter(pk=stance.pk).exists()


def test_the_deleted_list_offers_a_restore(stance, reviewer_client):
    pk = stance.pk
    delete_draft(stance)
    html = reviewer_client.get(reverse("deleted-records")).content.decode()
    assert stance.expert.name in html
    assert reverse("stance-restore", args=[pk]) in html


def test_a_reviewer_restores_a_deleted_stance_as_a_new_version(stance, reviewer_client):
    pk = stance.pk
    changes.edit(stance, {"summary": "Last words."}, seen_version=1, by=None)
    delete_draft(stance)
    response = reviewer_client.post(reverse("stance-restore", args=[pk]))
    assert response["Location"] == reverse("stance-history", args=[pk])
    restored = Stance.objects.get(pk=pk)
    assert (restored.summary, restored.version) == ("Last words.", 3)
    assert "Restored" in restored.history.first().history_change_reason


def test_restoring_a_live_record_is_404(stance, reviewer_client):
    assert reviewer_client.post(reverse("stance-restore", args=[stance.pk])).status_code == 404


def test_a_restore_that_would_duplicate_a_record_is_refused(stance, reviewer_client):
    pk = stance.pk
    delete_draft(stance)
    StanceFactory(
        expert=stance.expert, issue=stance.issue, source=stance.source, quote=stance.quote
    )
    response = reviewer_client.post(reverse("stance-restore", args=[pk]), follow=True)
    assert "Not restored" in response.content.decode()
    assert not Stance.objects.filter(pk=pk).exists()


def test_assessments_have_history_revert_and_restore_too(reviewer_client, db):
    assessment = ScenarioAssessmentFactory(status="draft", rationale="Unlikely.")
    changes.edit(assessment, {"rationale": "Likely after all."}, seen_version=1, by=None)
    first = assessment.history.get(version=1)
    reviewer_client.post(
        reverse("assessment-revert", args=[assessment.pk, first.history_id]), {"version": 2}
    )
    assessment.refresh_from_db()
    assert assessment.rationale == "Unlikely."
    reviewer_client.post(reverse("assessment-delete", args=[assessment.pk]), {"version": 3})
    reviewer_client.post(reverse("assessment-restore", args=[assessment.pk]))
    assert ScenarioAssessment.objects.get(pk=assessment.pk).version == 4


@pytest.mark.parametrize("size", [1, 8])
def test_the_history_page_keeps_its_query_count_flat(
    reviewer_client, django_assert_num_queries, size, db
):
    stance = StanceFactory()
    user = UserFactory()
    for n in range(size):
        changes.edit(
            stance,
            {"summary": f"Version {n}", "expert": ExpertFactory()},
            seen_version=n + 1,
            by=None,
        )
        stance.history.filter(version=n + 2).update(history_user=user)
    # session, user, history, 3 names (expert, issue, source), current record,
    # and the permission checks (user and group permissions)
    with django_assert_num_queries(9):
        response = _history(reviewer_client, stance)
    assert response.status_code == 200


@pytest.mark.parametrize("size", [1, 6])
def test_the_deleted_list_keeps_its_query_count_flat(
    reviewer_client, django_assert_num_queries, size, db
):
    for _ in range(size):
        delete_draft(StanceFactory(status="draft"))
        delete_draft(ScenarioAssessmentFactory(status="draft"))
    # session, user, permissions (2); per kind: deleted records + 3 names
    with django_assert_num_queries(12):
        response = reviewer_client.get(reverse("deleted-records"))
    assert response.status_code == 200


def test_versions_lists_the_creation_with_every_field(stance):
    (created,) = revisions.versions(Stance, stance.pk)
    assert created.kind == "created"
    assert {c.field for c in created.changes} >= {"summary", "quote", "position", "expert"}
