"""The issue page: its scale, a timeline of every expert's stances, their spread and list."""

import datetime as dt

from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from corpus.models import Issue, Stance
from corpus.page_cache import PEOPLE, RIGHTS, cached, generation_of, page_key, with_generations
from corpus.pages import events
from corpus.pages.issue_page import (
    LISTED,
    chart_table,
    issue_band,
    issue_chart,
    issue_counts,
    issue_shifts,
    listed_rows,
)
from dashboard.access import read_access
from dashboard.forms.filters import ISSUE, FilterChoices, RecordFilterForm
from dashboard.rendering import render_page
from dashboard.shared_pages import shared_page, shared_render


def _issue(slug, *shared_scopes):
    """The issue, the scopes its pages show and their generations."""
    # The generations read with the issue: one query.
    shared = [PEOPLE, *shared_scopes]
    issue = get_object_or_404(with_generations(Issue.objects.all(), "issue", shared), slug=slug)
    return issue, [f"issue:{issue.pk}", *shared], generation_of(issue, "issue", shared)


def _load(request, issue, scopes, generation):
    """The issue, its validated filters (or the form with its errors), its cache key."""
    # The page's and the chart's generations but the readers' rights (the page's alone).
    shown = ",".join(p for p in generation.split(",") if not p.startswith(f"{RIGHTS}="))
    perspectives = cached(
        "issue-perspectives",
        f"{issue.pk}:{shown}",
        lambda: Stance.objects.perspectives_for_issue(issue),
    )
    form = RecordFilterForm(
        request.GET, fields=ISSUE, choices=FilterChoices(perspectives=perspectives)
    )
    return issue, form, (scopes, generation)


def _view(issue, filters, with_drafts: bool, pages, show_events: bool = True) -> dict:
    """What the page shows under its filters, each part reading the rows it shows: counts
    (one aggregate), a page of stances (drafts too for editors), a page of the chart's data,
    the band and the newest shifts. The chart's points come from issue_chart_data."""
    counts = issue_counts(issue, filters, with_drafts=with_drafts)
    shown, total = issue_shifts(issue, filters)
    band = issue_band(issue, filters)
    return {
        "counts": counts,
        "listed": _listed(issue, filters, with_drafts, pages["page"], counts["listed"]),
        "table": chart_table(issue, filters, pages["rows"], LISTED, count=counts["stances"]),
        "band": band,
        "shifts": {"shown": shown, "total": total},
        # The event markers the chart draws, listed beside its data.
        "events": events.for_chart({"band": band, "series": []}, [issue.pk], show=show_events),
    }


def _listed(issue, filters, with_drafts: bool, number, count: int):
    """A page of the stance list (`count` known from the counts: no second COUNT): rows for
    viewers, instances for editors (their rows open in place, drafts and retired included)."""
    if not with_drafts:
        return listed_rows(issue, filters, number, LISTED, count=count)
    listed = Paginator(
        Stance.objects.for_issue_page(issue, filters, with_drafts=True).order_by(
            "-stated_on", "-pk"
        ),
        LISTED,
    )
    listed.count = count
    return listed.get_page(number)


@read_access
def issue_page(request, slug):
    # The page differs by the reader's rights (drafts, edit controls): RIGHTS keys them.
    issue, scopes, generation = _issue(slug, RIGHTS)
    key = page_key(request, "issue", scopes, generation)
    return shared_page(
        request, "issue", key, lambda: _issue_page(request, issue, scopes, generation, key)
    )


def _issue_page(request, issue, scopes, generation, key):
    issue, filters, _ = _load(request, issue, scopes, generation)
    context = {
        "page_key": key,
        "issue": issue,
        "filters": filters,
        "scale": list(issue.labels.items()),
        "crumbs": [(issue.name, None)],
        "reset_url": reverse("issue", args=[issue.slug]),
    }
    if not filters.is_valid():
        context |= {"view": {"counts": None}, "fragment_cache_seconds": 0}
        return render_page(request, "dashboard/issue.html", context, status=400)
    editor = request.user.has_perm("corpus.change_stance")
    context |= {
        "editor": editor,
        # Editors' rows carry their own CSRF token and role-specific buttons: never share them.
        # Nor keep the fragment a second time while the whole page is being cached.
        "fragment_cache_seconds": 0 if editor or shared_render(request) else 600,
        # Lazy: computed only when the template's cached fragment misses.
        "view": SimpleLazyObject(
            lambda: _view(
                issue, filters.record_filters(), editor, _pages(request), events.shown(request.GET)
            )
        ),
        "chart_url": _url(reverse("issue-chart-data", args=[issue.slug]), filters.query()),
        "as_of": filters.cleaned_data["as_of"],
        "present_url": _url(reverse("present-issue", args=[issue.slug]), filters.query()),
        # The download carries every filter the page shows, so it holds the same rows.
        "csv_url": _url(reverse("stances-csv"), filters.query(issues=[issue.slug])),
    }
    return render_page(request, "dashboard/issue.html", context, fragment="view")


def _url(path: str, query: str) -> str:
    return f"{path}?{query}" if query else path


def _pages(request) -> dict:
    """The page of stances (`page`) and of chart data (`rows`); junk means the first."""
    return {name: request.GET.get(name) or 1 for name in ("page", "rows")}


def _window(request):
    """The chart's zoom (`from`, `to` ISO dates), or None; a bad date is a 400."""
    start, end = request.GET.get("from"), request.GET.get("to")
    if not (start or end):
        return None
    try:
        window = (
            dt.date.fromisoformat(start or "0001-01-01"),
            dt.date.fromisoformat(end or "9999-12-31"),
        )
    except ValueError:
        raise BadRequest("from and to must be dates as YYYY-MM-DD.") from None
    if window[0] > window[1]:
        raise BadRequest("from must not be after to.")
    return window


@read_access
def issue_chart_data(request, slug):
    issue, scopes, generation = _issue(slug)
    key = page_key(request, "issue-chart", scopes, generation)
    return shared_page(
        request,
        "issue-chart",
        key,
        lambda: _chart_data(request, issue, scopes, generation),
        framed=False,
    )


def _chart_data(request, issue, scopes, generation):
    issue, filters, _ = _load(request, issue, scopes, generation)
    if not filters.is_valid():
        return JsonResponse({"errors": filters.errors.get_json_data()}, status=400)

    expert, window = request.GET.get("expert", "").strip(), _window(request)

    def chart():
        drawn = issue_chart(issue, filters.record_filters(), expert=expert or None, window=window)
        drawn["events"] = events.for_chart(drawn, [issue.pk], show=events.shown(request.GET))
        return drawn

    return JsonResponse(chart())
