"""One template per page; HTMX requests get the named partial of that same template."""

from django.shortcuts import render


def wants_fragment(request) -> bool:
    """True for an HTMX swap, but not for htmx's history restore (that needs the full page)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request


def render_page(request, template: str, context: dict, fragment: str | None = None, **kwargs):
    """The full page, or `template#fragment` when HTMX asks for a swap."""
    if fragment and wants_fragment(request):
        response = render(request, f"{template}#{fragment}", context, **kwargs)
    else:
        response = render(request, template, context, **kwargs)
    # The same URL answers with a page or a fragment: caches must tell them apart.
    response.headers["Vary"] = "HX-Request"
    return response
