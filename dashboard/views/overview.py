"""The overview: experts × issues matrix with filters, insights and a quotes side panel."""

from django.core.exceptions import BadRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from corpus.models import Expert, Issue, Organisation, Stance
from corpus.page_cache import (
    CELLS,
    PEOPLE,
    RECORD,
    cached,
    generation_values,
    generations,
    page_key,
)
from corpus.pages.issue_page import recent_shifts
from corpus.pages.overview import contested_issues, matrix, record_counts
from dashboard.access import read_access
from dashboard.forms.compare import compare_url
from dashboard.forms.filters import OVERVIEW, FilterChoices, RecordFilterForm
from dashboard.rendering import render_page, wants_fragment
from dashboard.shared_pages import shared_page

TEMPLATE = "dashboard/overview.html"


def _choices() -> dict:
    return {
        "issues": list(Issue.objects.all()),
        "organisations": list(Organisation.objects.only("name", "country")),
    }


def _form(request, people: str) -> RecordFilterForm:
    # The filter choices (every issue and organisation) change only with the people
    # generation (their saves move it), not with every edit of a stance.
    choices = FilterChoices(**cached("overview-choices", people, _choices))
    return RecordFilterForm(request.GET, fields=OVERVIEW, choices=choices)


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
        "compare_url": compare_url([expert.slug]),
    }


@read_access
def overview(request):
    values = generation_values([RECORD, PEOPLE, CELLS])
    key = page_key(request, "overview", [RECORD], generations([RECORD], values))
    return shared_page(request, "overview", key, lambda: _overview(request, values, key))


def _overview(request, values: dict, key: str):
    people = generations([PEOPLE], values)
    form = _form(request, people)
    # The filter form shows the issues and organisations only: an edit leaves it cached.
    filters_key = page_key(request, "overview-filters", [PEOPLE], people)
    if not form.is_valid():
        context = {"form": form, "page_key": key, "filters_key": filters_key}
        return render_page(request, TEMPLATE, context, fragment="results", status=400)
    filters = form.record_filters()
    page = form.cleaned_data["page"] or 1
    cell = form.cleaned_data["cell"]
    # Lazy: computed only when the template's cached results fragment misses.
    context = {
        "page_key": key,
        "filters_key": filters_key,
        "form": form,
        "matrix": SimpleLazyObject(lambda: matrix(filters, page, values=values)),
        "contested": SimpleLazyObject(lambda: contested_issues(filters)),
        "shifts": SimpleLazyObject(lambda: recent_shifts(filters, limit=5)),
        "panel": SimpleLazyObject(lambda: _panel(filters, cell)) if cell else None,
        # The filters without the view's own state, for the cell and page links to extend.
        "filter_params": form.params(cell=None, page=None),
        "cell_links": _cell_links(form.query(cell=None, page=None)),
        "close_params": form.params(cell=None),
        "present_url": _url("present-overview", form.query(cell=None, page=None)),
        "totals": SimpleLazyObject(record_counts),
    }
    return render_page(request, TEMPLATE, context, fragment="results")


def _cell_links(query: str) -> dict:
    """The parts of every cell's two links, reversed once (the matrix has hundreds of cells):
    the overview with the cell open, and the panel fragment for HTMX."""
    slugs = ("E7394110", "I7394110")
    quotes = reverse("cell-quotes", args=slugs)
    head, _, rest = quotes.partition(slugs[0])
    middle, _, tail = rest.partition(slugs[1])
    return {
        "open": f"{reverse('overview')}?{query + '&' if query else ''}cell=",
        "quotes": (head, middle, f"{tail}?{query}" if query else tail),
    }


def _url(name: str, query: str) -> str:
    return reverse(name) + (f"?{query}" if query else "")


@read_access
def cell_quotes(request, expert, issue):
    """The quotes behind one cell: a panel fragment for HTMX, else the overview with it open."""
    form = _form(request, generations([PEOPLE]))
    if not form.is_valid():
        raise BadRequest(form.errors_text())
    overview_url = _url("overview", form.query(cell=f"{expert}:{issue}"))
    if not wants_fragment(request):
        return redirect(overview_url)
    panel = _panel(form.record_filters(), f"{expert}:{issue}")
    if panel is None:
        get_object_or_404(Expert, slug=expert)
        get_object_or_404(Issue, slug=issue)
    context = {"panel": panel, "close_params": form.params(cell=None)}
    response = render_page(request, TEMPLATE, context, fragment="panel")
    response["HX-Push-Url"] = overview_url
    return response
