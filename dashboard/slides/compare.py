"""The compare table as a slide: issues in rows, 2–4 experts in columns, disagreements flagged."""

from django.urls import reverse

from corpus.models import Expert, Issue, Stance
from corpus.pages.compare import MAX_EXPERTS, MIN_EXPERTS, compare_rows
from corpus.pages.latest import latest_words
from dashboard.csv_export import SOURCE_COLUMNS, source_cells
from dashboard.slides import Caption, Slide, SlideError


def _slugs(params) -> list[str]:
    slugs = []
    for value in params.getlist("experts"):
        slugs.extend(s.strip() for s in value.split(",") if s.strip())
    return list(dict.fromkeys(slugs))


def build(target: str, params) -> Slide:
    slugs = _slugs(params)
    if not MIN_EXPERTS <= len(slugs) <= MAX_EXPERTS:
        raise SlideError(f"Compare needs {MIN_EXPERTS} to {MAX_EXPERTS} experts (experts=a,b,c).")
    found = {e.slug: e for e in Expert.objects.for_compare(slugs)}
    missing = [s for s in slugs if s not in found]
    if missing:
        raise SlideError(f"Unknown expert: {', '.join(missing)}.")
    experts = [found[s] for s in slugs]
    stances = list(Stance.objects.for_compare(experts))
    rows = compare_rows(list(Issue.objects.all()), experts, latest_words(stances))
    csv_rows = [
        [
            row.subject.name,
            expert.name,
            word.value,
            row.subject.label_for(word.value),
            word.stated_display,
            *source_cells(r.source for r in word.records),
        ]
        for row in rows
        for expert, word in row.cells
        if word
    ]
    return Slide(
        kind="compare",
        title="Where they agree, and where they don't",
        subtitle=" · ".join(e.name for e in experts),
        template="present/_compare.html",
        evidence=[r for row in rows for _, word in row.cells if word for r in word.records],
        context={"rows": rows, "experts": experts},
        caption=Caption(
            len({s.source_id for s in stances}), len(experts), sources=[s.source for s in stances]
        ),
        csv_header=["issue", "expert", "position", "label", "stated", *SOURCE_COLUMNS],
        csv_rows=csv_rows,
        page_url=reverse("compare") + f"?experts={','.join(slugs)}",
    )
