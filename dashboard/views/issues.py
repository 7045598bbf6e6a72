"""The issue page: its scale, a timeline of every expert's stances, their spread and list."""

from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from corpus.marks import expert_mark
from corpus.models import Issue, Stance
from corpus.page_cache import PEOPLE, cached, generations, page_key
from corpus.pages.issue_page import shifts, spread_by_year, timeline_chart
from dashboard.access import read_access
from dashboard.forms.filters import ISSUE, FilterChoices, RecordFilterForm
from dashboard.rendering import render_page


def _load(request, slug):
    """The issue, its validated filters (or the form with its errors), its cache key."""
    issue = get_object_or_404(Issue, slug=slug)
    scopes = [f"issue:{issue.pk}", PEOPLE]
    generation = generations(scopes)
    perspectives = cached(
        "issue-perspectives",
        f"{issue.pk}:{generation}",
        lambda: Stance.objects.perspectives_for_issue(issue),
    )
    form = RecordFilterForm(
        request.GET, fields=ISSUE, choices=FilterChoices(perspectives=perspectives)
    )
    return issue, form, (scopes, generation)


def _chart(issue, stances) -> dict:
    by_expert = sorted(stances, key=lambda s: (s.expert.name.casefold(), s.stated_on, s.pk))
    chart = timeline_chart(
        by_expert,
        series_of=lambda s: (s.expert.slug, s.expert.name, s.expert.get_absolute_url()),
        scale=issue.labels,
    )
    # Each expert keeps one colour and shape on every page, slide and export.
    marks = {s.expert.slug: expert_mark(s.expert_id) for s in stances}
    for series in chart["series"]:
        series.update(marks[series["key"]].as_json())
    chart["band"] = spread_by_year(stances)
    return chart


# The page lists this many stances (newest first) and as many rows of chart data; the chart
# draws every point, and the CSV link gives every row.
LISTED = 60


def _view(issue, filters, with_drafts: bool) -> dict:
    """What the page shows under its filters (the expensive part: every stance on the issue)."""
    # Editors also see drafts in the list (marked); the chart and counts stay published-only.
    listed = list(Stance.objects.for_issue_page(issue, filters, with_drafts=with_drafts))
    stances = [s for s in listed if s.is_published]
    newest = sorted(listed, key=lambda s: (s.stated_on, s.pk), reverse=True)
    return {
        "stances": stances,
        "listed": newest[:LISTED],
        "listed_total": len(newest),
        "table_stances": [s for s in newest if s.is_published][:LISTED],
        "draft_count": len(listed) - len(stances),
        "expert_count": len({s.expert_id for s in stances}),
        "chart": _chart(issue, stances),
        "shifts": shifts(Stance.objects.on_issue(issue, filters)),
    }


@read_access
def issue_page(request, slug):
    issue, filters, (scopes, generation) = _load(request, slug)
    context = {
        "page_key": page_key(request, "issue", scopes, generation),
        "issue": issue,
        "filters": filters,
        "scale": list(issue.labels.items()),
        "crumbs": [(issue.name, None)],
        "reset_url": reverse("issue", args=[issue.slug]),
    }
    if not filters.is_valid():
        context |= {"view": {"stances": None}, "fragment_cache_seconds": 0}
        return render_page(request, "dashboard/issue.html", context, status=400)
    editor = request.user.has_perm("corpus.change_stance")
    context |= {
        "editor": editor,
        # Editors' rows carry their own CSRF token and role-specific buttons: never share them.
        "fragment_cache_seconds": 0 if editor else 600,
        # Lazy: computed only when the template's cached fragment misses.
        "view": SimpleLazyObject(lambda: _view(issue, filters.record_filters(), editor)),
        "as_of": filters.cleaned_data["as_of"],
        "present_url": _url(reverse("present-issue", args=[issue.slug]), filters.query()),
        # The download carries every filter the page shows, so it holds the same rows.
        "csv_url": _url(reverse("stances-csv"), filters.query(issues=[issue.slug])),
    }
    return render_page(request, "dashboard/issue.html", context, fragment="view")


def _url(path: str, query: str) -> str:
    return f"{path}?{query}" if query else path


@read_access
def issue_chart_data(request, slug):
    issue, filters, (scopes, generation) = _load(request, slug)
    if not filters.is_valid():
        return JsonResponse({"errors": filters.errors.get_json_data()}, status=400)

    def chart():
        return _chart(issue, list(Stance.objects.for_issue_page(issue, filters.record_filters())))

    key = page_key(request, "issue-chart", scopes, generation)
    return JsonResponse(cached("issue-chart", key, chart))
