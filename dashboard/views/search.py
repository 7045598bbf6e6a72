"""Search: the record's names and words, and the passages of every source, with facets."""

from django.urls import reverse

from corpus.page_cache import PEOPLE, RECORD, generation_values, generations, page_key
from corpus.search import DEFAULT_LIMIT, search_passages
from corpus.search_records import search_records
from dashboard.access import read_access
from dashboard.forms.search import KIND_LABELS, SearchForm
from dashboard.rendering import render_page
from dashboard.shared_pages import shared_page


@read_access
def search(request):
    # The same query finds the same published records for everyone until the record or a
    # name changes: the page is shared (the passages themselves never change).
    values = generation_values([RECORD, PEOPLE])
    key = page_key(request, "search", [RECORD, PEOPLE], generations([RECORD, PEOPLE], values))
    return shared_page(request, "search", key, lambda: _search(request, values))


def _search(request, values: dict):
    form = SearchForm(request.GET)
    valid = form.is_valid()
    query = form.cleaned_data["q"] if valid else ""
    filters = form.search_filters() if valid else None
    wants_passages = bool(query) and filters.wants("passages")
    context = {
        "form": form,
        "query": query,
        "filters": filters,
        "left_out": [KIND_LABELS[k] for k in filters.left_out()] if query else [],
        "results": search_passages(
            query,
            DEFAULT_LIMIT,
            filters,
            page=form.cleaned_data.get("page") or 1,
            # Passages change only with sources, attributions and names: a stance's edit
            # leaves the ranked page cached (which stances quote it is read again).
            cache_under=generations([PEOPLE], values),
        )
        if wants_passages
        else None,
        "records": search_records(query, filters=filters) if query else None,
        "crumbs": [("Search", reverse("search"))],
    }
    return render_page(
        request,
        "dashboard/search.html",
        context,
        fragment="results-swap",
        status=200 if valid else 400,
    )
