"""The expert page: who they are, every published stance and assessment, their timeline."""

from itertools import groupby

from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from corpus.models import Expert, ScenarioAssessment, Stance
from corpus.queries.issue_page import timeline_chart
from dashboard.access import read_access


@read_access
def expert_page(request, slug):
    expert = get_object_or_404(
        Expert.objects.select_related("organisation").prefetch_related("aliases"), slug=slug
    )
    stances = list(Stance.objects.for_expert_page(expert))
    assessments = list(ScenarioAssessment.objects.for_expert_page(expert))
    context = {
        "expert": expert,
        "crumbs": [("Record", reverse("home")), (expert.name, None)],
        "stances": stances,
        "stance_groups": [(issue, list(group)) for issue, group in groupby(stances, key=_issue)],
        "assessment_groups": [
            (scenario, list(group)) for scenario, group in groupby(assessments, key=_scenario)
        ],
        "assessment_count": len(assessments),
        "chart": timeline_chart(
            stances,
            series_of=lambda s: (s.issue.slug, s.issue.name, s.issue.get_absolute_url()),
        ),
    }
    return render(request, "dashboard/expert.html", context)


def _issue(stance):
    return stance.issue


def _scenario(assessment):
    return assessment.scenario
