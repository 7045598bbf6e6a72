"""Decks: built and reordered in the browser, stepped through, shared read-only and revocable."""

import csv
import io

import pytest
from django.http import QueryDict
from django.urls import reverse

from corpus.models import Deck, DeckSlide, SavedView
from dashboard.csv_export import SOURCE_COLUMNS
from dashboard.pptx_export import EVIDENCE_ROWS
from dashboard.slides import build_slide
from tests.factories import ExpertFactory, IssueFactory, StanceFactory, UserFactory
from tests.htmx import HTMX


@pytest.fixture
def deck(presenter):
    deck = Deck.objects.create(title="Briefing", created_by=presenter)
    for n in range(3):
        deck.add(
            SavedView.objects.create(title=f"View {n + 1}", kind="overview", created_by=presenter)
        )
    return deck


def titles(deck):
    return list(deck.slides.values_list("saved_view__title", flat=True))


def test_slide_has_its_own_url_and_a_counter(viewer_client, deck):
    html = viewer_client.get(reverse("deck-slide", args=[deck.pk, 2])).content.decode()
    assert "View 2" in html
    assert ">2 / 3<" in html
    assert f'data-prev="/decks/{deck.pk}/1/"' in html
    assert f'data-next="/decks/{deck.pk}/3/"' in html
    assert f'data-exit="/decks/{deck.pk}/"' in html


def test_slide_beyond_the_deck_is_404(viewer_client, deck):
    assert viewer_client.get(reverse("deck-slide", args=[deck.pk, 4])).status_code == 404


def test_moving_a_slide_up_reorders_and_returns_the_list_fragment(presenter_client, deck):
    third = deck.slides.get(position=3)
    response = presenter_client.post(
        reverse("deck-move", args=[deck.pk, third.pk]),
        {"direction": "up", "version": deck.current_version()},
        headers=HTMX,
    )
    assert response.content.decode().lstrip().startswith('<section id="deck-slides"')
    assert titles(deck) == ["View 1", "View 3", "View 2"]


def test_removing_a_slide_renumbers_the_rest(presenter_client, deck):
    first = deck.slides.get(position=1)
    presenter_client.post(reverse("deck-remove", args=[deck.pk, first.pk]), headers=HTMX)
    assert list(deck.slides.values_list("position", flat=True)) == [1, 2]
    assert titles(deck) == ["View 2", "View 3"]


def test_adding_a_saved_view_appends_it(presenter_client, deck):
    extra = SavedView.objects.create(title="Extra", kind="scenarios")
    presenter_client.post(
        reverse("deck-add", args=[deck.pk]), {"saved_view": extra.pk}, headers=HTMX
    )
    assert titles(deck)[-1] == "Extra"


def test_deck_changes_require_login(client, deck):
    first = deck.slides.get(position=1)
    response = client.post(reverse("deck-remove", args=[deck.pk, first.pk]))
    assert response.status_code == 302
    assert deck.slides.count() == 3


def test_deck_changes_require_a_role(client, stranger, deck):
    client.force_login(stranger)
    first = deck.slides.get(position=1)
    response = client.post(reverse("deck-remove", args=[deck.pk, first.pk]))
    assert response.status_code == 403
    assert deck.slides.count() == 3


def test_deck_move_refuses_get(presenter_client, deck):
    first = deck.slides.get(position=1)
    assert presenter_client.get(reverse("deck-move", args=[deck.pk, first.pk])).status_code == 405


def test_creating_a_deck(presenter_client, db):
    response = presenter_client.post(reverse("decks"), {"title": "Monday"})
    deck = Deck.objects.get(title="Monday")
    assert response["Location"] == deck.get_absolute_url()


def test_share_link_needs_no_login(client, presenter_client, deck):
    presenter_client.post(reverse("deck-share", args=[deck.pk]))
    deck.refresh_from_db()
    assert len(deck.share_token) >= 40
    client.logout()
    response = client.get(reverse("shared-slide", args=[deck.share_token, 1]))
    assert response.status_code == 200
    assert ">1 / 3<" in response.content.decode()


def test_revoked_share_link_answers_404(client, presenter_client, deck):
    token = deck.share()
    presenter_client.post(reverse("deck-revoke", args=[deck.pk]))
    assert client.get(reverse("shared", args=[token])).status_code == 404
    assert client.get(reverse("shared-slide", args=[token, 1])).status_code == 404


def test_unknown_share_token_answers_404(client, db):
    assert client.get(reverse("shared-slide", args=["not-a-token", 1])).status_code == 404


def test_share_link_never_shows_drafts(client, db):
    issue = IssueFactory(slug="hot")
    StanceFactory(issue=issue, expert=ExpertFactory(name="Published Person"))
    StanceFactory(issue=issue, expert=ExpertFactory(name="Draft Person"), status="draft")
    deck = Deck.objects.create(title="Shared")
    deck.add(SavedView.objects.create(title="Hot issue", kind="issue", target="hot"))
    deck.add(SavedView.objects.create(title="Matrix", kind="overview"))
    token = deck.share()
    for number in (1, 2):
        html = client.get(reverse("shared-slide", args=[token, number])).content.decode()
        assert "Draft Person" not in html
    assert (
        "Published Person" in client.get(reverse("shared-slide", args=[token, 2])).content.decode()
    )
    assert "Draft Person" not in client.get(reverse("shared-print", args=[token])).content.decode()


def test_shared_slide_has_no_speaker_notes(client, deck):
    token = deck.share()
    html = client.get(reverse("shared-slide", args=[token, 1])).content.decode()
    assert "Speaker notes" not in html


def test_notes_page_shows_the_note(viewer_client, deck):
    view = deck.slides.get(position=2).saved_view
    view.note = "Stress the trend <b>since 2022</b>."
    view.save()
    html = viewer_client.get(reverse("deck-notes", args=[deck.pk, 2])).content.decode()
    assert "Stress the trend &lt;b&gt;since 2022&lt;/b&gt;." in html


def test_print_handout_has_every_slide(viewer_client, deck):
    html = viewer_client.get(reverse("deck-print", args=[deck.pk])).content.decode()
    assert html.count('<section class="slide"') == 3


def test_saved_view_in_a_deck_cannot_be_deleted(presenter_client, deck):
    view = deck.slides.first().saved_view
    response = presenter_client.post(reverse("delete-saved-view", args=[view.pk]))
    assert response.status_code == 409
    assert SavedView.objects.filter(pk=view.pk).exists()
    assert DeckSlide.objects.count() == 3


# --- Building a deck: reordered whole or a step at a time, never over an order changed in
# another tab; added from the save confirmation and the saved-views list; shares confirmed.


def slide_pks(deck):
    return list(deck.slides.values_list("pk", flat=True))


# --- Reordering ---


def test_a_reorder_puts_the_slides_in_the_order_sent(presenter_client, deck):
    first, second, third = slide_pks(deck)
    response = presenter_client.post(
        reverse("deck-reorder", args=[deck.pk]),
        {"order": f"{third},{first},{second}", "moved": third, "version": deck.current_version()},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert titles(deck) == ["View 3", "View 1", "View 2"]
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="deck-slides"')
    assert "Moved “View 3” to slide 1 of 3." in html


def test_the_answer_carries_the_new_orders_version(presenter_client, deck):
    first, second, third = slide_pks(deck)
    response = presenter_client.post(
        reverse("deck-reorder", args=[deck.pk]),
        {"order": f"{second},{first},{third}", "version": deck.current_version()},
        headers=HTMX,
    )
    assert f'data-version="{deck.current_version()}"' in response.content.decode()
    assert deck.current_version() != Deck.order_version([first, second, third])


def test_a_reorder_from_a_stale_page_changes_nothing_and_says_why(presenter_client, deck):
    first, second, third = slide_pks(deck)
    stale = deck.current_version()
    # Another tab moves slide 3 to the top first.
    deck.reorder([third, first, second])
    response = presenter_client.post(
        reverse("deck-reorder", args=[deck.pk]),
        {"order": f"{second},{first},{third}", "version": stale},
        headers=HTMX,
    )
    assert response.status_code == 409
    assert titles(deck) == ["View 3", "View 1", "View 2"]
    html = response.content.decode()
    assert "order was changed elsewhere" in html
    # The current order, to make the change again on.
    assert html.index("View 3") < html.index("View 1") < html.index("View 2")


def test_a_move_from_a_stale_page_changes_nothing(presenter_client, deck):
    first, second, third = slide_pks(deck)
    stale = deck.current_version()
    deck.reorder([third, first, second])
    response = presenter_client.post(
        reverse("deck-move", args=[deck.pk, second]),
        {"direction": "up", "version": stale},
        headers=HTMX,
    )
    assert response.status_code == 409
    assert titles(deck) == ["View 3", "View 1", "View 2"]


def test_a_move_without_the_pages_version_is_a_400(presenter_client, deck):
    second = slide_pks(deck)[1]
    response = presenter_client.post(
        reverse("deck-move", args=[deck.pk, second]), {"direction": "up"}, headers=HTMX
    )
    assert response.status_code == 400
    assert "version" in response.content.decode()
    assert titles(deck) == ["View 1", "View 2", "View 3"]


def test_a_move_says_where_the_slide_went(presenter_client, deck):
    second = slide_pks(deck)[1]
    response = presenter_client.post(
        reverse("deck-move", args=[deck.pk, second]),
        {"direction": "down", "version": deck.current_version()},
        headers=HTMX,
    )
    assert "Moved “View 2” to slide 3 of 3." in response.content.decode()


@pytest.mark.parametrize("order", ["first-only", "with-a-stranger", "twice", "not-numbers", ""])
def test_a_reorder_that_is_not_the_decks_slides_is_a_400(presenter_client, deck, order):
    first, second, third = slide_pks(deck)
    sent = {
        "first-only": f"{first}",
        "with-a-stranger": f"{first},{second},{third},99999",
        "twice": f"{first},{first},{second}",
        "not-numbers": f"{first},²,{third}",
        "": "",
    }[order]
    response = presenter_client.post(
        reverse("deck-reorder", args=[deck.pk]),
        {"order": sent, "version": deck.current_version()},
        headers=HTMX,
    )
    assert response.status_code == 400
    assert "order" in response.content.decode()
    assert titles(deck) == ["View 1", "View 2", "View 3"]


# --- The deck page updates in place ---


def test_adding_the_first_slide_brings_the_present_link(presenter_client, presenter):
    empty = Deck.objects.create(title="Empty", created_by=presenter)
    view = SavedView.objects.create(title="Matrix", kind="overview")
    page = presenter_client.get(reverse("deck", args=[empty.pk])).content.decode()
    assert "Present from slide 1" not in page
    fragment = presenter_client.post(
        reverse("deck-add", args=[empty.pk]), {"saved_view": view.pk}, headers=HTMX
    ).content.decode()
    assert fragment.lstrip().startswith('<section id="deck-slides"')
    assert f'href="{reverse("deck-slide", args=[empty.pk, 1])}" id="present-deck"' in fragment
    assert "Added “Matrix” as slide 1." in fragment


def test_up_down_and_remove_are_post_buttons_with_csrf(presenter_client, deck):
    fragment = presenter_client.get(reverse("deck", args=[deck.pk]), headers=HTMX)
    html = fragment.content.decode()
    second = slide_pks(deck)[1]
    for url in (
        reverse("deck-move", args=[deck.pk, second]),
        reverse("deck-remove", args=[deck.pk, second]),
    ):
        form = html[html.index(f'<form method="post" action="{url}"') :]
        form = form[: form.index("</form>")]
        assert f'hx-post="{url}"' in form
        assert 'name="csrfmiddlewaretoken"' in form
        assert '<button class="button small" type="submit"' in form


def test_the_deck_page_offers_drag_handles_and_its_script_to_the_owner_only(
    client, presenter, deck
):
    client.force_login(presenter)
    html = client.get(reverse("deck", args=[deck.pk])).content.decode()
    assert html.count('class="drag-handle"') == 3
    assert "/static/js/deck.js" in html
    client.force_login(UserFactory(username="other-presenter", role="presenter"))
    html = client.get(reverse("deck", args=[deck.pk])).content.decode()
    assert "drag-handle" not in html
    assert 'id="reorder-form"' not in html


# --- From the save confirmation and the saved-views list ---


def test_saving_a_view_confirms_and_offers_the_users_decks(presenter_client, presenter, deck):
    someone_elses = Deck.objects.create(
        title="Not yours", created_by=UserFactory(username="o", role="presenter")
    )
    response = presenter_client.post(
        reverse("save-view"), {"kind": "scenarios", "title": "Board for Tuesday"}, follow=True
    )
    saved = SavedView.objects.get(title="Board for Tuesday")
    assert response.redirect_chain[-1][0] == f"{reverse('saved-views')}?saved={saved.pk}"
    html = response.content.decode()
    assert "Saved “Board for Tuesday”: add it to a deck below, or present it." in html
    confirm = html[html.index('id="saved-confirm"') :]
    confirm = confirm[: confirm.index("</section>")]
    assert f'<option value="{deck.pk}">Briefing</option>' in confirm
    assert someone_elses.title not in confirm
    assert 'name="new_deck"' in confirm


def test_adding_from_the_saved_views_puts_the_view_last_and_links_the_deck(presenter_client, deck):
    view = SavedView.objects.create(title="Extra", kind="scenarios")
    response = presenter_client.post(
        reverse("add-to-deck"), {"saved_view": view.pk, "deck": deck.pk}, follow=True
    )
    assert titles(deck) == ["View 1", "View 2", "View 3", "Extra"]
    html = response.content.decode()
    assert f'Added “Extra” to <a href="{deck.get_absolute_url()}">Briefing</a> as slide 4.' in html


def test_adding_a_view_already_in_the_deck_adds_nothing(presenter_client, deck):
    view = deck.slides.first().saved_view
    response = presenter_client.post(
        reverse("add-to-deck"), {"saved_view": view.pk, "deck": deck.pk}, follow=True
    )
    assert deck.slides.count() == 3
    assert "“View 1” is already a slide in “Briefing”." in response.content.decode()


def test_a_new_deck_can_start_from_a_saved_view(presenter_client, presenter):
    view = SavedView.objects.create(title="Matrix", kind="overview")
    presenter_client.post(reverse("add-to-deck"), {"saved_view": view.pk, "new_deck": "Friday"})
    made = Deck.objects.get(title="Friday")
    assert made.created_by == presenter
    assert titles(made) == ["Matrix"]


def test_a_deck_title_too_long_is_a_400_naming_the_field(presenter_client, db):
    view = SavedView.objects.create(title="Matrix", kind="overview")
    response = presenter_client.post(
        reverse("add-to-deck"), {"saved_view": view.pk, "new_deck": "x" * 201}
    )
    assert response.status_code == 400
    assert "New deck title" in response.content.decode()
    assert not Deck.objects.exists()


@pytest.mark.parametrize("field", ["saved_view", "deck"])
def test_adding_with_a_choice_that_is_not_a_number_is_a_400(presenter_client, deck, field):
    view = SavedView.objects.create(title="Extra", kind="scenarios")
    data = {"saved_view": view.pk, "deck": deck.pk, field: "1; drop"}
    response = presenter_client.post(reverse("add-to-deck"), data)
    assert response.status_code == 400
    assert field in response.content.decode()
    assert deck.slides.count() == 3


def test_each_saved_view_row_offers_the_users_decks(presenter_client, deck):
    SavedView.objects.create(title="Extra", kind="scenarios")
    html = presenter_client.get(reverse("saved-views")).content.decode()
    # Four saved views, each with its own "Add to deck" form.
    assert html.count('class="add-to-deck"') == 4
    assert 'id="saved-confirm"' not in html


def test_a_viewer_sees_no_add_to_deck(viewer_client, deck):
    html = viewer_client.get(reverse("saved-views")).content.decode()
    assert "add-to-deck" not in html


# --- Share links ---


def test_revoking_asks_first_and_then_confirms(presenter_client, deck):
    deck.share()
    page = presenter_client.get(reverse("deck", args=[deck.pk])).content.decode()
    assert 'data-confirm="Revoke the share link?' in page
    response = presenter_client.post(reverse("deck-revoke", args=[deck.pk]), follow=True)
    assert "Share link revoked" in response.content.decode()
    deck.refresh_from_db()
    assert deck.share_token is None


def test_sharing_confirms(presenter_client, deck):
    response = presenter_client.post(reverse("deck-share", args=[deck.pk]), follow=True)
    assert "Share link created" in response.content.decode()


def test_a_deck_presented_at_4_3_stays_at_4_3_from_slide_to_slide(viewer_client, deck):
    html = viewer_client.get(
        reverse("deck-slide", args=[deck.pk, 2]), {"ratio": "4:3"}
    ).content.decode()
    assert "ratio-4x3" in html
    assert f'data-prev="/decks/{deck.pk}/1/?ratio=4:3"' in html
    assert f'data-next="/decks/{deck.pk}/3/?ratio=4:3"' in html
    listing = viewer_client.get(deck.get_absolute_url()).content.decode()
    assert f'href="/decks/{deck.pk}/1/?ratio=4:3" id="present-deck-4x3"' in listing


# --- Evidence slides in a presented deck (optional; the handout always has them) ---


@pytest.fixture
def ukraine_deck(presenter, seeded):
    deck = Deck.objects.create(title="Evidence", created_by=presenter)
    deck.add(SavedView.objects.create(title="Ukraine", kind="issue", target="ukraine"))
    deck.add(SavedView.objects.create(title="Board", kind="scenarios"))
    return deck


def test_a_slide_can_bring_its_evidence_slides_into_the_deck(presenter_client, ukraine_deck):
    first = ukraine_deck.slides.get(position=1)
    assert (
        ">1 / 2<"
        in presenter_client.get(reverse("deck-slide", args=[ukraine_deck.pk, 1])).content.decode()
    )
    fragment = presenter_client.post(
        reverse("deck-evidence", args=[ukraine_deck.pk, first.pk]), headers=HTMX
    ).content.decode()
    assert "“Ukraine” is now followed by its evidence slides." in fragment
    assert 'aria-pressed="true"' in fragment
    evidence = presenter_client.get(
        reverse("deck-slide", args=[ukraine_deck.pk, 2])
    ).content.decode()
    assert "Evidence: Ukraine" in evidence
    assert "numbered as on the slide" in evidence
    assert "evidence-table" in evidence
    # Six footnotes to an evidence slide, then the board.
    footnotes = len(build_slide("issue", "ukraine", QueryDict()).evidence)
    parts = -(-footnotes // EVIDENCE_ROWS)
    assert parts >= 2
    assert f"of {footnotes}, numbered as on the slide" in evidence
    assert f"+ {parts} evidence slides" in fragment
    last = presenter_client.get(reverse("deck-slide", args=[ukraine_deck.pk, parts + 2]))
    assert f">{parts + 2} / {parts + 2}<" in last.content.decode()
    assert 'id="slide-title"><bdi>Board</bdi>' in last.content.decode()


def test_the_evidence_slide_exports_its_footnotes_as_csv(presenter_client, ukraine_deck):
    first = ukraine_deck.slides.get(position=1)
    ukraine_deck.toggle_evidence(first)
    response = presenter_client.get(
        reverse("deck-slide", args=[ukraine_deck.pk, 2]), {"export": "csv"}
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["footnote", "expert", "stated", "quote", *SOURCE_COLUMNS]
    assert rows[1][0] == "1" and rows[1][3] and rows[1][4]


def test_evidence_slides_are_off_again_with_a_second_press(presenter_client, ukraine_deck):
    first = ukraine_deck.slides.get(position=1)
    ukraine_deck.toggle_evidence(first)
    fragment = presenter_client.post(
        reverse("deck-evidence", args=[ukraine_deck.pk, first.pk]), headers=HTMX
    ).content.decode()
    assert "no longer followed by its evidence slides" in fragment
    html = presenter_client.get(reverse("deck-slide", args=[ukraine_deck.pk, 2])).content.decode()
    assert "Evidence: Ukraine" not in html


def test_a_shared_deck_lists_and_presents_the_evidence_slides(client, ukraine_deck):
    ukraine_deck.toggle_evidence(ukraine_deck.slides.get(position=1))
    token = ukraine_deck.share()
    landing = client.get(reverse("shared", args=[token])).content.decode()
    assert "<bdi>Ukraine</bdi> (evidence, 1)</a>" in landing
    html = client.get(reverse("shared-slide", args=[token, 2])).content.decode()
    assert "Evidence: Ukraine" in html
