"""The compare page's cells: built in Python, cached per expert (one column at a time).

An expert's column holds their cell on every issue and scenario. It is keyed on that
expert's generation (every change to their records or to them moves it), the people
generation (names, organisations, sources, the issues' and scenarios' words), the rows and
the edit controls the reader gets: an edit builds the edited expert's column again and the
other columns come from one get_many. A row's disagreement is told from the values each
cell keeps beside its HTML.
"""

from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import mark_safe

from corpus.models import ScenarioAssessment, Stance
from corpus.models.taxonomy import LIKELIHOODS
from corpus.page_cache import PEOPLE, cached_parts
from corpus.pages.compare import CompareRow
from corpus.pages.latest import POSITION_CLASSES, latest_words, signed
from corpus.pages.links import link_to

_NO_POSITION = mark_safe(
    '<td data-label="{}">\n<span class="pos pos-empty" title="No published position">'
    '<span aria-hidden="true">–</span><span class="visually-hidden">no position recorded</span>'
    '</span>\n<span class="empty-note">No published position</span>\n</td>'
)
_NO_ASSESSMENT = mark_safe(
    '<td data-label="{}">\n<span class="lik lik-empty"><span aria-hidden="true">–</span>'
    '<span class="visually-hidden">no assessment recorded</span></span>\n'
    '<span class="empty-note">No published assessment</span>\n</td>'
)


@dataclass(frozen=True)
class Cell:
    """One expert's cell in a row: its HTML, and the values stated (none for an empty cell),
    which is what the row's spread and poles read (`CompareRow`)."""

    html: str
    distinct: tuple = ()

    def __bool__(self) -> bool:
        return bool(self.distinct)

    @property
    def low(self) -> int:
        return self.distinct[0]

    @property
    def high(self) -> int:
        return self.distinct[-1]


class _Links:
    """Every URL a column links to, each route reversed once."""

    def __init__(self):
        self.expert = link_to("expert")
        self.stance, self.assessment = link_to("stance"), link_to("assessment")
        self.edit = {"stance": link_to("stance-edit"), "assessment": link_to("assessment-edit")}


def _edit_link(links: _Links, kind: str, record, what: str) -> str:
    url = links.edit[kind](record.pk)
    return format_html(
        '<a class="button small" href="{}" hx-get="{}" hx-target="#record-{}-{}" '
        'hx-swap="outerHTML">Edit<span class="visually-hidden"> {}</span></a>\n',
        url,
        url,
        kind,
        record.pk,
        what,
    )


def _quote(links: _Links, url: str, expert, record) -> str:
    return format_html(
        '<figure class="quote">\n<blockquote cite="{}"><p>“{}”</p></blockquote>\n'
        '<figcaption>— <a href="{}"><bdi>{}</bdi></a>, <a href="{}" class="source-link">'
        "<bdi>{}</bdi></a> ({})</figcaption>\n</figure>",
        url,
        record.quote,
        links.expert(expert.slug),
        expert.name,
        url,
        record.source.title,
        record.stated_display,
    )


def _stated(word, split_note: str = "") -> str:
    many = f" in {word.count} statements" if word.count > 1 else ""
    return format_html('<p class="stated">Stated {}{}{}</p>', word.stated_display, many, split_note)


def _position_cell(links: _Links, expert, issue, word, can_edit: bool) -> str:
    if word.is_split:
        mark = format_html(
            '<span class="pos split" tabindex="0">split {}</span>', word.split_values
        )
        note = format_html(
            '\n<p class="spread-note">A split: these {} statements of the same date disagree '
            "({}); each is listed below.</p>",
            word.count,
            word.split_values,
        )
    else:
        value = signed(word.value)
        mark = format_html(
            '<span class="pos {}" title="{}: {}" tabindex="0">{}<span class="pos-label">'
            '<span class="visually-hidden">: </span>{}</span></span>',
            POSITION_CLASSES.get(word.value, "pos-empty"),
            value,
            word.label,
            value,
            word.label,
        )
        note = ""
    what = f"{expert.name} on {issue.name}"
    records = []
    for record in word.records:
        url = links.stance(record.pk)
        records.append(
            format_html(
                '<div id="record-stance-{}" class="cell-record">\n<p class="summary">{}{}</p>\n'
                "{}\n{}</div>",
                record.pk,
                format_html('<span class="record-pos">{}</span> ', signed(record.position))
                if word.count > 1
                else "",
                record.summary,
                _quote(links, url, expert, record),
                _edit_link(links, "stance", record, what) if can_edit else "",
            )
        )
    return format_html(
        '<td data-label="{}">\n<div class="position">\n{}\n<span class="position-label">{}'
        "</span>\n</div>\n{}{}\n{}\n</td>",
        expert.name,
        mark,
        word.label,
        _stated(word),
        note,
        mark_safe("\n".join(records)),
    )


def _likelihood_cell(links: _Links, expert, scenario, word, can_edit: bool) -> str:
    if word.is_split:
        mark = format_html(
            '<span class="lik split" tabindex="0">split {} <small>{}</small></span>',
            word.split_values,
            word.label,
        )
    else:
        words = LIKELIHOODS.get(word.value, "")
        mark = format_html(
            '<span class="lik lik-{}" title="{}/5: {}" tabindex="0">{}<small>/5</small> '
            '<span class="lik-words">{}</span></span>',
            word.value,
            word.value,
            words,
            word.value,
            words,
        )
    what = f"{expert.name} on {scenario.title}"
    records = []
    for record in word.records:
        url = links.assessment(record.pk)
        records.append(
            format_html(
                '<div id="record-assessment-{}" class="cell-record">\n'
                '<details class="quote-details">\n<summary>Rationale and quote</summary>\n'
                '<p class="summary">{}</p>\n{}\n</details>\n{}</div>',
                record.pk,
                record.rationale,
                _quote(links, url, expert, record),
                _edit_link(links, "assessment", record, what) if can_edit else "",
            )
        )
    split = ", which disagree" if word.is_split else ""
    return format_html(
        '<td data-label="{}">\n{}\n{}\n{}\n</td>',
        expert.name,
        mark,
        _stated(word, split),
        mark_safe("\n".join(records)),
    )


def _column(expert, issues, scenarios, stances, assessments, edits) -> dict:
    """{"issues": {pk: (html, values)}, "scenarios": {…}}: what the cache keeps of a column."""
    links = _Links()
    column = {"issues": {}, "scenarios": {}}
    for issue in issues:
        word = stances.get((expert.pk, issue.pk))
        column["issues"][issue.pk] = (
            (_position_cell(links, expert, issue, word, edits[0]), tuple(word.distinct))
            if word
            else (format_html(_NO_POSITION, expert.name), ())
        )
    for scenario in scenarios:
        word = assessments.get((expert.pk, scenario.pk))
        column["scenarios"][scenario.pk] = (
            (_likelihood_cell(links, expert, scenario, word, edits[1]), tuple(word.distinct))
            if word
            else (format_html(_NO_ASSESSMENT, expert.name), ())
        )
    return column


# What a cell shows of a record (and of its source): nothing else is read.
STANCE_SHOWN = ("expert", "issue", "position", "summary", "quote", "stated_on", "stated_precision")
ASSESSMENT_SHOWN = (
    *("expert", "scenario", "likelihood", "rationale", "quote", "stated_on", "stated_precision"),
)


def _latest_words(model, experts, subjects: dict, shown: tuple) -> dict:
    """latest_words() of these experts' latest published records of model (as
    `for_compare` reads them), loading only what a cell shows: the experts and the subjects
    are the ones the page already holds, not joined into every record."""
    by_pk = {expert.pk: expert for expert in experts}
    subject = shown[1]
    records = list(
        model.objects.filter(pk__in=model.objects.latest_ids(experts))
        .select_related("source")
        .only(*shown, "source__title")
        .order_by("stated_on", "pk")
    )
    for record in records:
        record.expert = by_pk[record.expert_id]
        setattr(record, subject, subjects[getattr(record, f"{subject}_id")])
    return latest_words(records)


def compare_tables(experts, issues, scenarios, *, values: dict, edits: tuple[bool, bool]):
    """The issue rows and the scenario rows of the compare page, as `CompareRow`s of `Cell`s.

    values: the generations of PEOPLE and of each expert's scope; edits: whether the reader
    gets Edit buttons on stances and on assessments.
    """
    by_pk = {expert.pk: expert for expert in experts}
    rows = ",".join(str(i.pk) for i in issues) + ";" + ",".join(str(s.pk) for s in scenarios)
    base = f"{PEOPLE}={values[PEOPLE]}\n{rows}\nedits={edits}"
    keys = {pk: f"{base}\nexpert:{pk}={values[f'expert:{pk}']}" for pk in by_pk}

    def compute(missing):
        chosen = [by_pk[pk] for pk in missing]
        stances = _latest_words(Stance, chosen, {i.pk: i for i in issues}, STANCE_SHOWN)
        assessments = _latest_words(
            ScenarioAssessment, chosen, {s.pk: s for s in scenarios}, ASSESSMENT_SHOWN
        )
        return {
            pk: _column(by_pk[pk], issues, scenarios, stances, assessments, edits) for pk in missing
        }

    columns = cached_parts("compare-column", keys, compute)

    def table(subjects, kind):
        return [
            CompareRow(subject, [(e, _cell(columns[e.pk][kind][subject.pk])) for e in experts])
            for subject in subjects
        ]

    return table(issues, "issues"), table(scenarios, "scenarios")


def _cell(kept: tuple) -> Cell:
    html, values = kept
    return Cell(mark_safe(html), values)
