"""Experts and organisations on their own pages; merging two records of one person."""

import pytest
from django.urls import reverse

from corpus.models import Expert, Organisation, PeopleChange
from tests.editing_support import db_state
from tests.factories import (
    ExpertAliasFactory,
    ExpertFactory,
    OrganisationFactory,
    StanceFactory,
)


def test_an_editor_creates_an_expert_with_aliases_and_organisation(editor_client, editor, db):
    org = OrganisationFactory(name="Rhine Institute")
    response = editor_client.post(
        reverse("expert-new"),
        {
            "name": "Jonas  Keller",
            "kind": "person",
            "organisation": org.pk,
            "role": "Fellow",
            "bio": "Writes on Eurasia.",
            "aliases": "KELLER\nJ. Keller",
        },
    )
    jonas = Expert.objects.get(name="Jonas Keller")
    assert response["Location"] == jonas.get_absolute_url()
    assert set(jonas.aliases.values_list("name", flat=True)) == {"KELLER", "J. Keller"}
    assert (jonas.organisation, jonas.bio) == (org, "Writes on Eurasia.")
    assert jonas.history.get().history_user == editor
    page = editor_client.get(jonas.get_absolute_url()).content.decode()
    assert "<bdi>Writes on Eurasia.</bdi>" in page  # the bio line is on their page


KELLER_AS_SENIOR_FELLOW = {
    "name": "Jonas Keller",
    "kind": "person",
    "role": "Senior Fellow",
    "bio": "",
    "aliases": "",
}


def test_an_editors_edit_of_an_expert_waits_for_review(editor_client, db):
    expert = ExpertFactory(name="Jonas Keller", slug="jonas-keller", role="", organisation=None)
    editor_client.post(
        reverse("expert-edit", args=[expert.slug]),
        KELLER_AS_SENIOR_FELLOW,
    )
    expert.refresh_from_db()
    assert expert.role == ""  # as it was, until a reviewer accepts
    change = PeopleChange.objects.get(expert=expert, state="open")
    assert change.proposed == {"role": "Senior Fellow"}


def test_a_reviewers_edit_of_an_expert_applies_and_the_history_shows_it(reviewer_client, db):
    expert = ExpertFactory(name="Jonas Keller", slug="jonas-keller")
    reviewer_client.post(
        reverse("expert-edit", args=[expert.slug]),
        KELLER_AS_SENIOR_FELLOW,
    )
    page = reviewer_client.get(reverse("expert-history", args=[expert.slug])).content.decode()
    assert "role" in page and "Changed" in page
    assert not PeopleChange.objects.exists()


def test_a_name_someone_else_holds_is_refused(editor_client, db):
    ExpertFactory(name="Jonas Keller", slug="jonas-keller")
    before = db_state()
    response = editor_client.post(reverse("expert-new"), {"name": "jonas keller", "kind": "person"})
    assert "merge instead" in response.content.decode()
    assert db_state() == before


def test_merging_moves_stances_and_joins_aliases(editor_client, db):
    keep = ExpertFactory(name="Jonas Keller", slug="jonas-keller")
    duplicate = ExpertFactory(name="J. Keller", slug="j-keller")
    ExpertAliasFactory(expert=duplicate, name="KELLER")
    stance = StanceFactory(expert=duplicate)
    response = editor_client.post(
        reverse("expert-merge", args=[keep.slug]), {"duplicate": duplicate.pk}
    )
    assert response.status_code == 302
    stance.refresh_from_db()
    assert stance.expert == keep
    assert set(keep.aliases.values_list("name", flat=True)) == {"J. Keller", "KELLER"}
    assert not Expert.objects.filter(pk=duplicate.pk).exists()
    assert Expert.history.filter(id=duplicate.pk, history_type="-").exists()
    assert stance.history.latest().expert_id == keep.pk


def test_an_editor_creates_an_organisation_and_proposes_an_edit(editor_client, db):
    editor_client.post(
        reverse("organisation-new"),
        {"name": "Rhine Institute", "country": "Germany", "kind": "think-tank"},
    )
    org = Organisation.objects.get(name="Rhine Institute")
    editor_client.post(
        reverse("organisation-edit", args=[org.pk]),
        {"name": "Rhine Institute", "country": "Europe", "kind": "think-tank"},
    )
    org.refresh_from_db()
    assert org.country == "Germany"
    assert org.history.count() == 1
    assert PeopleChange.objects.get(organisation=org).proposed == {"country": "Europe"}


@pytest.mark.parametrize("url_name", ["expert-new", "organisation-new"])
def test_viewers_may_not_create_people(viewer_client, db, url_name):
    assert viewer_client.post(reverse(url_name), {"name": "X"}).status_code == 403


def test_it_requires_login(client, db):
    assert client.get(reverse("expert-new"))["Location"].startswith(reverse("login"))
