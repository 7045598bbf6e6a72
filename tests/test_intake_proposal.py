"""The proposal screen: every speaker label, Vantage's proposal, one confirmation."""

import html as html_lib

import pytest
from django.urls import reverse

from corpus.models import Expert, ExpertAlias, Organisation, PendingSource, Source
from corpus.proposal import propose
from tests.editing_support import db_state
from tests.factories import ExpertFactory, OrganisationFactory, UserFactory
from tests.intake.documents import COLON_PANEL
from tests.intake.helpers import accept

SURNAMES_ONLY = (
    "Roundtable\n\nVOSS: The partnership is deep.\n\nKELLER: It will fray.\n\nVOSS: Still deep.\n"
)


def _post(client, text, **changes):
    data = {
        "title": "A panel",
        "publisher": "Lindqvist Forum",
        "kind": "transcript",
        "published": "2025-02",
        "url": "",
        "layout": "auto",
        "text": text,
    } | changes
    return client.post(reverse("source-new"), data)


def _screen(client):
    pending = PendingSource.objects.latest("pk")
    return client.get(reverse("source-proposal", args=[pending.pk])).content.decode()


def test_the_upload_leads_to_the_proposal_screen_and_writes_no_source(editor_client, db):
    response = _post(editor_client, COLON_PANEL.text())
    pending = PendingSource.objects.get()
    assert response["Location"] == reverse("source-proposal", args=[pending.pk])
    assert not Source.objects.exists()


def test_the_screen_shows_each_label_its_turns_and_the_participants_details(editor_client, db):
    _post(editor_client, COLON_PANEL.text())
    page = html_lib.unescape(_screen(editor_client))
    assert 'data-label="ORLOWSKI"' in page
    assert "New: <bdi>Tomasz Orlowski</bdi></strong>, <bdi>Senior Fellow</bdi>" in page
    assert "<bdi>Vistula Institute</bdi> (<bdi>Poland</bdi>)" in page
    assert "Holds no views" in page  # the chair and the audience


def test_accept_all_writes_experts_aliases_organisations_and_passages(editor_client, editor, db):
    _post(editor_client, COLON_PANEL.text())
    accept(editor_client)
    source = Source.objects.get()
    tomasz = Expert.objects.get(name="Tomasz Orlowski")
    assert tomasz.organisation.name == "Vistula Institute"
    assert tomasz.organisation.country == "Poland"
    assert tomasz.role == "Senior Fellow"
    # "Orlowski" is the same alias in another case; titles are ignored when names match.
    assert list(tomasz.aliases.values_list("name", flat=True)) == ["ORLOWSKI"]
    assert tomasz.history.get().history_user == editor
    first = source.passages.get(text__startswith="Frankly it is an alliance")
    assert (first.expert, first.speaker_label) == (tomasz, "ORLOWSKI")
    assert not Expert.objects.filter(name__icontains="Marsh").exists()
    assert not PendingSource.objects.exists()


def test_the_next_document_from_the_same_people_matches_them(editor_client, db):
    _post(editor_client, COLON_PANEL.text())
    accept(editor_client)
    again = "Follow-up\n\nORLOWSKI: Frankly the alliance has deepened since.\n"
    _post(editor_client, again, title="Follow-up")
    assert "<bdi>Tomasz Orlowski</bdi></strong> (in the record)" in _screen(editor_client)


def test_a_surname_shared_with_someone_else_in_the_record_is_a_new_person(editor_client, db):
    ExpertFactory(name="Daniel Orlowski", slug="daniel-orlowski")
    _post(editor_client, COLON_PANEL.text())
    accept(editor_client)
    assert Expert.objects.filter(name="Tomasz Orlowski").exists()
    assert not Expert.objects.get(name="Daniel Orlowski").passages.exists()


def test_an_existing_expert_is_proposed_with_the_evidence(editor_client, db):
    org = OrganisationFactory(name="Gulf of Guinea Policy Centre")
    amara = ExpertFactory(name="Amara Okafor", slug="amara-okafor", organisation=org)
    _post(editor_client, COLON_PANEL.text())
    page = html_lib.unescape(_screen(editor_client))
    assert "full name “Amara Okafor” matches (Gulf of Guinea Policy Centre)" in page
    accept(editor_client)
    assert Expert.objects.filter(name="Amara Okafor").count() == 1
    assert amara.aliases.filter(name="OKAFOR").exists()


def test_a_surname_alone_matching_the_record_is_a_choice_the_editor_must_make(editor_client, db):
    ExpertFactory(name="Marta Voss", slug="marta-voss")
    _post(editor_client, SURNAMES_ONLY)
    assert "Your choice is needed" in _screen(editor_client)
    before = db_state()
    response = accept(editor_client)
    assert response.status_code == 200
    assert "the surname alone is not enough" in html_lib.unescape(response.content.decode())
    assert db_state() == before


def test_the_editor_changes_one_row_and_confirms_once(editor_client, db):
    marta = ExpertFactory(name="Marta Voss", slug="marta-voss")
    _post(editor_client, SURNAMES_ONLY)
    accept(
        editor_client,
        **{
            "s0-action": "existing",
            "s0-expert": marta.pk,
            "s1-name": "Jonas Keller",
            "s1-new_organisation": "Rhine Institute",
            "s1-new_country": "Germany",
        },
    )
    source = Source.objects.get()
    assert source.passages.filter(expert=marta).count() == 2
    jonas = Expert.objects.get(name="Jonas Keller")
    assert (jonas.organisation.name, jonas.organisation.country) == ("Rhine Institute", "Germany")
    assert ExpertAlias.objects.filter(expert=marta, name="VOSS").exists()


def test_picking_an_existing_expert_without_naming_one_is_an_error(editor_client, db):
    _post(editor_client, SURNAMES_ONLY)
    before = db_state()
    response = accept(editor_client, **{"s0-action": "existing", "s0-expert": ""})
    assert "Choose the expert this speaker is." in response.content.decode()
    assert db_state() == before


def test_a_label_holding_markup_is_escaped(editor_client, db):
    _post(editor_client, "T\n\n<b>EVIL</b>: hello there.\n\n<b>EVIL</b>: again.\n")
    page = _screen(editor_client)
    assert "<b>EVIL</b>" not in page


def test_only_the_uploader_sees_their_pending_source(client, editor_client, db):
    _post(editor_client, COLON_PANEL.text())
    pending = PendingSource.objects.get()
    client.force_login(UserFactory(username="other-editor", role="editor"))
    assert client.get(reverse("source-proposal", args=[pending.pk])).status_code == 404


@pytest.mark.parametrize("role", ["viewer", "stranger"])
def test_only_editors_reach_the_proposal_screen(client, db, role, request):
    user = request.getfixturevalue(role)
    client.force_login(user)
    assert client.get(reverse("source-proposal", args=[1])).status_code == 403


def test_organisation_in_the_record_is_reused(editor_client, db):
    OrganisationFactory(name="Vistula Institute", country="Poland")
    _post(editor_client, COLON_PANEL.text())
    accept(editor_client)
    assert Organisation.objects.filter(name="Vistula Institute").count() == 1


def test_a_later_author_line_completes_the_bylines_author(db):
    text = (
        "Partners of necessity\n\nWritten by Anika Rao and Jonas Berg\n\n"
        "Author: Anika Rao, Senior Fellow, Delhi Centre for Eurasian Studies\n\n"
        "The partnership is often misread in Europe as an alliance.\n"
    )
    rao = next(s for s in propose(text).speakers if s.name == "Anika Rao")
    assert (rao.proposal, rao.role, rao.organisation) == (
        "new",
        "Senior Fellow",
        "Delhi Centre for Eurasian Studies",
    )
