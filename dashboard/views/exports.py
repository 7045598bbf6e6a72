"""Spreadsheet exits: the stances of a filtered view as CSV or JSON, and the whole record."""

from django.core.exceptions import BadRequest, PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

from corpus.exchange import dumps, export_record
from corpus.models import Stance
from corpus.pages.exports import COLUMNS, export_row
from dashboard.access import read_access
from dashboard.csv_export import csv_response
from dashboard.forms.filters import EXPORT, RecordFilterForm


def _filters(request):
    form = RecordFilterForm(request.GET, fields=EXPORT)
    if not form.is_valid():
        raise BadRequest(form.errors_text())
    filters = form.record_filters()
    if filters.include_drafts and not request.user.has_perm("corpus.change_stance"):
        raise PermissionDenied("Drafts are for editors and reviewers.")
    return form, filters


def _attachment(response, filename: str):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@read_access
@require_GET
def stances_csv(request):
    _, filters = _filters(request)
    rows = (
        [row[k] for k in COLUMNS] for row in map(export_row, Stance.objects.for_export(filters))
    )
    return csv_response("vantage-stances.csv", COLUMNS, rows)


@read_access
@require_GET
def stances_json(request):
    form, filters = _filters(request)
    rows = [export_row(stance) for stance in Stance.objects.for_export(filters)]
    data = {"filters": form.description(), "count": len(rows), "stances": rows}
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    return _attachment(response, "vantage-stances.json")


@read_access
@require_GET
def record_json(request):
    """The whole record in the export format that /import/ and `manage.py import` read."""
    include_drafts = request.GET.get("include_drafts") == "1"
    if include_drafts and not request.user.has_perm("corpus.change_stance"):
        raise PermissionDenied("Drafts are for editors and reviewers.")
    response = HttpResponse(
        dumps(export_record(include_drafts=include_drafts)),
        content_type="application/json; charset=utf-8",
    )
    return _attachment(response, "vantage-record.json")
