"""The compare picker's browse list: experts grouped by country and organisation."""

import pytest
from django.urls import reverse

from tests.factories import ExpertFactory, OrganisationFactory
from tests.htmx import HTMX


@pytest.fixture
def people(db):
    chatham = OrganisationFactory(name="Chatham House", country="United Kingdom")
    carnegie = OrganisationFactory(name="Carnegie Moscow", country="Russia")
    ExpertFactory(name="Zed Analyst", slug="zed", organisation=chatham)
    ExpertFactory(name="Amy Analyst", slug="amy", organisation=chatham)
    ExpertFactory(name="Ivan Analyst", slug="ivan", organisation=carnegie)
    OrganisationFactory(name="Empty Institute", country="Norway")


def _compare(client, **params):
    return client.get(reverse("compare"), params).content.decode()


def test_it_lists_organisations_grouped_by_country(viewer_client, people):
    html = _compare(viewer_client)
    assert "Browse experts by country and organisation" in html
    russia, uk = html.index("<h3>Russia</h3>"), html.index("<h3>United Kingdom</h3>")
    assert russia < html.index("Carnegie Moscow") < uk < html.index("Chatham House")
    assert "2 experts" in html and "1 expert<" in html


def test_an_organisation_without_experts_is_not_listed(viewer_client, people):
    assert "Empty Institute" not in _compare(viewer_client)


def test_opening_an_organisation_lists_its_experts_to_add(viewer_client, people):
    html = _compare(viewer_client, experts="ivan", organisation="Chatham House")
    assert '<details id="browse" class="picker-browse" open>' in html
    amy, zed = html.index("Amy Analyst"), html.index("Zed Analyst")
    assert amy < zed
    assert 'href="/compare/?experts=ivan,amy"' in html


def test_an_expert_already_compared_is_not_offered_again(viewer_client, people):
    html = _compare(viewer_client, experts="amy", organisation="Chatham House")
    assert '<bdi>Amy Analyst</bdi> <span class="muted">(compared)</span>' in html
    assert "experts=amy,amy" not in html


def test_an_unknown_organisation_is_refused(viewer_client, people):
    response = viewer_client.get(reverse("compare"), {"organisation": "Nowhere"})
    assert response.status_code == 400


@pytest.mark.parametrize("size", [2, 15])
def test_the_browse_list_keeps_query_count_flat(viewer_client, django_assert_num_queries, db, size):
    for n in range(size):
        org = OrganisationFactory(name=f"Org {n}", country=f"Country {n % 3}")
        ExpertFactory(organisation=org)
        ExpertFactory(organisation=org)
    # session, user, organisation choices (the one opened, validated; cached under the names'
    # generation, read first), the generations of the page (the browse list is cached under
    # the people one), organisations with counts, the opened organisation's experts, and the
    # permission checks (2)
    with django_assert_num_queries(9):
        html = viewer_client.get(reverse("compare"), {"organisation": "Org 1"}, **HTMX)
    assert html.content.decode().count('class="browse-organisation"') == size
