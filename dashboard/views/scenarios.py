"""Scenarios: the board of likelihoods (scenarios × experts) and one page per scenario."""

from django.core.exceptions import BadRequest
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from corpus.models import Issue, Scenario, ScenarioAssessment
from corpus.page_cache import ASSESSMENTS, PEOPLE, page_key
from corpus.pages.scenarios import board, chart_data
from corpus.pages.stance_likelihood import grouping
from dashboard.access import read_access
from dashboard.forms.filters import PAGED, RecordFilterForm
from dashboard.forms.grouping import GroupByForm
from dashboard.shared_pages import shared_page


@read_access
def scenario_board(request):
    form = RecordFilterForm(request.GET, fields=PAGED)
    if not form.is_valid():
        raise BadRequest(form.errors_text())
    page_number = form.cleaned_data["page"] or 1
    key = page_key(request, "scenarios", [ASSESSMENTS, PEOPLE])
    return shared_page(request, "scenarios", key, lambda: _board(request, page_number, key))


def _board(request, page_number: int, key: str):
    context = {
        "page_key": key,
        # Lazy: computed only when the template's cached board misses.
        "board": SimpleLazyObject(lambda: board(Scenario.objects.all(), page_number)),
        "crumbs": [("Scenarios", reverse("scenarios"))],
    }
    return render(request, "dashboard/scenarios.html", context)


@read_access
def scenario_page(request, slug):
    scenario = get_object_or_404(Scenario.objects.prefetch_related("issues"), slug=slug)
    issues = list(Issue.objects.all())
    default = next(iter(scenario.issues.all()), None) or next(iter(issues), None)
    group_form = GroupByForm(request.GET, issues=issues, default=default)
    if not group_form.is_valid():
        raise BadRequest(" ".join(group_form.errors["by"]))
    by = group_form.issue()
    assessments = list(ScenarioAssessment.objects.for_scenario_page(scenario))
    context = {
        "scenario": scenario,
        "group_form": group_form,
        "grouping": grouping(scenario, by) if by else None,
        "assessments": assessments,
        "chart": chart_data(assessments),
        "crumbs": [
            ("Scenarios", reverse("scenarios")),
            (scenario.title, scenario.get_absolute_url()),
        ],
    }
    return render(request, "dashboard/scenario.html", context)
