import pytest
from django.urls import reverse

from tests.factories import ExpertFactory, SourceFactory, StanceFactory


def test_it_requires_login(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_can_be_opened_to_public_read_only_access(client, db, settings):
    settings.VANTAGE_PUBLIC_READ = True
    assert client.get(reverse("home")).status_code == 200


def test_it_shows_the_seeded_record_counts(viewer_client, seeded):
    response = viewer_client.get(reverse("home"))
    text = response.content.decode()
    assert "<strong>5</strong> sources" in text
    assert "<strong>5</strong> issues" in text
    assert "<strong>5</strong> scenarios" in text
    assert "China and Russia: A deepening partnership?" in text
    assert "Maria Repnikova" in text


def _page(client):
    return client.get(reverse("home"))


@pytest.mark.parametrize("size", [2, 20])
def test_it_keeps_query_count_flat(viewer_client, django_assert_num_queries, size):
    for _ in range(size):
        StanceFactory(expert=ExpertFactory(), source=SourceFactory())
    # session, user, sources, experts, issues, scenarios, two counts
    with django_assert_num_queries(8):
        response = _page(viewer_client)
    assert response.status_code == 200
