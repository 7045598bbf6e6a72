"""The overview: experts × issues matrix with filters, insights and a quotes side panel."""

from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from corpus.models import Expert, Issue, Organisation, Stance
from corpus.pages.issue_page import shifts
from corpus.pages.overview import contested_issues, matrix, record_counts
from corpus.record_version import cached, record_version
from dashboard.access import read_access
from dashboard.forms.overview import OverviewFilters
from dashboard.rendering import render_page, wants_fragment

TEMPLATE = "dashboard/overview.html"


def _choices() -> dict:
    return {
        "issues": list(Issue.objects.all()),
        "organisations": list(Organisation.objects.only("name", "country")),
    }


def _filters_or_400(request, version: str):
    # The filter choices (every issue and organisation) change only with the record.
    form = OverviewFilters(request.GET, **cached("overview-choices", version, "", _choices))
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
    version = record_version()
    form, filters = _filters_or_400(request, version)
    if filters is None:
        context = {"form": form, "record_version": version}
        return render_page(request, TEMPLATE, context, fragment="results", status=400)
    page = form.cleaned_data.get("page") or 1
    cell = request.GET.get("cell", "")
    base_query = _query_without(request.GET, "cell", "page")
    # Lazy: computed only when the template's cached results fragment misses.
    context = {
        "record_version": version,
        "form": form,
        "matrix": SimpleLazyObject(lambda: matrix(filters, page)),
        "contested": SimpleLazyObject(lambda: contested_issues(filters)),
        "shifts": SimpleLazyObject(lambda: shifts(Stance.objects.matching(filters), limit=5)),
        "panel": SimpleLazyObject(lambda: _panel(filters, cell)) if cell else None,
        "base_query": base_query,
        "page_query": _query_without(request.GET, "cell"),
        "close_query": _query_without(request.GET, "cell"),
        "present_url": reverse("present-overview") + (f"?{base_query}" if base_query else ""),
        "totals": SimpleLazyObject(record_counts),
    }
    return render_page(request, TEMPLATE, context, fragment="results")


@read_access
def cell_quotes(request, expert, issue):
    """The quotes behind one cell: a panel fragment for HTMX, else the overview with it open."""
    _form, filters = _filters_or_400(request, record_version())
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
