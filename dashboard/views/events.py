"""Editing events: the list, the new-event form and the edit form (with the event's history).

Writes go through corpus.changes like every record: a new event is a draft until a reviewer
publishes it from the review queue; an editor's edit of a published event waits there beside
it; a reviewer's own edit applies at once.
"""

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from corpus import changes
from corpus.changes.records import content_fields, is_reviewer
from corpus.models import Event, PendingChange
from corpus.models.records import EditConflict
from dashboard.forms.events import EventForm

LIST_LIMIT = 300


@login_required
@permission_required("corpus.change_event", raise_exception=True)
def event_list(request):
    events = list(Event.objects.for_list()[:LIST_LIMIT])
    pending = set(
        PendingChange.objects.filter(
            event__in=events, state__in=PendingChange.LIVE_STATES
        ).values_list("event_id", flat=True)
    )
    context = {
        "events": [(e, e.pk in pending) for e in events],
        "crumbs": [("Events", None)],
        "can_add": request.user.has_perm("corpus.add_event"),
    }
    return render(request, "editing/events.html", context)


@login_required
@permission_required("corpus.add_event", raise_exception=True)
@require_http_methods(["GET", "POST"])
def event_new(request):
    event = Event()
    form = EventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = changes.create_draft(form.instance, by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"{outcome.record}: {outcome.message}")
            return redirect("events")
    return _form_page(request, form, event, status=400 if form.errors else 200)


def _shown(event):
    """The event as its form shows it (its pending edit applied) and that edit's token."""
    change = changes.live_change(event)
    if change is not None and change.kind != PendingChange.Kind.EDIT:
        return event, ""
    return changes.with_change(event, change), change.token if change else ""


@login_required
@permission_required("corpus.change_event", raise_exception=True)
@require_http_methods(["GET", "POST"])
def event_edit(request, pk):
    event = get_object_or_404(Event.objects.select_related("source"), pk=pk)
    shown, token = _shown(event)
    if request.method != "POST":
        return _form_page(request, EventForm(instance=shown, pending_token=token), event)
    # The form works on a copy: only corpus.changes changes the record itself.
    form = EventForm(request.POST, instance=copy.copy(shown), pending_token=token)
    if form.is_valid():
        if not form.changed_content():
            messages.info(request, "Nothing changed.")
            return redirect("events")
        values = {
            name: form.instance.issue_ids() if name == "issues" else getattr(form.instance, name)
            for name in content_fields(Event)
        }
        try:
            outcome = changes.edit(
                event,
                values,
                seen_version=form.seen_version,
                seen_change=form.seen_change,
                by=request.user,
            )
        except EditConflict:
            form.add_error(
                None,
                "Someone saved this event after you opened it. Reload to see their version, "
                "then make your change again.",
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"{outcome.record}: {outcome.message}")
            return redirect("events")
    return _form_page(request, form, event, status=400 if form.errors else 200)


@login_required
@permission_required("corpus.change_event", raise_exception=True)
@require_POST
def event_delete(request, pk):
    """Delete a draft event (its history stays); published events stay published."""
    event = get_object_or_404(Event, pk=pk)
    try:
        seen = int(request.POST.get("version", ""))
        changes.delete_draft(event, seen_version=seen, by=request.user)
        messages.success(request, f"Deleted the draft “{event.label}”.")
    except ValueError:
        messages.error(request, "Not deleted: the form gave no version.")
    except EditConflict:
        messages.error(request, "Not deleted: someone changed it since you loaded the page.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("events")


def _form_page(request, form, event, status: int = 200):
    title = f"Edit event “{event.label}”" if event.pk else "New event"
    history = []
    if event.pk:
        history = list(
            event.history.select_related("history_user")
            .prefetch_related("historicalevent_issues_set__issue")
            .order_by("-history_date", "-history_id")[:50]
        )
    context = {
        "form": form,
        "event": event,
        "title": title,
        "crumbs": [("Events", reverse("events")), (title, None)],
        "history": history,
        "pending": changes.live_change(event) if event.pk else None,
        "becomes_pending": event.pk is not None
        and event.is_published
        and not is_reviewer(request.user, Event),
    }
    return render(request, "editing/event_form.html", context, status=status)
