"""The issue page: its scale, a timeline of every expert's stances, their spread and list."""

from django import forms
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from corpus.models import Issue, Stance
from corpus.models.sources import SourceKind
from corpus.queries.issue_page import spread_by_year, timeline_chart
from dashboard.access import read_access
from dashboard.rendering import render_page


class IssueFilters(forms.Form):
    """The issue page's view state, read from the query string."""

    as_of = forms.DateField(
        required=False,
        label="As of",
        help_text="The record as it stood then: stances stated on or before this date.",
    )
    perspective = forms.ChoiceField(required=False, label="Perspective")
    kind = forms.ChoiceField(
        required=False,
        label="Source kind",
        choices=[("", "All kinds"), *SourceKind.choices],
    )

    def __init__(self, data, *, perspectives: list[str]):
        super().__init__(data)
        self.fields["perspective"].choices = [
            ("", "All perspectives"),
            *((country, country) for country in perspectives),
        ]


def _load(request, slug):
    """The issue and its validated filters (or the form with its errors)."""
    issue = get_object_or_404(Issue, slug=slug)
    filters = IssueFilters(request.GET, perspectives=Stance.objects.perspectives_for_issue(issue))
    return issue, filters


def _chart(issue, stances) -> dict:
    by_expert = sorted(stances, key=lambda s: (s.expert.name.casefold(), s.stated_on, s.pk))
    chart = timeline_chart(
        by_expert,
        series_of=lambda s: (s.expert.slug, s.expert.name, s.expert.get_absolute_url()),
        scale=issue.labels,
    )
    chart["band"] = spread_by_year(stances)
    return chart


@read_access
def issue_page(request, slug):
    issue, filters = _load(request, slug)
    context = {
        "issue": issue,
        "filters": filters,
        "scale": list(issue.labels.items()),
        "crumbs": [(issue.name, None)],
        "reset_url": reverse("issue", args=[issue.slug]),
    }
    if not filters.is_valid():
        return render_page(request, "dashboard/issue.html", context, status=400)
    stances = list(Stance.objects.for_issue_page(issue, **filters.cleaned_data))
    context |= {
        "stances": sorted(stances, key=lambda s: (s.stated_on, s.pk), reverse=True),
        "expert_count": len({s.expert_id for s in stances}),
        "chart": _chart(issue, stances),
        "shifts": Stance.objects.on_issue(issue, **filters.cleaned_data).shifts(),
        "as_of": filters.cleaned_data["as_of"],
    }
    return render_page(request, "dashboard/issue.html", context, fragment="view")


@read_access
def issue_chart_data(request, slug):
    issue, filters = _load(request, slug)
    if not filters.is_valid():
        return JsonResponse({"errors": filters.errors.get_json_data()}, status=400)
    stances = list(Stance.objects.for_issue_page(issue, **filters.cleaned_data))
    return JsonResponse(_chart(issue, stances))
