from django.shortcuts import render

from corpus.models import Expert, Issue, Scenario, ScenarioAssessment, Source, Stance
from dashboard.access import read_access


@read_access
def home(request):
    context = {
        "sources": Source.objects.only(
            "title", "publisher", "kind", "published_on", "date_precision"
        ),
        "experts": Expert.objects.select_related("organisation"),
        "issues": Issue.objects.all(),
        "scenarios": Scenario.objects.all(),
        "stance_count": Stance.objects.published().count(),
        "assessment_count": ScenarioAssessment.objects.published().count(),
    }
    return render(request, "dashboard/home.html", context)
