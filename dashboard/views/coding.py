"""The "to code" view of a source: record its stances in one pass from top to bottom."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from corpus.coding import coding_rows, mark_reviewed
from corpus.models import Passage, Source


@login_required
@permission_required("corpus.add_stance", raise_exception=True)
@require_GET
def coding_queue(request, pk):
    source = get_object_or_404(Source.objects.defer("text"), pk=pk)
    rows = coding_rows(source)
    context = {
        "source": source,
        "rows": rows,
        "reviewed": sum(r.reviewed for r in rows),
        "crumbs": [(source.title, source.get_absolute_url()), ("To code", "")],
    }
    return render(request, "editing/source_coding.html", context)


@login_required
@permission_required("corpus.add_stance", raise_exception=True)
@require_POST
def mark_reviewed_view(request, pk, index):
    passage = get_object_or_404(Passage, source_id=pk, index=index, expert__isnull=False)
    mark_reviewed(passage, by=request.user)
    messages.success(request, f"Passage {index} marked as reviewed.")
    return redirect(reverse("source-coding", args=[pk]) + f"#p{index}")
