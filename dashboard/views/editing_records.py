"""Creating and editing stances and scenario assessments, in place (HTMX) or as pages.

Each record's form, row and conflict view share one element id (`record-<kind>-<pk>`), so a
page embeds the row and htmx swaps the form in and the updated row back out.
"""

import copy

from django.contrib import messages
from django.core.exceptions import BadRequest, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from corpus import changes
from corpus.attribution import CrossesTurns, within_turn
from corpus.changes.records import content_fields, is_reviewer
from corpus.models import Passage, PendingChange, Source
from corpus.models.records import EditConflict
from corpus.revisions import conflict_rows, seen_version
from dashboard.forms.filters import SLUG
from dashboard.forms.records import DeprecateForm
from dashboard.record_kinds import record_view
from dashboard.rendering import render_page, wants_fragment

FORM_PAGE = "editing/record_form.html"
DRAFT_NOTE = "Saved as a draft: it is on the review queue until a reviewer publishes it."


@record_view("change", methods=("GET", "POST"))
def edit(request, kind, pk):
    return _edit(request, kind, kind.get_for_edit(pk))


@record_view("change", methods=("GET",))
def row(request, kind, pk):
    """The record's row: what an edit form's Cancel swaps back in."""
    return _row(request, kind, kind.get_for_edit(pk))


def _row(request, kind, record, **extra):
    """The row as its editor sees it: with its pending change shown (and marked as pending)."""
    shown, token = _shown(record)
    return render(
        request,
        kind.row_template,
        kind.row_context(shown, showing_pending=bool(token), **extra),
    )


@record_view("add", methods=("GET", "POST"))
def new(request, kind, pk):
    """A new draft quoting the source pk (from a selection in its reader, if one is given)."""
    return _new(request, kind, get_object_or_404(Source, pk=pk))


def _next_url(request, default: str) -> str:
    """Where a page-mode form returns to: a safe ?next=, else default."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _form_context(request, kind, form, record, *, cancel_url, **extra) -> dict:
    title = f"Edit {kind.label}" if record.pk else f"New {kind.label}"
    return {
        "crumbs": [(record.source.title, record.source.get_absolute_url()), (title, "")],
        "kind": kind,
        "form": form,
        "record": record,
        "source": record.source,
        "root_id": f"record-{kind.name}-{record.pk}" if record.pk else f"record-new-{kind.name}",
        "cancel_url": cancel_url,
        "next": _next_url(request, ""),
        "becomes_pending": not record.is_draft
        and not is_reviewer(request.user, kind.model)
        and record.pk is not None,
        **extra,
    }


def _shown(record):
    """The record as its edit form shows it (its pending change applied) and that change."""
    change = changes.live_change(record)
    if change is not None and change.kind != PendingChange.Kind.EDIT:
        return record, ""
    return changes.with_change(record, change), change.token if change else ""


def _edit(request, kind, record):
    cancel_url = _next_url(request, reverse(kind.url_name("history"), args=[record.pk]))
    shown, token = _shown(record)
    if request.method == "POST":
        # The form works on a copy: only corpus.changes changes the record itself.
        form = kind.form(request.POST, instance=copy.copy(shown), pending_token=token)
        if form.is_valid():
            if not [name for name in form.changed_data if name not in ("version", "change")]:
                return _after_save(request, kind, record, "Nothing changed.", cancel_url)
            values = {name: getattr(form.instance, name) for name in content_fields(kind.model)}
            try:
                outcome = changes.edit(
                    record,
                    values,
                    seen_version=form.seen_version,
                    seen_change=form.seen_change,
                    by=request.user,
                )
            except EditConflict as conflict:
                return _conflict(request, kind, form.instance, conflict.current, form, cancel_url)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return _after_save(request, kind, outcome.record, outcome.message, cancel_url)
    else:
        form = kind.form(instance=shown, pending_token=token)
    context = _form_context(request, kind, form, record, cancel_url=cancel_url)
    return render_page(request, FORM_PAGE, context, fragment="form")


def _after_save(request, kind, record, note: str, next_url: str):
    if wants_fragment(request):
        response = _row(request, kind, kind.records().get(pk=record.pk), saved_note=note)
        # A hook for pages that show the record elsewhere too (the reader's highlights).
        response.headers["HX-Trigger"] = "record-saved"
        return response
    messages.success(request, note)
    return redirect(next_url)


def _conflict(request, kind, mine, current, form, cancel_url):
    """Someone saved first: show theirs beside mine and let the editor choose."""
    current = kind.get_for_edit(current.pk)
    theirs, token = _shown(current)
    # Mine again, unbound, on top of the current version (and its pending change).
    mine_values = {k: v for k, v in form.cleaned_data.items() if k not in ("version", "change")}
    retry = kind.form(instance=theirs, initial=mine_values, pending_token=token)
    base = seen_version(kind.model, current.pk, form.seen_version)
    pending = changes.live_change(current)
    context = _form_context(
        request,
        kind,
        retry,
        theirs,
        cancel_url=cancel_url,
        current=current,
        pending=pending if token else None,
        rows=conflict_rows(kind.model, base=base, theirs=theirs, mine=mine),
    )
    return render_page(request, "editing/record_conflict.html", context, fragment="conflict")


def _selection(request, source) -> tuple[int, int] | None:
    """The selected span from ?start=&end=, trimmed of surrounding whitespace; 400 if invalid."""
    raw_start, raw_end = request.GET.get("start"), request.GET.get("end")
    if not raw_start and not raw_end:
        return None
    try:
        start, end = int(raw_start), int(raw_end)
    except (TypeError, ValueError):
        raise BadRequest("start and end must be character offsets") from None
    text = source.text
    if not 0 <= start < end <= len(text):
        raise BadRequest("the selection lies outside the source text")
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        start, end = within_turn(source, start, end)
    return (start, end) if start < end else None


def _suggested_expert(source, start: int):
    """Whoever the passage at start is attributed to (the next passage, if start is between)."""
    passage = (
        Passage.objects.filter(source=source, end__gt=start)
        .select_related("expert")
        .order_by("start")
        .first()
    )
    return passage.expert if passage else None


def _new(request, kind, source):
    record = kind.model(source=source)
    cancel_url = _next_url(request, source.get_absolute_url())
    suggested = None
    if request.method == "POST":
        form = kind.form(request.POST, instance=record)
        if form.is_valid():
            try:
                # A quote typed or widened in the form is held to the reader's selection rule.
                within_turn(source, record.quote_start, record.quote_end)
                changes.create_draft(record, by=request.user)
            except CrossesTurns as exc:
                form.add_error("quote", str(exc))
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return _after_save(request, kind, record, DRAFT_NOTE, cancel_url)
    else:
        initial = {}
        try:
            selection = _selection(request, source)
        except CrossesTurns as exc:
            if wants_fragment(request):
                # The reader's record panel: a redirect would swap the whole page into it.
                context = {"refused": str(exc), "source": source}
                return render_page(request, FORM_PAGE, context, fragment="refused")
            messages.error(request, str(exc))
            return redirect(source.get_absolute_url())
        if selection:
            start, end = selection
            suggested = _suggested_expert(source, start)
            initial = {"quote": source.text[start:end], "quote_start": start}
            if suggested:
                initial["expert"] = suggested.pk
        target = request.GET.get(kind.target)
        if target and not SLUG.fullmatch(target):
            raise BadRequest(f"{kind.target.capitalize()}: give its slug (letters, digits, -).")
        if target:
            initial[kind.target] = (
                kind.model._meta.get_field(kind.target)
                .related_model.objects.filter(slug=target)
                .values_list("pk", flat=True)
                .first()
            )
        form = kind.form(instance=record, initial=initial)
    context = _form_context(request, kind, form, record, cancel_url=cancel_url, suggested=suggested)
    return render_page(request, FORM_PAGE, context, fragment="form")


@record_view("change", methods=("GET", "POST"))
def deprecate(request, kind, pk):
    return _deprecate(request, kind, kind.get_for_edit(pk))


def _deprecate(request, kind, record):
    """Retire a published record: at once for a reviewer, as a request for an editor."""
    history_url = reverse(kind.url_name("history"), args=[record.pk])
    form = DeprecateForm(request.POST or None, record=record)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        superseded = data["reason"] == DeprecateForm.SUPERSEDED
        try:
            outcome = changes.deprecate(
                record,
                reason="" if superseded else data["reason"],
                note=data["note"],
                superseded_by=data["superseded_by"] if superseded else None,
                seen_version=data["version"],
                by=request.user,
            )
        except EditConflict:
            form.add_error(None, "The record changed after you opened this page; look again.")
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, outcome.message)
            return redirect(history_url)
    context = {
        "kind": kind,
        "record": record,
        "form": form,
        "crumbs": [(record.source.title, record.source.get_absolute_url()), ("Deprecate", "")],
        "applies_now": is_reviewer(request.user, kind.model),
        "cancel_url": history_url,
    }
    return render(request, "editing/deprecate.html", context)
