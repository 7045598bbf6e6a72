"""The overview matrix as a slide: the first experts of the filtered matrix, large."""

from django.urls import reverse

from corpus.models import Stance
from corpus.pages.overview import experts_shown
from corpus.pages.overview import matrix as build_matrix
from dashboard.csv_export import SOURCE_COLUMNS, csv_value, source_cells
from dashboard.forms.filters import OVERVIEW, RecordFilterForm
from dashboard.slides import Caption, Slide, SlideError, number_evidence, page_label

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
    records = _cell_records(filters, [expert for expert, _ in matrix.rows])
    rows = []
    for expert, cells in matrix.rows:
        for cell in cells:
            if cell:
                rows.append(
                    [
                        expert.name,
                        cell.issue.name,
                        csv_value(cell),
                        cell.label,
                        cell.stated_on.isoformat(),
                        *source_cells(
                            s.source for s in records.get((expert.pk, cell.issue.pk), [])
                        ),
                    ]
                )
    return Slide(
        kind="overview",
        title="Who says what",
        subtitle="Each expert's latest published position" + page_label(matrix.page),
        template="present/_overview.html",
        evidence=number_evidence(
            (c, records[(c.expert.pk, c.issue.pk)]) for _, cells in matrix.rows for c in cells if c
        ),
        context={"matrix": matrix},
        caption=Caption(
            totals["sources"],
            totals["experts"],
            filters.as_of,
            sources=[s.source for cell in records.values() for s in cell],
        ),
        csv_header=["expert", "issue", "position", "label", "stated_on", *SOURCE_COLUMNS],
        csv_rows=rows,
        page_url=reverse("overview") + (f"?{query}" if (query := form.query()) else ""),
        page=matrix.page.number,
        pages=matrix.page.paginator.num_pages,
    )


def pages(params) -> int:
    """Pages of ROWS_ON_A_SLIDE experts the filtered matrix fills (at least one)."""
    form = RecordFilterForm(params, fields=OVERVIEW)
    if not form.is_valid():
        return 1
    return max(1, -(-experts_shown(form.record_filters()) // ROWS_ON_A_SLIDE))


def _cell_records(filters, experts) -> dict:
    """The stances behind each cell shown, with their sources (one query)."""
    records: dict[tuple[int, int], list] = {}
    latest = (
        Stance.objects.latest_per_cell(filters)
        .filter(expert__in=experts)
        .select_related("expert", "source")
        .defer("source__text")
        .order_by("stated_on", "pk")
    )
    for stance in latest:
        records.setdefault((stance.expert_id, stance.issue_id), []).append(stance)
    return records
