"""The overview: experts × issues matrix with filters, insights and a quotes side panel."""

from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from corpus.models import Expert, Issue, Stance
from dashboard.access import read_access
from dashboard.forms.overview import OverviewFilters
from dashboard.rendering import render_page, wants_fragment

TEMPLATE = "dashboard/overview.html"


def _filters_or_400(request):
    form = OverviewFilters.for_request(request.GET)
    if not form.is_valid():
        return form, None
    return form, form.matrix_filters()


def _panel(filters, cell: str):
    """The side panel's content for a `cell` parameter "expert-slug:issue-slug", or None."""
    expert_slug, _, issue_slug = cell.partition(":")
    expert = Expert.objects.filter(slug=expert_slug).select_related("organisation").first()
    issue = Issue.objects.filter(slug=issue_slug).first()
    if expert is None or issue is None:
        return None
    return {
        "expert": expert,
        "issue": issue,
        "stances": list(Stance.objects.for_cell(filters, expert, issue)),
    }


def _query_without(params, *keys) -> str:
    kept = params.copy()
    for key in keys:
        kept.pop(key, None)
    return kept.urlencode(safe=":")


@read_access
def overview(request):
    form, filters = _filters_or_400(request)
    if filters is None:
        return render_page(request, TEMPLATE, {"form": form}, fragment="results", status=400)
    matrix = Stance.objects.for_matrix(filters, form.cleaned_data.get("page") or 1)
    cell = request.GET.get("cell", "")
    context = {
        "form": form,
        "matrix": matrix,
        "contested": Stance.objects.contested_issues(filters),
        "shifts": Stance.objects.matching(filters).shifts()[:5],
        "panel": _panel(filters, cell) if cell else None,
        "base_query": _query_without(request.GET, "cell", "page"),
        "page_query": _query_without(request.GET, "cell"),
        "close_query": _query_without(request.GET, "cell"),
        "totals": Stance.objects.published().record_totals(),
    }
    return render_page(request, TEMPLATE, context, fragment="results")


@read_access
def cell_quotes(request, expert, issue):
    """The quotes behind one cell: a panel fragment for HTMX, else the overview with it open."""
    _form, filters = _filters_or_400(request)
    if filters is None:
        return HttpResponseBadRequest("Invalid filters.")
    params = request.GET.copy()
    params["cell"] = f"{expert}:{issue}"
    if not wants_fragment(request):
        return redirect(f"{reverse('overview')}?{params.urlencode(safe=':')}")
    panel = _panel(filters, f"{expert}:{issue}")
    if panel is None:
        get_object_or_404(Expert, slug=expert)
        get_object_or_404(Issue, slug=issue)
    context = {"panel": panel, "close_query": _query_without(params, "cell")}
    response = render_page(request, TEMPLATE, context, fragment="panel")
    response["HX-Push-Url"] = f"{reverse('overview')}?{params.urlencode(safe=':')}"
    return response
