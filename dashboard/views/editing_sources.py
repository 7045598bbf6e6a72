"""Sources added in the browser, and who holds each of their passages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from corpus.models import Source
from corpus.uploads import add_source, assign_passages, create_expert, existing_source
from dashboard.forms.sources import AttributionForm, SourceUploadForm


def _get_source(pk):
    """The source without its text (long, and not needed to list its passages); 404 if absent."""
    return get_object_or_404(Source.objects.defer("text"), pk=pk)


@login_required
@permission_required(["corpus.add_source", "corpus.add_passage"], raise_exception=True)
@require_http_methods(["GET", "POST"])
def source_new(request):
    form = SourceUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            source = add_source(form.document_text, form.details(), by=request.user)
        except IntegrityError:
            # Someone added the same text between our check and our save.
            form.duplicate = existing_source(form.document_text)
            form.add_error(None, "This exact text is already a source; nothing was added.")
        else:
            attributed = source.passages.filter(expert__isnull=False).count()
            messages.success(
                request,
                f"Added “{source.title}”: {source.passages.count()} passages, {attributed} "
                "attributed automatically. Check who holds each passage below.",
            )
            return redirect("source-attribution", pk=source.pk)
    return render(request, "editing/source_new.html", {"form": form})


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
