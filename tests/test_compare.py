import datetime as dt
import re

import pytest
from django.urls import reverse

from corpus.models import Stance
from tests.factories import (
    OTHER_QUOTE,
    ExpertAliasFactory,
    ExpertFactory,
    IssueFactory,
    OrganisationFactory,
    ScenarioAssessmentFactory,
    ScenarioFactory,
    SourceFactory,
    StanceFactory,
)
from tests.htmx import HISTORY_RESTORE, HTMX
from tests.snapshots import built_once_per_argument


def _compare(client, *slugs, **headers):
    return client.get(reverse("compare"), {"experts": ",".join(slugs)}, headers=headers)


def _picker(client, q, *slugs, **headers):
    params = {"q": q, "experts": ",".join(slugs)} if slugs else {"q": q}
    return client.get(reverse("expert-picker"), params, headers=headers)


@pytest.fixture
def pair(db):
    """Two experts who stand two points apart on one issue and agree on another."""
    anna = ExpertFactory(
        slug="anna", name="Anna Example", organisation=OrganisationFactory(name="East Institute")
    )
    boris = ExpertFactory(
        slug="boris",
        name="Boris Example",
        organisation=OrganisationFactory(name="West Institute", country="Russia"),
    )
    disputed = IssueFactory(slug="disputed", name="Disputed issue")
    settled = IssueFactory(slug="settled", name="Settled issue")
    StanceFactory(expert=anna, issue=disputed, position=1, summary="Anna sees depth.")
    StanceFactory(
        expert=boris, issue=disputed, position=-1, quote=OTHER_QUOTE, summary="Boris sees a fray."
    )
    StanceFactory(expert=anna, issue=settled, position=0)
    StanceFactory(expert=boris, issue=settled, position=1)
    return anna, boris


def test_it_requires_login(client, pair):
    response = _compare(client, "anna", "boris")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_picker_requires_login(client, pair):
    response = _picker(client, "Anna", **HTMX)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_shows_experts_in_columns_with_affiliation_and_perspective(viewer_client, pair):
    text = _compare(viewer_client, "anna", "boris").content.decode()
    assert "Anna Example" in text
    assert "East Institute" in text
    assert "West Institute" in text
    assert "Perspective: Russia" in text
    assert text.index("Anna Example</bdi></a>") < text.index("Boris Example</bdi></a>")


def test_it_shows_each_position_with_its_quote(viewer_client, pair):
    text = _compare(viewer_client, "anna", "boris").content.decode()
    assert "“The partnership is deep and growing.”" in text
    assert f"“{OTHER_QUOTE}”" in text
    assert "Boris sees a fray." in text
    assert 'class="pos pos-m1"' in text


def test_it_marks_rows_two_points_apart_in_words(viewer_client, pair):
    response = _compare(viewer_client, "anna", "boris")
    text = response.content.decode()
    disputed_row = text[text.index('id="issue-disputed"') : text.index('id="issue-settled"')]
    assert 'class="disagrees"' in disputed_row
    assert "Disagreement: 2 points" in disputed_row
    assert "Disagreement on 1 of 2 issues" in text


def test_it_does_not_mark_rows_one_point_apart(viewer_client, pair):
    text = _compare(viewer_client, "anna", "boris").content.decode()
    settled_row = text[text.index('id="issue-settled"') :]
    settled_row = settled_row[: settled_row.index("</tr>")]
    assert "disagrees" not in settled_row
    assert "Disagreement" not in settled_row


def test_it_shows_only_the_latest_statement(viewer_client, pair):
    anna, _ = pair
    issue = IssueFactory(slug="moving")
    old = SourceFactory(published_on=dt.date(2016, 1, 1), date_precision="year")
    StanceFactory(expert=anna, issue=issue, source=old, position=-2, summary="Old view.")
    StanceFactory(expert=anna, issue=issue, position=2, summary="New view.")
    text = _compare(viewer_client, "anna", "boris").content.decode()
    assert "New view." in text
    assert "Old view." not in text


def test_it_shows_statements_of_the_same_date_that_disagree_as_a_split(viewer_client, pair):
    anna, _ = pair
    issue = IssueFactory(slug="mixed")
    source = SourceFactory()
    for position, quote in [(-1, "Beijing will not abandon Moscow."), (1, OTHER_QUOTE)]:
        StanceFactory(expert=anna, issue=issue, source=source, position=position, quote=quote)
    StanceFactory(expert=anna, issue=issue, source=source, position=1)
    text = _compare(viewer_client, "anna", "boris").content.decode()
    row = text[text.index('id="issue-mixed"') :]
    assert "in 3 statements" in row
    assert "split −1 / +1" in row
    assert "Median" not in row


def test_it_hides_drafts(viewer_client, pair):
    anna, _ = pair
    issue = IssueFactory(slug="drafted")
    StanceFactory(expert=anna, issue=issue, position=-1, summary="Published view.")
    newer = SourceFactory(published_on=dt.date(2024, 5, 1))
    StanceFactory(
        expert=anna, issue=issue, source=newer, position=2, status="draft", summary="Draft view."
    )
    text = _compare(viewer_client, "anna", "boris").content.decode()
    assert "Published view." in text
    assert "Draft view." not in text


def test_it_shows_scenario_likelihoods_below(viewer_client, pair):
    anna, _ = pair
    ScenarioAssessmentFactory(
        expert=anna, scenario=ScenarioFactory(title="A grand bargain"), likelihood=4
    )
    text = _compare(viewer_client, "anna", "boris").content.decode()
    assert text.index("Positions on the issues") < text.index("Scenario likelihoods")
    assert "A grand bargain" in text
    assert "4/5: likely" in text
    assert "No published assessment" in text


def test_it_takes_experts_as_repeated_parameters(viewer_client, pair):
    response = viewer_client.get(reverse("compare"), {"experts": ["anna", "boris"]})
    assert response.status_code == 200
    assert "Disagreement: 2 points" in response.content.decode()


@pytest.mark.parametrize("slugs", [(), ("anna",)])
def test_it_asks_for_at_least_two_experts(viewer_client, pair, slugs):
    response = _compare(viewer_client, *slugs)
    text = response.content.decode()
    assert response.status_code == 200
    assert "Choose at least 2 experts" in text
    assert 'id="picker-q"' in text
    assert "Positions on the issues" not in text


def test_it_refuses_more_than_four_experts(viewer_client, pair):
    others = [ExpertFactory().slug for _ in range(3)]
    response = _compare(viewer_client, "anna", "boris", *others)
    text = response.content.decode()
    assert response.status_code == 400
    assert "Choose at most 4 experts" in text
    assert "Positions on the issues" not in text
    assert "Remove Anna Example" in text


def test_it_names_an_unknown_expert(viewer_client, pair):
    response = _compare(viewer_client, "anna", "nobody-here")
    assert response.status_code == 400
    assert "No expert is known by “nobody-here”" in response.content.decode()


def test_an_htmx_request_gets_the_fragment_with_its_title(viewer_client, pair):
    response = _compare(viewer_client, "anna", "boris", **HTMX)
    text = response.content.decode()
    assert text.startswith("<title>Compare Anna Example, Boris Example · Vantage</title>")
    assert 'id="compare"' in text
    assert "Disagreement: 2 points" in text
    assert "<html" not in text
    assert "HX-Request" in response["Vary"]


def test_a_history_restore_gets_the_full_page(viewer_client, pair):
    response = _compare(viewer_client, "anna", "boris", **HISTORY_RESTORE)
    assert "<html" in response.content.decode()


def test_each_expert_has_a_remove_link(viewer_client, pair):
    ExpertFactory(slug="carla")
    text = _compare(viewer_client, "anna", "boris", "carla").content.decode()
    assert 'href="/compare/?experts=boris,carla"' in text
    assert 'hx-get="/compare/?experts=anna,boris"' in text


def test_the_picker_finds_experts_by_alias(viewer_client, pair):
    maria = ExpertFactory(slug="maria", name="Maria Example")
    ExpertAliasFactory(expert=maria, name="Dr Maria Example")
    text = _picker(viewer_client, "Dr Maria", "anna", **HTMX).content.decode()
    assert "Maria Example" in text
    assert "also “<bdi>Dr Maria Example</bdi>”" in text


def test_the_picker_finds_experts_by_part_of_a_name(viewer_client, pair):
    ExpertFactory(slug="sergey", name="Sergey Example")
    text = _picker(viewer_client, "sergey", **HTMX).content.decode()
    assert "Sergey Example" in text
    assert "Anna Example" not in text


def test_the_picker_links_add_the_expert_and_push_the_url(viewer_client, pair):
    ExpertFactory(slug="carla", name="Carla Example")
    text = _picker(viewer_client, "carla", "anna", "boris", **HTMX).content.decode()
    assert 'href="/compare/?experts=anna,boris,carla"' in text
    assert 'hx-target="#compare"' in text
    assert 'hx-push-url="true"' in text


def test_the_picker_leaves_out_experts_already_chosen(viewer_client, pair):
    text = _picker(viewer_client, "Example", "anna", **HTMX).content.decode()
    assert "Boris Example" in text
    assert "Anna Example" not in text


def test_the_picker_says_when_nothing_matches(viewer_client, pair):
    text = _picker(viewer_client, "zzz", **HTMX).content.decode()
    assert "No other expert’s name or alias contains “zzz”" in text


def test_the_picker_without_htmx_opens_the_compare_page_with_its_matches(viewer_client, pair):
    response = _picker(viewer_client, "Boris", "anna")
    assert response.status_code == 302
    page = viewer_client.get(response["Location"])
    text = page.content.decode()
    assert "<html" in text
    assert 'href="/compare/?experts=anna,boris"' in text


def test_the_compare_page_lists_picker_matches_without_js(viewer_client, pair):
    response = viewer_client.get(reverse("compare"), {"experts": "anna", "q": "boris"})
    assert 'href="/compare/?experts=anna,boris"' in response.content.decode()


@built_once_per_argument
def _grow(size):
    """size experts, issues and scenarios, each expert with a stance and an assessment on each."""
    experts = [ExpertFactory() for _ in range(size)]
    issues = [IssueFactory() for _ in range(size)]
    scenarios = [ScenarioFactory() for _ in range(size)]
    source = SourceFactory()
    for expert in experts:
        ExpertAliasFactory(expert=expert, name=f"Dr {expert.name}")
        for issue in issues:
            StanceFactory(expert=expert, issue=issue, source=source)
        for scenario in scenarios:
            ScenarioAssessmentFactory(expert=expert, scenario=scenario, source=source)
    return experts


@pytest.mark.parametrize("size", [2, 15])
def test_it_keeps_query_count_flat(viewer_client, django_assert_num_queries, size):
    experts = _grow(size)
    slugs = [e.slug for e in experts[:4]]
    # session, user, experts, generations, issues, latest stance ids (read model), stances,
    # scenarios, latest assessment ids, assessments, and the permission checks (2) deciding
    # whether each cell offers an Edit button; while another expert fits, the picker's browse
    # list (organisations with their counts)
    with django_assert_num_queries(12 + (len(slugs) < 4)):
        response = _compare(viewer_client, *slugs, **HTMX)
    assert response.status_code == 200


@pytest.mark.parametrize("size", [2, 15])
def test_the_picker_keeps_query_count_flat(viewer_client, django_assert_num_queries, size):
    experts = _grow(size)
    # session, user, chosen experts, matches, their matching aliases
    with django_assert_num_queries(5):
        response = _picker(viewer_client, "Expert", experts[0].slug, **HTMX)
    assert "Dr Expert" in response.content.decode()


def test_the_picker_offers_no_additions_once_four_are_chosen(viewer_client, pair):
    ExpertFactory(slug="carla", name="Carla Example")
    ExpertFactory(slug="dora", name="Dora Example")
    ExpertFactory(slug="emil", name="Emil Example")
    response = viewer_client.get(
        reverse("compare"), {"experts": "anna,boris,carla,dora", "q": "Emil"}
    )
    text = response.content.decode()
    assert "At most 4 experts fit side by side" in text
    assert "experts=anna,boris,carla,dora,emil" not in text


# --- Editing in place, and the Present action ------------------------------------------------


def test_viewers_get_no_edit_controls(viewer_client, pair):
    ScenarioAssessmentFactory(expert=pair[0])
    html = _compare(viewer_client, "anna", "boris").content.decode()
    assert "Anna sees depth." in html
    assert "/edit/" not in html
    assert "js/editing.js" not in html


def test_editors_get_an_edit_button_in_each_cell(editor_client, pair):
    assessment = ScenarioAssessmentFactory(expert=pair[0])
    html = _compare(editor_client, "anna", "boris").content.decode()
    stances = Stance.objects.filter(expert__in=pair)
    assert stances.count() == 4
    for kind, record in [("stance", s) for s in stances] + [("assessment", assessment)]:
        edit_url = reverse(f"{kind}-edit", args=[record.pk])
        cell = html[html.index(f'<div id="record-{kind}-{record.pk}" class="cell-record">') :]
        assert (
            f'href="{edit_url}" hx-get="{edit_url}" hx-target="#record-{kind}-{record.pk}"'
            in cell[: cell.index("</div>\n")]
        )
    assert 'Edit<span class="visually-hidden"> Anna Example on Disputed issue</span>' in html
    assert "js/editing.js" in html


@pytest.mark.parametrize("size", [2, 15])
def test_it_keeps_query_count_flat_for_editors(editor_client, django_assert_num_queries, size):
    experts = _grow(size)
    slugs = [e.slug for e in experts[:4]]
    # session, user, experts, generations, issues, latest stance ids, stances, scenarios,
    # latest assessment ids, assessments, permission checks (2), and the browse list while
    # another expert fits
    with django_assert_num_queries(12 + (len(slugs) < 4)):
        html = _compare(editor_client, *slugs, **HTMX).content.decode()
    assert 'hx-get="/stances/' in html


def test_the_present_link_carries_the_experts(viewer_client, pair):
    html = _compare(viewer_client, "boris", "anna").content.decode()
    href = re.search(r'<a class="button present-link" href="([^"]+)"', html).group(1)
    assert href == f"{reverse('present-compare')}?experts=boris,anna"
    slide = viewer_client.get(href)
    assert slide.status_code == 200
    assert "Source: " in slide.content.decode()
    assert "Boris Example · Anna Example" in slide.content.decode()


def test_the_swapped_comparison_carries_its_own_present_link(viewer_client, pair):
    ExpertFactory(slug="carla", name="Carla Example")
    html = _compare(viewer_client, "anna", "boris", "carla", **HTMX).content.decode()
    assert f'href="{reverse("present-compare")}?experts=anna,boris,carla"' in html


def test_there_is_nothing_to_present_before_two_experts_are_chosen(viewer_client, pair):
    html = _compare(viewer_client, "anna").content.decode()
    assert "present-link" not in html
