"""The expert page: who they are, every published stance and assessment, their timeline."""

from itertools import groupby

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from corpus.models import Expert, ScenarioAssessment, Stance
from corpus.pages import events
from corpus.pages.issue_page import timeline_chart
from corpus.pages.links import link_to
from corpus.pages.stance_likelihood import side_by_side
from dashboard.access import read_access


@read_access
def expert_page(request, slug):
    expert = get_object_or_404(
        Expert.objects.select_related("organisation").prefetch_related("aliases"), slug=slug
    )
    # Editors also see drafts in the lists (marked); the chart and counts stay published-only.
    user = request.user
    listed_stances = list(
        Stance.objects.for_expert_page(expert, with_drafts=user.has_perm("corpus.change_stance"))
    )
    listed_assessments = list(
        ScenarioAssessment.objects.for_expert_page(
            expert, with_drafts=user.has_perm("corpus.change_scenarioassessment")
        )
    )
    # Each row's link from one reversed prefix, not a reverse() per row.
    stance_url, assessment_url = link_to("stance"), link_to("assessment")
    for stance in listed_stances:
        stance.url = stance_url(stance.pk)
    for assessment in listed_assessments:
        assessment.url = assessment_url(assessment.pk)
    stances = [s for s in listed_stances if s.is_published]
    assessments = [a for a in listed_assessments if a.is_published]
    chart = timeline_chart(
        stances, series_of=lambda s: (s.issue.slug, s.issue.name, s.issue.get_absolute_url())
    )
    show_events = events.shown(request.GET)
    chart["events"] = events.for_chart(chart, {s.issue_id for s in stances}, show=show_events)
    context = {
        "expert": expert,
        "expert_url": expert.get_absolute_url(),
        "crumbs": [("Record", reverse("home")), (expert.name, None)],
        "stances": stances,
        "issue_count": len({s.issue_id for s in stances}),
        "stance_page": (stance_page := _paged(listed_stances, request.GET.get("page"))),
        "stance_groups": [
            (issue, list(group)) for issue, group in groupby(stance_page, key=_issue)
        ],
        "assessment_page": (
            assessment_page := _paged(listed_assessments, request.GET.get("apage"))
        ),
        "assessment_groups": [
            (scenario, list(group)) for scenario, group in groupby(assessment_page, key=_scenario)
        ],
        "assessment_count": len(assessments),
        "side_by_side": side_by_side(stances, assessments),
        "draft_count": sum(r.is_draft for r in [*listed_stances, *listed_assessments]),
        "chart": chart,
        "events_shown": show_events,
    }
    return render(request, "dashboard/expert.html", context)


# Records listed per page (the chart, counts and the table by date take them all).
LISTED = 50


def _paged(records: list, number):
    """One page of the listed records (already loaded: no query); junk means the first."""
    return Paginator(records, LISTED).get_page(number)


def _issue(stance):
    return stance.issue


def _scenario(assessment):
    return assessment.scenario
