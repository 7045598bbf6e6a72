"""The method page: how stances are coded and what every word on the pages means."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from corpus.pages.method import method_page
from dashboard.access import read_access


@read_access
@require_GET
def method(request):
    context = method_page() | {"crumbs": [("Method", None)]}
    return render(request, "dashboard/method.html", context)
