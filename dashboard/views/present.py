"""Present any chart full screen, and export it as PNG or CSV."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST

from corpus.models import Issue, SavedView
from dashboard import throttle
from dashboard.access import read_access
from dashboard.csv_export import csv_response, file_name
from dashboard.forms.present import SavedViewForm
from dashboard.png import (
    PngUnavailable,
    RendererBusy,
    RenderTimeout,
    render_png,
    unavailable_reason,
)
from dashboard.slides import SlideError, build_slide, with_page
from dashboard.svg_export import timeline_svg

# Switches of the slide page itself, not filters of its data.
EXPORT_KEYS = ("export", "ratio")
# Design sizes of the stage (CSS px): the layout is the same at any window size.
STAGES = {"16:9": (1920, 1080), "4:3": (1440, 1080)}


def stage_ratio(request) -> str:
    return "4:3" if request.GET.get("ratio") == "4:3" else "16:9"


# The slide kinds drawn as SVG: the timelines.
SVG_KINDS = ("issue",)
# Images each caller (user or share link) may have drawn per minute, counted across all of the
# server's worker processes (dashboard/throttle.py).
PNGS_PER_MINUTE = 12


def slide_params(request):
    """The slide's filters: the query string without our own export switch."""
    params = request.GET.copy()
    for key in EXPORT_KEYS:
        params.pop(key, None)
    return params


def slide_response(request, slide, context: dict):
    """The slide page, or its PNG / CSV when ?export= asks for one."""
    export = request.GET.get("export")
    context = {**context, "ratio": stage_ratio(request)}
    if export == "csv":
        return slide_csv(slide)
    if export == "png":
        return png_response(request, slide, context)
    if export == "svg":
        return svg_response(request, slide)
    context = {**context, "png_unavailable": unavailable_reason()}
    return render(request, "present/slide.html", {**context, "slide": slide})


def png_response(request, slide, context: dict):
    if not throttle.allow("png", throttle.caller_key(request), PNGS_PER_MINUTE, 60):
        return _export_refused(
            request,
            f"At most {PNGS_PER_MINUTE} PNG exports a minute; try again in a minute.",
            429,
            retry_after=60,
        )
    html = render_to_string(
        "present/slide.html", {**context, "slide": slide, "exporting": True}, request
    )
    try:
        image = render_png(html, *STAGES[context["ratio"]])
    except RendererBusy as exc:
        return _export_refused(request, str(exc), 429, retry_after=5)
    except RenderTimeout as exc:
        return _export_refused(request, f"{exc} Try again, or export the CSV.", 504)
    except PngUnavailable as exc:
        return _export_refused(request, str(exc), 503)
    response = HttpResponse(image, content_type="image/png")
    name = file_name(slide.kind, slide.title, extension="png")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def svg_response(request, slide):
    """A timeline slide as SVG (drawn on the server from the slide's chart data)."""
    if slide.kind not in SVG_KINDS:
        return _export_refused(request, "SVG export is for timeline slides only.", 400)
    response = HttpResponse(timeline_svg(slide), content_type="image/svg+xml; charset=utf-8")
    name = file_name(slide.kind, slide.title, extension="svg")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _export_refused(request, message: str, status: int, retry_after: int | None = None):
    response = render(request, "present/invalid.html", {"message": message}, status=status)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


def slide_csv(slide) -> HttpResponse:
    """The slide's data, one row per plotted point or cell, its caption underneath."""
    name = file_name(slide.kind, slide.title, extension="csv")
    return csv_response(
        name,
        slide.csv_header,
        slide.csv_rows,
        footer=[str(slide.caption), slide.caption.sources_text()],
    )


@read_access
def present(request, kind, slug=""):
    """Any chart as a 1920×1080 slide, with the filters of its page."""
    params = slide_params(request)
    try:
        slide = build_slide(kind, slug, params)
    except SlideError as exc:
        return render(request, "present/invalid.html", {"message": str(exc)}, status=400)
    form = SavedViewForm(initial={"title": slide.title})
    context = {
        "save_form": form,
        "kind": kind,
        "target": slug,
        "query": _without_page(params).urlencode(),
        "exit_url": slide.page_url,
        # A slide that continues (experts 11–15 of 15) steps through its pages with the keys.
        "prev_url": _page_url(params, slide.page - 1) if slide.page > 1 else "",
        "next_url": _page_url(params, slide.page + 1) if slide.page < slide.pages else "",
    }
    return slide_response(request, slide, context)


def _without_page(params):
    params = params.copy()
    params.pop("page", None)
    return params


def _page_url(params, number: int) -> str:
    return "?" + with_page(params, number).urlencode()


@login_required
@permission_required("corpus.add_savedview", raise_exception=True)
@require_POST
def save_view(request):
    """Keep the slide being shown as a saved view (title and speaker note)."""
    form = SavedViewForm(request.POST)
    if not form.is_valid():
        return render(request, "present/invalid.html", {"message": form.errors_text()}, status=400)
    view = form.save(commit=False)
    if view.kind == SavedView.Kind.ISSUE and not Issue.objects.filter(slug=view.target).exists():
        return render(request, "present/invalid.html", {"message": "Unknown issue."}, status=400)
    try:
        # The slide's own form checks the query, so a saved view can always be shown.
        build_slide(view.kind, view.target, QueryDict(view.query))
    except SlideError as exc:
        return render(request, "present/invalid.html", {"message": str(exc)}, status=400)
    view.created_by = request.user
    view.save()
    messages.success(request, f"Saved “{view}”: add it to a deck below, or present it.")
    return redirect(f"{reverse('saved-views')}?saved={view.pk}")
