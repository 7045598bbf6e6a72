"""The source reader, and the permalinks of stances and assessments that lead into it."""

from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from corpus.models import ScenarioAssessment, Source, Stance
from corpus.page_cache import PEOPLE, RIGHTS, generation_of, page_key, with_generations
from corpus.reader import quote_marks, reader_turns
from dashboard.access import read_access
from dashboard.rendering import render_page, wants_fragment
from dashboard.shared_pages import shared_page


@read_access
def source_reader(request, pk):
    # Its records and their markers, and the names of who said them; the generations read
    # with the source.
    shared = [PEOPLE, RIGHTS]
    source = get_object_or_404(with_generations(Source.objects.all(), "source", shared), pk=pk)
    generation = generation_of(source, "source", shared)
    key = page_key(request, "source", [f"source:{source.pk}", *shared], generation)
    return shared_page(request, "source", key, lambda: _reader(request, source))


def _reader(request, source):
    passages = source.passages.select_related("expert").defer("text").order_by("index")
    stances = list(Stance.objects.in_reader(source, request.user))
    assessments = list(ScenarioAssessment.objects.in_reader(source, request.user))
    marks = quote_marks(stances, assessments)
    context = {
        "source": source,
        "turns": reader_turns(source.text, passages, marks),
        "marks": marks,
        "stances": stances,
        "assessments": assessments,
        "crumbs": [("Record", reverse("home")), (source.title, "")],
        # An editor saved a record here: htmx asks for the text marked anew, and the list and
        # cards beside it come along out of band.
        "oob": wants_fragment(request),
    }
    return render_page(request, "dashboard/source.html", context, fragment="marked")


@read_access
def stance_redirect(request, pk):
    return _to_reader(get_object_or_404(Stance.objects.visible_to(request.user), pk=pk))


@read_access
def assessment_redirect(request, pk):
    return _to_reader(get_object_or_404(ScenarioAssessment.objects.visible_to(request.user), pk=pk))


def _to_reader(record):
    kind = "stance" if isinstance(record, Stance) else "assessment"
    return redirect(f"{reverse('source', args=[record.source_id])}#{kind}-{record.pk}")
