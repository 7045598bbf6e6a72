"""Editors' edits of experts and organisations are reviewed like any record: they wait as a
pending change, a reviewer accepts or rejects them in /review/, history records both."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from corpus.changes import people
from corpus.models import Expert, PeopleChange
from corpus.write_guard import WriteOutsideDoor
from tests.factories import (
    ExpertAliasFactory,
    ExpertFactory,
    OrganisationFactory,
    ScenarioAssessmentFactory,
    SourceFactory,
    StanceFactory,
    UserFactory,
)


def _expert_form(expert, **changes):
    values = {
        "name": expert.name,
        "kind": expert.kind,
        "organisation": expert.organisation_id or "",
        "role": expert.role,
        "bio": expert.bio,
        "aliases": "\n".join(expert.aliases.values_list("name", flat=True)),
    }
    return {**values, **changes}


@pytest.fixture
def keller(db):
    expert = ExpertFactory(
        name="Jonas Keller", slug="jonas-keller", role="Fellow", organisation=None
    )
    ExpertAliasFactory(expert=expert, name="Keller")
    return expert


@pytest.fixture
def reviewing(db):
    user = UserFactory(username="second-reviewer", role="reviewer")
    client = Client()
    client.force_login(user)
    return client


def test_the_queue_shows_the_proposed_fields_beside_the_current_ones(
    editor_client, keller, reviewing
):
    org = OrganisationFactory(name="Rhine Institute")
    form = _expert_form(keller, role="Senior Fellow", organisation=org.pk, aliases="J. Keller")
    editor_client.post(reverse("expert-edit", args=[keller.slug]), form)
    html = reviewing.get(reverse("review")).content.decode()
    section = html[html.index('id="people-changes"') :]
    assert "<bdi>Jonas Keller</bdi>" in section
    for now, proposed in [("Fellow", "Senior Fellow"), ("—", "Rhine Institute")]:
        assert f"<del><bdi>{now}</bdi></del></td><td><ins><bdi>{proposed}</bdi></ins>" in section
    assert "<ins><bdi>J. Keller</bdi></ins>" in section


def test_a_reviewer_accepts_an_edit_and_it_applies_with_history(
    editor_client, editor, keller, reviewing
):
    form = _expert_form(keller, role="Senior Fellow", aliases="Keller\nJ. Keller")
    editor_client.post(reverse("expert-edit", args=[keller.slug]), form)
    change = PeopleChange.objects.get()
    response = reviewing.post(
        reverse("review-people-decide", args=[change.pk]), {"action": "accept"}
    )
    assert response.status_code == 302
    keller.refresh_from_db()
    assert keller.role == "Senior Fellow"
    assert set(keller.aliases.values_list("name", flat=True)) == {"Keller", "J. Keller"}
    change.refresh_from_db()
    assert change.state == "accepted"
    assert change.reviewer.username == "second-reviewer"
    latest = keller.history.latest()
    assert latest.history_user.username == "second-reviewer"
    assert "proposed by" in latest.history_change_reason


def test_a_rejection_needs_a_comment_and_leaves_the_record(editor_client, keller, reviewing):
    editor_client.post(reverse("expert-edit", args=[keller.slug]), _expert_form(keller, bio="x"))
    change = PeopleChange.objects.get()
    url = reverse("review-people-decide", args=[change.pk])
    reviewing.post(url, {"action": "reject", "comment": ""})
    change.refresh_from_db()
    assert change.state == "open"
    reviewing.post(url, {"action": "reject", "comment": "Not in the source."})
    change.refresh_from_db()
    keller.refresh_from_db()
    assert (change.state, change.comment, keller.bio) == ("rejected", "Not in the source.", "")


def test_an_editor_may_not_decide(editor_client, keller, editor):
    editor_client.post(reverse("expert-edit", args=[keller.slug]), _expert_form(keller, bio="x"))
    change = PeopleChange.objects.get()
    response = editor_client.post(
        reverse("review-people-decide", args=[change.pk]), {"action": "accept"}
    )
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        people.accept_people_change(change, by=editor)
    keller.refresh_from_db()
    assert keller.bio == ""


def test_editing_again_replaces_the_editors_own_pending_change(editor_client, keller):
    url = reverse("expert-edit", args=[keller.slug])
    editor_client.post(url, _expert_form(keller, bio="First try."))
    editor_client.post(url, _expert_form(keller, bio="Second try."))
    assert list(PeopleChange.objects.values_list("proposed", flat=True)) == [{"bio": "Second try."}]


def test_editing_back_to_the_record_withdraws_the_pending_change(editor_client, keller):
    url = reverse("expert-edit", args=[keller.slug])
    editor_client.post(url, _expert_form(keller, bio="First try."))
    editor_client.post(url, _expert_form(keller))
    assert PeopleChange.objects.get().state == "withdrawn"


def test_another_editors_pending_change_blocks_an_edit_with_a_message(editor_client, keller):
    other = UserFactory(username="other-editor", role="editor")
    people.edit_person(keller, {"bio": "Theirs."}, by=other)
    response = editor_client.post(
        reverse("expert-edit", args=[keller.slug]), _expert_form(keller, bio="Mine.")
    )
    assert response.status_code == 200
    assert "other-editor" in response.content.decode()
    assert PeopleChange.objects.get().proposed == {"bio": "Theirs."}


def test_a_proposed_name_another_expert_holds_is_refused_at_acceptance(keller, reviewer):
    editor = UserFactory(username="ed", role="editor")
    people.edit_person(keller, {"name": "Mara Lind"}, by=editor)
    ExpertFactory(name="Mara Lind", slug="mara-lind")
    with pytest.raises(ValidationError, match="merge instead"):
        people.accept_people_change(PeopleChange.objects.get(), by=reviewer)
    keller.refresh_from_db()
    assert keller.name == "Jonas Keller"


def test_an_invalid_proposal_is_refused_before_it_is_stored(keller):
    editor = UserFactory(username="ed", role="editor")
    with pytest.raises(ValidationError):
        people.edit_person(keller, {"kind": "alien"}, by=editor)
    assert not PeopleChange.objects.exists()


def test_a_pending_change_is_written_only_through_the_door(keller):
    with pytest.raises(WriteOutsideDoor):
        PeopleChange.objects.create(expert=keller, proposed={"bio": "x"})


def test_merging_moves_passages_and_assessments_and_keeps_both_histories(reviewer, db):
    keep = ExpertFactory(name="Jonas Keller", slug="jonas-keller")
    duplicate = ExpertFactory(name="J. Keller", slug="j-keller", bio="Writes on Eurasia.")
    source = SourceFactory()
    passage = source.passages.create(index=0, start=0, end=5, text="Hello", expert=duplicate)
    assessment = ScenarioAssessmentFactory(expert=duplicate)
    StanceFactory(expert=duplicate)
    duplicate_pk = duplicate.pk
    people.merge_experts(keep, duplicate, by=reviewer)
    passage.refresh_from_db()
    assessment.refresh_from_db()
    keep.refresh_from_db()
    assert passage.expert == keep and assessment.expert == keep
    assert keep.stances.count() == 1
    assert keep.bio == "Writes on Eurasia."
    assert Expert.history.filter(id=duplicate_pk).count() >= 2  # created, then deleted
    assert keep.history.latest().history_user == reviewer


@pytest.mark.parametrize("size", [1, 6])
def test_the_people_section_keeps_its_query_count_flat(reviewing, django_assert_num_queries, size):
    editor = UserFactory(username="ed", role="editor")
    for n in range(size):
        expert = ExpertFactory(organisation=None)
        ExpertAliasFactory(expert=expert, name=f"Alias {n}")
        people.edit_person(
            expert,
            {"organisation": OrganisationFactory()},
            [f"Alias {n}", f"Other {n}"],
            by=editor,
        )
        organisation = OrganisationFactory(country="Germany")
        people.edit_person(organisation, {"country": "Europe"}, by=editor)
    # session, user, 2 permission checks, open stance/assessment changes, open edits of
    # people with their experts' aliases, and the organisations they propose
    with django_assert_num_queries(8):
        response = reviewing.get(reverse("review"))
    assert response.content.decode().count('<article id="people-change-') == 2 * size


def test_a_title_before_the_own_name_is_no_alias_change(keller):
    editor = UserFactory(username="ed", role="editor")
    outcome = people.edit_person(keller, {}, ["Keller", "Dr Jonas Keller"], by=editor)
    assert outcome.message == "Nothing changed."
    assert not PeopleChange.objects.exists()
