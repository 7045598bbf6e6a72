"""Table slides that hold more experts than fit continue on further slides, everywhere."""

import pytest
from django.urls import reverse

from corpus.models import Deck, SavedView
from tests.factories import ExpertFactory, ScenarioAssessmentFactory, ScenarioFactory


def test_overview_slide_says_which_experts_it_shows(viewer_client, seeded):
    html = viewer_client.get(reverse("present-overview")).content.decode()
    assert "experts 1–10 of 15" in html
    assert 'data-next="?page=2"' in html


def test_overview_slide_continues_with_the_rest(viewer_client, seeded):
    html = viewer_client.get(reverse("present-overview"), {"page": "2"}).content.decode()
    assert "experts 11–15 of 15" in html
    assert "Zhao Long" in html
    assert 'data-prev="?page=1"' in html and 'data-next=""' in html


def test_a_deck_presents_every_page_of_a_continued_slide(viewer_client, seeded):
    deck = Deck.objects.create(title="Briefing")
    deck.add(SavedView.objects.create(title="Who says what", kind="overview"))
    deck.add(SavedView.objects.create(title="Ukraine", kind="issue", target="ukraine"))
    second = viewer_client.get(reverse("deck-slide", args=[deck.pk, 2])).content.decode()
    assert "experts 11–15 of 15" in second and ">2 / 3<" in second
    third = viewer_client.get(reverse("deck-slide", args=[deck.pk, 3])).content.decode()
    assert 'id="slide-title"><bdi>Ukraine</bdi><' in third
    listing = viewer_client.get(deck.get_absolute_url()).content.decode()
    assert f'href="/decks/{deck.pk}/3/"' in listing and "continues on 2 slides" in listing


def test_the_handout_prints_every_page(viewer_client, seeded):
    deck = Deck.objects.create(title="Briefing")
    deck.add(SavedView.objects.create(title="Who says what", kind="overview"))
    html = viewer_client.get(reverse("deck-print", args=[deck.pk])).content.decode()
    assert "experts 1–10 of 15" in html and "experts 11–15 of 15" in html
    assert html.count('<section class="slide"') == 2  # and their evidence slides after each


def test_a_saved_view_keeps_its_filters_but_not_the_page(presenter_client, seeded):
    html = presenter_client.get(reverse("present-overview"), {"page": "2"}).content.decode()
    assert 'name="query" value=""' in html


@pytest.fixture
def ten_assessors(db):
    scenario = ScenarioFactory(title="Alliance")
    for n in range(10):
        ScenarioAssessmentFactory(scenario=scenario, expert=ExpertFactory(name=f"Assessor {n:02}"))


def test_a_scenario_board_of_more_experts_than_fit_continues_on_a_second_slide(
    viewer_client, ten_assessors
):
    first = viewer_client.get(reverse("present-scenarios")).content.decode()
    assert "experts 1–9 of 10" in first and 'data-next="?page=2"' in first
    second = viewer_client.get(reverse("present-scenarios"), {"page": "2"}).content.decode()
    assert "experts 10–10 of 10" in second
    deck = Deck.objects.create(title="Futures")
    deck.add(SavedView.objects.create(title="Board", kind="scenarios"))
    assert ">2 / 2<" in viewer_client.get(reverse("deck-slide", args=[deck.pk, 2])).content.decode()


def test_a_scenario_page_number_that_is_not_ascii_digits_shows_the_first(
    viewer_client, ten_assessors
):
    response = viewer_client.get(reverse("present-scenarios"), {"page": "²"})
    assert response.status_code == 200
    assert "experts 1–9 of 10" in response.content.decode()
