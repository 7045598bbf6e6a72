"""An issue timeline as a slide: the question as title, a series per expert, the yearly spread."""

from django.shortcuts import get_object_or_404
from django.urls import reverse

from corpus.marks import expert_mark
from corpus.models import Issue, Stance
from corpus.pages import events
from corpus.pages.issue_page import spread_by_year, timeline_chart
from dashboard.csv_export import SOURCE_COLUMNS, source_cells
from dashboard.forms.filters import ISSUE, FilterChoices, RecordFilterForm
from dashboard.slides import Caption, Slide, SlideError


def build(slug: str, params) -> Slide:
    issue = get_object_or_404(Issue, slug=slug)
    form = RecordFilterForm(params, fields=ISSUE, choices=_choices(issue))
    if not form.is_valid():
        raise SlideError(form.errors_text())
    filters = form.record_filters()
    # What a slide shows of each stance: its expert and source, no other join; the issue is
    # the one loaded above, set on each rather than joined and built once per row.
    stances = list(
        Stance.objects.on_issue(issue, filters)
        .select_related("expert", "source")
        .defer("source__text")
        .order_by("stated_on", "expert__name", "pk")
    )
    for stance in stances:
        stance.issue = issue
    chart = timeline_chart(stances, lambda s: (s.expert_id, s.expert.name, ""), issue.labels)
    # Footnote numbers follow the evidence slide's order: by date, then expert.
    footnote = {s.pk: n for n, s in enumerate(stances, start=1)}
    chart["band"] = spread_by_year(stances)
    markers = events.for_chart(chart, [issue.pk], show=events.shown(form.cleaned_data))
    spec = {
        "yLabels": {str(p): label for p, label in issue.labels.items()},
        "yMin": -2.4,
        "yMax": 2.4,
        "signed": True,
        "series": [
            {
                "label": series["label"],
                **expert_mark(series["key"]).as_json(),
                "points": [
                    {"x": p["x"], "y": p["y"], "n": footnote[p["id"]]} for p in series["points"]
                ],
            }
            for series in chart["series"]
        ],
        "band": [{"x": y["mid"], "low": y["min"], "high": y["max"]} for y in chart["band"]],
        "events": [{"x": e["x"], "label": e["label"], "date": e["date"]} for e in markers],
    }
    sources = {s.source_id for s in stances}
    return Slide(
        kind="issue",
        title=issue.question,
        subtitle=f"{issue.name}: −2 {issue.label_minus_2} … +2 {issue.label_plus_2}",
        template="present/_timeline.html",
        evidence=stances,
        context={"chart": spec, "issue": issue, "events": markers},
        caption=Caption(
            len(sources),
            len({s.expert_id for s in stances}),
            filters.as_of,
            sources=[s.source for s in stances],
        ),
        csv_header=["expert", "stated", "position", "label", "summary", "quote", *SOURCE_COLUMNS],
        csv_rows=[
            [
                s.expert.name,
                s.stated_display,
                s.position,
                s.position_label,
                s.summary,
                s.quote,
                *source_cells([s.source]),
            ]
            for s in stances
        ],
        page_url=reverse("issue", args=[issue.slug])
        + (f"?{query}" if (query := form.query()) else ""),
    )


def _choices(issue) -> FilterChoices:
    """The issue page's own perspectives: those of experts with a stance on the issue."""
    return FilterChoices(perspectives=lambda: Stance.objects.perspectives_for_issue(issue))


def _with_query(path: str, query: str) -> str:
    return f"{path}?{query}" if query else path
