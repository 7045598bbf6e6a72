"""The review queue: drafts waiting for a reviewer, who publishes them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import BadRequest
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from corpus import changes
from corpus.models import PendingChange
from corpus.models.records import EditConflict, Status
from dashboard.record_kinds import ASSESSMENT, STANCE
from dashboard.rendering import wants_fragment


@login_required
@permission_required("corpus.change_stance", raise_exception=True)
@require_GET
def review_queue(request):
    context = {
        "stances": STANCE.records().filter(status=Status.DRAFT).order_by("-updated_at", "pk"),
        "assessments": ASSESSMENT.records()
        .filter(status=Status.DRAFT)
        .order_by("-updated_at", "pk"),
    }
    return render(request, "editing/review.html", context)


@login_required
@permission_required("corpus.review_stance", raise_exception=True)
@require_POST
def stance_publish(request, pk):
    return _publish(request, STANCE, STANCE.get_for_edit(pk))


@login_required
@permission_required("corpus.review_scenarioassessment", raise_exception=True)
@require_POST
def assessment_publish(request, pk):
    return _publish(request, ASSESSMENT, ASSESSMENT.get_for_edit(pk))


def _publish(request, kind, record):
    """Publish the version the reviewer saw; a newer one must be looked at first."""
    try:
        seen = int(request.POST["version"])
    except (KeyError, ValueError):
        raise BadRequest("version is required") from None
    change = changes.live_change(record)
    if record.is_published:
        note = "Already published."
    elif record.version != seen or change is None or change.kind != PendingChange.Kind.NEW:
        note = (
            f"Not published: it was changed after you loaded this page (now version "
            f"{record.version}). Check the change, then publish."
        )
    else:
        try:
            changes.accept(change, seen_version=change.version, by=request.user)
            note = "Published."
        except EditConflict as conflict:
            note = (
                f"Not published: it was changed after you loaded this page (now version "
                f"{conflict.current.version}). Check the change, then publish."
            )
    if wants_fragment(request):
        record = kind.records().get(pk=record.pk)
        return render(request, kind.row_template, kind.row_context(record, saved_note=note))
    messages.info(request, f"{record}: {note}")
    return redirect("review")
