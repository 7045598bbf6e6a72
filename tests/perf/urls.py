"""The site's URLs plus two bench-only views: the floor, and a way to make caches go cold."""

from django.http import HttpResponse
from django.urls import path

from corpus.models import Organisation
from dashboard.urls import urlpatterns as site_urls


def floor(request):
    """No database, no template: what the framework and middleware cost on their own."""
    return HttpResponse("ok", content_type="text/plain")


def touch(request):
    """Save one organisation unchanged: a new history row, so a new record version.

    Every cached page fragment is then stale in every worker, as after a real edit, while
    what the pages show stays the same.
    """
    Organisation.objects.order_by("pk").first().save()
    return HttpResponse("touched", content_type="text/plain")


urlpatterns = [
    path("_bench/floor/", floor, name="bench-floor"),
    path("_bench/touch/", touch, name="bench-touch"),
    *site_urls,
]
