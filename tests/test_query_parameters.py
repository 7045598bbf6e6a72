"""Query parameters: every page reads them through a form, and a bad one answers 400 saying
which field and why, never a server error (on SQLite and PostgreSQL alike)."""

import pytest
from django.urls import reverse

from corpus.models import Deck, SavedView
from tests.factories import ExpertFactory, IssueFactory, SourceFactory, StanceFactory

pytestmark = pytest.mark.django_db

FAR_FUTURE = {"as_of": "9999-12-31"}


@pytest.fixture
def stance():
    return StanceFactory(
        expert=ExpertFactory(slug="bonny-lin"), issue=IssueFactory(slug="alignment")
    )


@pytest.fixture
def says(caplog):
    """Whether an answer gives these words as its reason: on its page, or raised as BadRequest
    for the error page, whose message Django also logs."""

    def check(response, *words) -> bool:
        text = response.content.decode() + caplog.text
        return all(word in text for word in words)

    return check


@pytest.mark.parametrize(
    "url",
    [
        reverse("overview"),
        reverse("cell-quotes", args=["bonny-lin", "alignment"]),
        reverse("issue", args=["alignment"]),
        reverse("present-overview"),
        reverse("present-issue", args=["alignment"]),
        reverse("stances-csv"),
        reverse("stances-json"),
    ],
)
def test_an_as_of_date_past_2100_is_a_bad_request_naming_the_field(
    viewer_client, stance, url, says
):
    response = viewer_client.get(url, FAR_FUTURE)
    assert response.status_code == 400
    assert says(response, "As of", "2100-12-31")


def test_an_as_of_date_past_2100_is_refused_by_the_chart_data(viewer_client, stance):
    response = viewer_client.get(reverse("issue-chart-data", args=["alignment"]), FAR_FUTURE)
    assert response.status_code == 400
    assert "as_of" in response.json()["errors"]


def test_a_date_before_1900_is_refused(viewer_client, stance, says):
    response = viewer_client.get(reverse("overview"), {"date_from": "0001-01-01"})
    assert response.status_code == 400
    assert says(response, "Stated from", "1900-01-01")


def test_a_view_holding_a_bad_date_cannot_be_saved(presenter_client, stance, says):
    data = {"kind": "overview", "query": "as_of=9999-12-31", "title": "Far future"}
    response = presenter_client.post(reverse("save-view"), data)
    assert response.status_code == 400
    assert says(response, "As of", "2100-12-31")
    assert not SavedView.objects.exists()


def _deck_holding(query: str) -> Deck:
    deck = Deck.objects.create(title="Briefing")
    deck.add(SavedView.objects.create(title="Broken", kind="overview", query=query))
    deck.add(SavedView.objects.create(title="Fine", kind="scenarios"))
    return deck


def test_a_saved_view_holding_a_bad_date_shows_why_as_a_slide(viewer_client, stance, says):
    deck = _deck_holding("as_of=9999-12-31")
    response = viewer_client.get(reverse("deck-slide", args=[deck.pk, 1]))
    assert response.status_code == 400
    assert says(response, "As of", "2100-12-31")


def test_a_saved_view_holding_a_bad_date_leaves_the_printed_deck_whole(viewer_client, stance):
    deck = _deck_holding("as_of=9999-12-31")
    assert viewer_client.get(reverse("deck-print", args=[deck.pk])).status_code == 200
    token = deck.share()
    assert viewer_client.get(reverse("shared-print", args=[token])).status_code == 200


def test_the_scenario_board_refuses_page_zero(viewer_client, db):
    response = viewer_client.get(reverse("scenarios"), {"page": "0"})
    assert response.status_code == 400


def test_a_page_past_the_end_shows_the_last_page(viewer_client, stance, says):
    response = viewer_client.get(reverse("overview"), {"page": "99999999"})
    assert response.status_code == 200
    assert says(response, "bonny-lin")


def test_a_cell_that_is_not_two_slugs_is_a_bad_request(viewer_client, stance, says):
    response = viewer_client.get(reverse("overview"), {"cell": "bad slug:x"})
    assert response.status_code == 400
    assert says(response, "expert-slug:issue-slug")


def test_a_nul_in_the_cell_is_a_bad_request(viewer_client, stance):
    response = viewer_client.get(reverse("overview"), {"cell": "\x00:x"})
    assert response.status_code == 400


def test_a_nul_in_the_compared_experts_is_a_bad_request(viewer_client, stance, says):
    response = viewer_client.get(reverse("compare"), {"experts": "\x00"})
    assert response.status_code == 400
    assert says(response, "letters, digits, hyphens")


def test_a_nul_in_a_compare_slide_is_a_bad_request(viewer_client, stance, says):
    response = viewer_client.get(reverse("present-compare"), {"experts": "bonny-lin\x00,b"})
    assert response.status_code == 400
    assert says(response, "letters, digits, hyphens")


def test_a_nul_in_the_new_stance_issue_is_a_bad_request(editor_client, stance):
    source = SourceFactory()
    response = editor_client.get(reverse("stance-new", args=[source.pk]), {"issue": "\x00"})
    assert response.status_code == 400
