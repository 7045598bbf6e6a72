"""Sources added in the browser: upload, the proposal of who speaks, and later corrections."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, RequestDataTooBig
from django.db import IntegrityError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from corpus.changes.people import create_expert
from corpus.errors import IngestError
from corpus.models import PendingSource, Source
from corpus.proposal import propose
from corpus.uploads import DuplicateSource, assign_passages, confirm, held, hold
from dashboard.forms.sources import AttributionForm, SourceUploadForm, speaker_forms

_ADD = ["corpus.add_source", "corpus.add_passage", "corpus.add_expert", "corpus.add_organisation"]


def _get_source(pk):
    """The source without its text (long, and not needed to list its passages); 404 if absent."""
    return get_object_or_404(Source.objects.defer("text"), pk=pk)


@login_required
@permission_required(_ADD, raise_exception=True)
@require_http_methods(["GET", "POST"])
def source_new(request):
    try:
        data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    except RequestDataTooBig:
        # Beyond what Django parses at all: the typed fields cannot be read back.
        form = SourceUploadForm()
        form.too_big = True
        return render(request, "editing/source_new.html", {"form": form}, status=413)
    if oversized := getattr(request, "oversized", None):
        # Read by OversizedFormMiddleware: the typed fields without the over-large ones.
        return _oversized_answer(request, SourceUploadForm(data, files), oversized)
    form = SourceUploadForm(data, files)
    if request.method == "POST" and form.is_valid():
        try:
            pending = hold(form.document, form.details(), by=request.user)
        except DuplicateSource as exc:
            form.duplicate = exc.source
            form.add_error(None, "This exact text is already a source; nothing was added.")
        else:
            return redirect("source-proposal", pk=pending.pk)
    return render(request, "editing/source_new.html", {"form": form})


def _oversized_answer(request, form, sizes: dict):
    form.is_valid()  # the kept fields are checked and shown as typed
    # "Paste the text or choose a file" would be wrong: it was pasted, and too long.
    form.errors.pop(NON_FIELD_ERRORS, None)
    limit = settings.VANTAGE_MAX_SOURCE_BYTES
    for name, size in sizes.items():
        field = name if name in form.fields else None
        what = "pasted text" if name == "text" else f"{name!r} field"
        form.errors.pop(field, None)
        form.add_error(
            field,
            f"The {what} is {size:,} bytes, more than the server reads (the limit for a "
            f"source is {limit:,} bytes): upload the document as a file, or paste less. "
            "Your other fields are kept.",
        )
    return render(request, "editing/source_new.html", {"form": form}, status=413)


@login_required
@permission_required(_ADD, raise_exception=True)
@require_http_methods(["GET", "POST"])
def source_proposal(request, pk):
    pending = get_object_or_404(PendingSource, pk=pk, created_by=request.user)
    document, details = held(pending)
    proposal = propose(document.text, details.layout)
    forms = speaker_forms(request.POST or None, proposal)
    error = ""
    if request.method == "POST" and all(f.is_valid() for f in forms):
        decisions = {f.row.key: f.decision() for f in forms}
        try:
            source = confirm(
                document, details, proposal, decisions, by=request.user, pending=pending
            )
        except DuplicateSource as exc:
            error = f"{exc}; nothing was added."
        except (IngestError, IntegrityError) as exc:
            error = f"Nothing was added: {exc}"
        else:
            held_count = source.passages.filter(expert__isnull=False).count()
            messages.success(
                request,
                f"Added “{source.title}”: {source.passages.count()} passages, {held_count} "
                "held by experts. Record its stances from top to bottom below.",
            )
            return redirect("source-coding", pk=source.pk)
    samples = {}
    for passage in proposal.passages():
        samples.setdefault(passage["key"], passage["text"])
    rows = [(form, samples.get(form.row.key, "")) for form in forms]
    context = {
        "pending": pending,
        "rows": rows,
        "error": error,
        "passage_count": len(proposal.spans),
        "crumbs": [("Add a source", "/sources/new/"), ("Who speaks", "")],
    }
    return render(request, "editing/source_proposal.html", context)


@login_required
@permission_required("corpus.change_passage", raise_exception=True)
@require_http_methods(["GET", "POST"])
def attribution(request, pk):
    source = _get_source(pk)
    passages = list(source.passages.select_related("expert").order_by("index"))
    form = AttributionForm(request.POST or None, passages=passages)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        expert = data["expert"]
        if data["new_expert"]:
            if not request.user.has_perm("corpus.add_expert"):
                raise PermissionDenied
            expert = create_expert(
                data["new_expert"], data["new_expert_organisation"], by=request.user
            )
        changed = assign_passages(source, data["passages"], expert)
        who = expert.name if expert else "nobody"
        messages.success(request, f"{changed} passage(s) now held by {who}.")
        return redirect("source-attribution", pk=source.pk)
    checked = set(form["passages"].value() or [])
    context = {
        "crumbs": [(source.title, source.get_absolute_url()), ("Who holds each passage", "")],
        "source": source,
        "passages": passages,
        "form": form,
        "checked": {int(i) for i in checked if str(i).isdigit()},
    }
    return render(request, "editing/source_attribution.html", context)
