"""A record's history (who changed what, when), revert, delete and restore."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import BadRequest, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from corpus import changes, revisions
from corpus.models.records import EditConflict
from dashboard.record_kinds import ASSESSMENT, STANCE, record_view


@record_view("change", methods=("GET",))
def history(request, kind, pk):
    return _history(request, kind, pk)


@record_view("review", methods=("POST",))
def revert(request, kind, pk, history_id):
    return _revert(request, kind, kind.get_for_edit(pk), history_id)


@record_view("review", "delete", methods=("POST",))
def delete(request, kind, pk):
    return _delete(request, kind, kind.get_for_edit(pk))


@record_view("review", "add", methods=("POST",))
def restore(request, kind, pk):
    return _restore(request, kind, pk)


@login_required
@permission_required("corpus.review_stance", raise_exception=True)
@require_GET
def deleted_records(request):
    groups = []
    for kind in (STANCE, ASSESSMENT):
        records = revisions.deleted(kind.model)
        names = revisions.related_names(kind.model, records)
        rows = [
            {
                "record": r,
                "expert": names["expert"].get(r.expert_id, "(expert deleted)"),
                "target": names[kind.target].get(getattr(r, f"{kind.target}_id"), ""),
            }
            for r in records
        ]
        groups.append((kind, rows))
    return render(request, "editing/deleted.html", {"groups": groups})


def _seen_version(request) -> int:
    try:
        return int(request.POST["version"])
    except (KeyError, ValueError):
        raise BadRequest("version is required") from None


def _history(request, kind, pk):
    versions = revisions.versions(kind.model, pk)
    if not versions:
        raise Http404(f"No {kind.label} {pk} has ever existed.")
    current = kind.records().filter(pk=pk).first()
    context = {
        "kind": kind,
        "pk": pk,
        "versions": versions,
        "current": current,
        "row_template": kind.row_template,
        kind.name: current,
        "can_review": request.user.has_perm(kind.perm("review")),
        "can_delete": request.user.has_perms([kind.perm("review"), kind.perm("delete")]),
    }
    return render(request, "editing/history.html", context)


def _revert(request, kind, record, history_id):
    try:
        changes.revert(record, history_id, seen_version=_seen_version(request), by=request.user)
    except kind.model.history.model.DoesNotExist:
        raise Http404("No such version of this record.") from None
    except EditConflict as conflict:
        messages.error(
            request,
            f"Not reverted: the {kind.label} changed after you opened this page (now version "
            f"{conflict.current.version}). Check the latest change, then revert again.",
        )
    except ValidationError as exc:
        messages.error(request, f"Not reverted: {'; '.join(exc.messages)}")
    else:
        messages.success(request, f"Reverted: the {kind.label} is now version {record.version}.")
    return redirect(kind.url_name("history"), pk=record.pk)


def _delete(request, kind, record):
    try:
        changes.delete_draft(record, seen_version=_seen_version(request), by=request.user)
    except ValidationError as exc:
        messages.error(request, f"Not deleted: {'; '.join(exc.messages)}")
        return redirect(kind.url_name("history"), pk=record.pk)
    except EditConflict as conflict:
        messages.error(
            request,
            f"Not deleted: the {kind.label} changed after you opened this page (now version "
            f"{conflict.current.version}).",
        )
        return redirect(kind.url_name("history"), pk=record.pk)
    messages.success(request, f"Deleted {record}. Its history is kept; it can be restored here.")
    return redirect("deleted-records")


def _restore(request, kind, pk):
    try:
        record = changes.restore(kind.model, pk, by=request.user)
    except LookupError:
        raise Http404(f"{kind.label} {pk} is not a deleted record.") from None
    except ValidationError as exc:
        messages.error(request, f"Not restored: {'; '.join(exc.messages)}")
        return redirect("deleted-records")
    messages.success(request, f"Restored {record} as version {record.version}.")
    return redirect(kind.url_name("history"), pk=pk)
