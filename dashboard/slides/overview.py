"""The overview matrix as a slide: the first experts of the filtered matrix, large."""

from django.urls import reverse

from corpus.models import Stance
from corpus.pages.overview import matrix as build_matrix
from dashboard.forms.filters import OVERVIEW, RecordFilterForm
from dashboard.slides import Caption, Slide, SlideError

# What fits at 1920×1080 with the labels printed in every cell.
ROWS_ON_A_SLIDE = 10


def build(target: str, params) -> Slide:
    form = RecordFilterForm(params, fields=OVERVIEW)
    if not form.is_valid():
        raise SlideError(form.errors_text())
    filters = form.record_filters()
    page_number = form.cleaned_data["page"] or 1
    matrix = build_matrix(filters, page_number, per_page=ROWS_ON_A_SLIDE)
    totals = Stance.objects.matching(filters).record_totals()
    rows = []
    for expert, cells in matrix.rows:
        for cell in cells:
            if cell:
                rows.append(
                    [
                        expert.name,
                        cell.issue.name,
                        cell.summary,
                        cell.label,
                        cell.stated_on.isoformat(),
                    ]
                )
    shown = len(matrix.rows)
    total = matrix.page.paginator.count
    return Slide(
        kind="overview",
        title="Who says what",
        subtitle=(
            "Each expert's latest published position"
            + (
                f" · experts {matrix.page.start_index()}–{matrix.page.end_index()} of {total}"
                if total > shown
                else ""
            )
        ),
        template="present/_overview.html",
        context={"matrix": matrix},
        caption=Caption(totals["sources"], totals["experts"], filters.as_of),
        csv_header=["expert", "issue", "position", "label", "stated_on"],
        csv_rows=rows,
        page_url=reverse("overview") + (f"?{query}" if (query := form.query()) else ""),
    )
