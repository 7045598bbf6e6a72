"""Search: full-text over passages, each hit linking into the reader at its passage."""

from django.urls import reverse

from corpus.search import DEFAULT_LIMIT, search_passages
from corpus.search_records import search_records
from dashboard.access import read_access
from dashboard.forms.search import SearchForm
from dashboard.rendering import render_page


@read_access
def search(request):
    form = SearchForm(request.GET)
    valid = form.is_valid()
    query = form.cleaned_data["q"] if valid else ""
    context = {
        "form": form,
        "query": query,
        "results": search_passages(query, DEFAULT_LIMIT) if query else None,
        "records": search_records(query) if query else None,
        "crumbs": [("Search", reverse("search"))],
    }
    return render_page(
        request,
        "dashboard/search.html",
        context,
        fragment="results-swap",
        status=200 if valid else 400,
    )
