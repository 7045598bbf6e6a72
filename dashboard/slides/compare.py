"""The compare table as a slide: issues in rows, 2–4 experts in columns, disagreements flagged."""

from corpus.models import Issue, Stance
from corpus.pages.compare import MAX_EXPERTS, MIN_EXPERTS, compare_rows
from corpus.pages.latest import latest_words
from dashboard.csv_export import SOURCE_COLUMNS, csv_value, source_cells
from dashboard.forms.compare import CompareForm, compare_url
from dashboard.slides import Caption, Slide, SlideError, number_evidence


def build(target: str, params) -> Slide:
    form = CompareForm(params)
    if not form.is_valid():
        raise SlideError("; ".join(" ".join(errors) for errors in form.errors.values()))
    experts, slugs = form.selected, form.slugs
    if not MIN_EXPERTS <= len(experts) <= MAX_EXPERTS:
        raise SlideError(f"Compare needs {MIN_EXPERTS} to {MAX_EXPERTS} experts (experts=a,b,c).")
    stances = list(Stance.objects.for_compare(experts))
    rows = compare_rows(list(Issue.objects.all()), experts, latest_words(stances))
    csv_rows = [
        [
            row.subject.name,
            expert.name,
            csv_value(word),
            word.label,
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
        evidence=number_evidence(
            (word, word.records) for row in rows for _, word in row.cells if word
        ),
        context={"rows": rows, "experts": experts},
        caption=Caption(
            len({s.source_id for s in stances}), len(experts), sources=[s.source for s in stances]
        ),
        csv_header=["issue", "expert", "position", "label", "stated", *SOURCE_COLUMNS],
        csv_rows=csv_rows,
        page_url=compare_url(slugs),
    )
