"""The scenario board as a slide: scenarios × experts, each cell the latest likelihood in words."""

from django.urls import reverse

from corpus.models import Scenario, ScenarioAssessment
from corpus.pages.scenarios import board as build_board
from dashboard.csv_export import SOURCE_COLUMNS, source_cells
from dashboard.slides import Caption, Slide, number_evidence, page_label

# Columns that fit at 1920×1080 with the words printed in every cell.
SLIDE_EXPERTS = 9


def build(target: str, params) -> Slide:
    scenarios = list(Scenario.objects.all())
    board = build_board(scenarios, _page_number(params), per_page=SLIDE_EXPERTS)
    rows, sources, experts, named = [], set(), set(), []
    for row in board.rows:
        for expert, word in row.cells:
            if word:
                experts.add(expert.pk)
                sources.update(r.source_id for r in word.records)
                named.extend(r.source for r in word.records)
                rows.append(
                    [
                        row.subject.title,
                        expert.name,
                        word.summary,
                        word.label,
                        word.stated_display,
                        *source_cells(r.source for r in word.records),
                    ]
                )
    return Slide(
        kind="scenarios",
        title="How likely are these futures?",
        subtitle="Each expert's latest published assessment, 1 very unlikely … 5 very likely"
        + page_label(board.page),
        template="present/_board.html",
        evidence=number_evidence(
            (word, word.records) for row in board.rows for _, word in row.cells if word
        ),
        context={"board": board},
        caption=Caption(len(sources), len(experts), sources=named),
        csv_header=["scenario", "expert", "likelihood", "in words", "stated", *SOURCE_COLUMNS],
        csv_rows=rows,
        page_url=reverse("scenarios"),
        page=board.page.number,
        pages=board.page.paginator.num_pages,
    )


def pages(params) -> int:
    """Pages of SLIDE_EXPERTS columns the board fills (at least one)."""
    count = ScenarioAssessment.objects.published().values("expert_id").distinct().count()
    return max(1, -(-count // SLIDE_EXPERTS))


def _page_number(params) -> int:
    value = params.get("page", "")
    return int(value) if value.isascii() and value.isdigit() and int(value) > 0 else 1
