"""Present any chart full screen, and export it as PNG or CSV."""

import csv

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST

from corpus.models import Issue, SavedView
from dashboard.access import read_access
from dashboard.forms.present import SavedViewForm
from dashboard.png import PngUnavailable, render_png
from dashboard.slides import SlideError, build_slide

EXPORT_KEYS = ("export",)


def slide_params(request):
    """The slide's filters: the query string without our own export switch."""
    params = request.GET.copy()
    for key in EXPORT_KEYS:
        params.pop(key, None)
    return params


def slide_response(request, slide, context: dict):
    """The slide page, or its PNG / CSV when ?export= asks for one."""
    export = request.GET.get("export")
    if export == "csv":
        return csv_response(slide)
    if export == "png":
        html = render_to_string(
            "present/slide.html", {**context, "slide": slide, "exporting": True}, request
        )
        try:
            image = render_png(html)
        except PngUnavailable as exc:
            return HttpResponse(str(exc), status=503, content_type="text/plain")
        response = HttpResponse(image, content_type="image/png")
        response["Content-Disposition"] = f'attachment; filename="{_file_stem(slide)}.png"'
        return response
    return render(request, "present/slide.html", {**context, "slide": slide})


def csv_response(slide) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_file_stem(slide)}.csv"'
    writer = csv.writer(response)
    writer.writerow(slide.csv_header)
    writer.writerows(slide.csv_rows)
    writer.writerow([])
    writer.writerow([str(slide.caption)])
    return response


def _file_stem(slide) -> str:
    safe = "".join(c if c.isalnum() else "-" for c in slide.title.lower()).strip("-")
    return f"vantage-{slide.kind}-{safe[:60] or 'slide'}"


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
        "query": params.urlencode(),
        "exit_url": slide.page_url,
    }
    return slide_response(request, slide, context)


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
    return redirect("saved-views")
