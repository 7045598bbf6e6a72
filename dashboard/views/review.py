"""Review: the queue of pending changes, a reviewer's decisions, and an author's own changes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from corpus import changes
from corpus.changes import people
from corpus.models import PendingChange, PeopleChange
from corpus.models.records import EditConflict
from corpus.pages import review as review_page
from dashboard.record_kinds import ASSESSMENT, STANCE, record_view
from dashboard.rendering import wants_fragment


@login_required
@permission_required("corpus.change_stance", raise_exception=True)
@require_GET
def review_queue(request):
    items = review_page.queue()
    context = {
        "items": items,
        "new_count": sum(i.change.kind == PendingChange.Kind.NEW for i in items),
        "people": review_page.people_items(),
        "can_review": request.user.has_perm("corpus.review_stance"),
    }
    return render(request, "editing/review.html", context)


@login_required
@permission_required("corpus.review_stance", raise_exception=True)
@require_POST
def people_decide(request, pk):
    """Accept or reject one edit of an expert or organisation."""
    change = get_object_or_404(PeopleChange, pk=pk)
    action = request.POST.get("action")
    if action not in ("accept", "reject"):
        raise BadRequest("action must be accept or reject")
    comment = request.POST.get("comment", "")
    try:
        if action == "accept":
            outcome = people.accept_people_change(change, by=request.user, comment=comment)
        else:
            outcome = people.reject_people_change(change, by=request.user, comment=comment)
        messages.info(request, outcome.message)
    except ValidationError as exc:
        messages.error(request, f"Not done: {' '.join(exc.messages)}")
    return redirect("review")


@login_required
@permission_required("corpus.change_stance", raise_exception=True)
@require_GET
def my_changes(request):
    context = {"items": review_page.my_changes(request.user)}
    return render(request, "editing/my_changes.html", context)


def _get_change(pk: int) -> PendingChange:
    return get_object_or_404(PendingChange.objects.select_related("author"), pk=pk)


def _seen(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise BadRequest("version is required") from None


DECISIONS = {"accept": changes.accept, "reject": changes.reject, "send_back": changes.send_back}


@login_required
@permission_required("corpus.change_stance", raise_exception=True)
@require_POST
def decide(request, pk):
    """Accept, reject or send back one change, as the reviewer saw it."""
    change = _get_change(pk)
    if not request.user.has_perm(_review_perm(change)):
        raise PermissionDenied("Only reviewers decide on changes.")
    action = request.POST.get("action")
    if action not in DECISIONS:
        raise BadRequest("action must be accept, reject or send_back")
    seen = _seen(request.POST.get("version"))
    comment = request.POST.get("comment", "")
    try:
        outcome = DECISIONS[action](change, seen_version=seen, by=request.user, comment=comment)
        note = outcome.message
    except EditConflict:
        note = _CHANGED
    except ValidationError as exc:
        note = f"Not done: {' '.join(exc.messages)}"
    return _decided(request, [change.pk], note)


def _review_perm(change) -> str:
    """The permission that decides on this change: that of the kind of record it concerns."""
    if change.event_id:
        return "corpus.review_event"
    return (STANCE if change.stance_id else ASSESSMENT).perm("review")


_CHANGED = (
    "Not done: the change (or its record) was edited after you loaded this page. "
    "Look at it again, then decide."
)


@login_required
@permission_required("corpus.review_stance", raise_exception=True)
@require_POST
def accept_selected(request):
    """Accept every checked change; each is checked against the version the reviewer saw."""
    picked = request.POST.getlist("change")
    if not picked:
        messages.info(request, "Nothing was selected.")
        return redirect("review")
    accepted, refused = 0, []
    for value in picked:
        pk, _, version = value.partition(":")
        change = _get_change(_seen(pk))
        if not request.user.has_perm(_review_perm(change)):
            raise PermissionDenied("Only reviewers decide on changes.")
        try:
            changes.accept(change, seen_version=_seen(version), by=request.user)
            accepted += 1
        except (EditConflict, ValidationError):
            refused.append(str(change.record))
    note = f"Accepted {accepted} change{'s' if accepted != 1 else ''}."
    if refused:
        note += f" Not accepted (changed since you loaded the page): {'; '.join(refused)}."
    messages.info(request, note)
    return redirect("review")


def _decided(request, pks, note):
    if wants_fragment(request):
        items = review_page.review_items(
            PendingChange.objects.filter(pk__in=pks).select_related("author", "reviewer")
        )
        context = {"item": items[0], "saved_note": note, "can_review": True}
        return render(request, "editing/_review_item.html", context)
    messages.info(request, note)
    return redirect("review")


@login_required
@permission_required("corpus.change_stance", raise_exception=True)
@require_POST
def withdraw(request, pk):
    change = _get_change(pk)
    try:
        changes.withdraw(change, seen_version=_seen(request.POST.get("version")), by=request.user)
        messages.success(request, "Withdrawn: the published version stands.")
    except EditConflict:
        messages.error(request, _CHANGED)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("my-changes")


@record_view("review", methods=("POST",))
def publish(request, kind, pk):
    return _publish(request, kind, kind.get_for_edit(pk))


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
