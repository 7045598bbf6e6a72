"""The expert page: who they are, every published stance and assessment, their timeline."""

from itertools import groupby

from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from corpus.models import Expert, ScenarioAssessment, Stance
from corpus.page_cache import PEOPLE, RIGHTS, generation_of, page_key, with_generations
from corpus.pages import events
from corpus.pages.issue_page import timeline_chart
from corpus.pages.links import link_to
from corpus.pages.stance_likelihood import DateRow, side_by_side
from dashboard.access import read_access
from dashboard.shared_pages import shared_page

# Records, chart-data rows and side-by-side records listed per page (the chart and the
# counts take them all).
LISTED = 50


@read_access
def expert_page(request, slug):
    # Their records, their names and the events drawn on their timeline; the generations
    # read with the expert.
    expert = get_object_or_404(
        with_generations(Expert.objects.select_related("organisation"), "expert", SHARED),
        slug=slug,
    )
    scopes = [f"expert:{expert.pk}", *SHARED]
    key = page_key(request, "expert", scopes, generation_of(expert, "expert", SHARED))
    return shared_page(request, "expert", key, lambda: _expert_page(request, expert))


SHARED = (PEOPLE, RIGHTS, "events")


def _expert_page(request, expert):
    prefetch_related_objects([expert], "aliases")
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
    _link(expert, listed_stances, listed_assessments)
    stances = [s for s in listed_stances if s.is_published]
    assessments = [a for a in listed_assessments if a.is_published]
    chart = timeline_chart(stances, series_of=lambda s: (s.issue.slug, s.issue.name, s.issue_url))
    show_events = events.shown(request.GET)
    chart["events"] = events.for_chart(chart, {s.issue_id for s in stances}, show=show_events)
    stance_page = _paged(listed_stances, request.GET.get("page"))
    assessment_page = _paged(listed_assessments, request.GET.get("apage"))
    dates_page = _paged(_dated(stances, assessments), request.GET.get("dates"))
    context = {
        "expert": expert,
        "expert_url": expert.get_absolute_url(),
        "crumbs": [("Record", reverse("home")), (expert.name, None)],
        "stances": stances,
        "issue_count": len({s.issue_id for s in stances}),
        "stance_page": stance_page,
        "stance_groups": [(issue, list(rows)) for issue, rows in groupby(stance_page, key=_issue)],
        "assessment_page": assessment_page,
        "assessment_groups": [
            (scenario, list(rows)) for scenario, rows in groupby(assessment_page, key=_scenario)
        ],
        "assessment_count": len(assessments),
        "table": _paged(_table_rows(chart), request.GET.get("rows")),
        "dates_page": dates_page,
        "side_by_side": _by_date(dates_page),
        "draft_count": sum(r.is_draft for r in [*listed_stances, *listed_assessments]),
        "chart": chart,
        "events_shown": show_events,
    }
    return render(request, "dashboard/expert.html", context)


def _link(expert, stances, assessments) -> None:
    """Each row's expert (the one loaded) and links (its own, its issue's or scenario's) from
    one reversed prefix per route, not a reverse() per row."""
    stance_url, assessment_url = link_to("stance"), link_to("assessment")
    issue_url, scenario_url = link_to("issue"), link_to("scenario")
    for stance in stances:
        stance.expert = expert
        stance.url, stance.issue_url = stance_url(stance.pk), issue_url(stance.issue.slug)
    for assessment in assessments:
        assessment.expert = expert
        assessment.url = assessment_url(assessment.pk)
        assessment.scenario_url = scenario_url(assessment.scenario.slug)


def _paged(records: list, number):
    """One page of the listed records (already loaded: no query); junk means the first."""
    return Paginator(records, LISTED).get_page(number)


def _table_rows(chart) -> list[dict]:
    """The chart's points as the rows of its data table, series by series in date order."""
    return [
        {"issue": s["label"], "issue_url": s["url"], **point}
        for s in chart["series"]
        for point in s["points"]
    ]


def _dated(stances, assessments) -> list[tuple]:
    """(date row, record) for every record of the side-by-side table, in its order."""
    return [
        (row, record)
        for row in side_by_side(stances, assessments)
        for record in [*row.stances, *row.assessments]
    ]


def _by_date(page) -> list[DateRow]:
    """The side-by-side rows of one page of records, a date's records together (a date can
    run over onto the next page, as an issue's stances do)."""
    rows = []
    for _, entries in groupby(page, key=lambda entry: id(entry[0])):
        entries = list(entries)
        records = [record for _, record in entries]
        rows.append(
            DateRow(
                entries[0][0].stated_display,
                [r for r in records if hasattr(r, "position")],
                [r for r in records if not hasattr(r, "position")],
            )
        )
    return rows


def _issue(stance):
    return stance.issue


def _scenario(assessment):
    return assessment.scenario
