"""The scenario board as a slide: scenarios × experts, each cell the latest likelihood in words."""

from django.urls import reverse

from corpus.models import Scenario
from corpus.pages.scenarios import board as build_board
from dashboard.csv_export import SOURCE_COLUMNS, source_cells
from dashboard.slides import Caption, Slide

# Columns that fit at 1920×1080 with the words printed in every cell.
SLIDE_EXPERTS = 9


def build(target: str, params) -> Slide:
    scenarios = list(Scenario.objects.all())
    board = build_board(scenarios, per_page=SLIDE_EXPERTS)
    rows, sources, experts = [], set(), set()
    for row in board.rows:
        for expert, word in row.cells:
            if word:
                experts.add(expert.pk)
                sources.update(r.source_id for r in word.records)
                rows.append(
                    [
                        row.subject.title,
                        expert.name,
                        word.value,
                        word.records[0].likelihood_label,
                        word.stated_display,
                        *source_cells(r.source for r in word.records),
                    ]
                )
    return Slide(
        kind="scenarios",
        title="How likely are these futures?",
        subtitle="Each expert's latest published assessment, 1 very unlikely … 5 very likely"
        + (
            f" · experts 1–{len(board.experts)} of {board.page.paginator.count}"
            if board.page.has_other_pages()
            else ""
        ),
        template="present/_board.html",
        context={"board": board},
        caption=Caption(len(sources), len(experts)),
        csv_header=["scenario", "expert", "likelihood", "in words", "stated", *SOURCE_COLUMNS],
        csv_rows=rows,
        page_url=reverse("scenarios"),
    )
