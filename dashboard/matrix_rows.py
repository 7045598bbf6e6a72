"""The overview matrix's body rows: built in Python, cached per expert.

A row shows one expert's cells. It is keyed on that expert's generation (every change to
their records or to them moves it), the people generation (names, organisations and the
issues' words), the columns and the filters in the cell links, and the day: an edit
re-renders the rows it touched and the rest of the page's rows come from one get_many.
"""

import datetime as dt
from urllib.parse import quote

from django.utils.html import format_html
from django.utils.safestring import mark_safe

from corpus.page_cache import PEOPLE, cached_parts, generation_values
from corpus.pages.links import link_to

_EMPTY_CELL = mark_safe(
    '<td class="cell"><span class="cell-empty"><span aria-hidden="true">–</span>'
    '<span class="visually-hidden">no published stance</span></span></td>'
)


def _cell(expert, cell, links) -> str:
    if cell is None:
        return _EMPTY_CELL
    issue, label, stated = cell.issue, cell.label, cell.stated_display
    if cell.is_split:
        value = format_html(
            '<span class="num">split</span><span class="range">{} ({} statements)</span>',
            cell.split_values,
            cell.count,
        )
    else:
        value = format_html('<span class="num">{}</span>', cell.display)
    head, middle, tail = links["quotes"]
    return format_html(
        '<td class="cell"><a class="cell-link {}" data-cell="{}" href="{}{}"\n'
        ' hx-get="{}{}{}{}{}" hx-target="#panel" hx-swap="outerHTML"\n'
        ' title="{} on {}: {}, {}; stated {}">\n'
        '<span class="visually-hidden"><bdi>{}</bdi> on <bdi>{}</bdi>:</span>\n'
        '{}\n<span class="cell-label">{}</span>\n'
        '<span class="visually-hidden">; stated {}. Show quotes</span>\n</a></td>',
        cell.css_class,
        cell.key,
        links["open"],
        quote(cell.key, safe=""),
        head,
        expert.slug,
        middle,
        issue.slug,
        tail,
        expert.name,
        issue.name,
        cell.summary,
        label,
        stated,
        expert.name,
        issue.name,
        value,
        label,
        stated,
    )


def _row(expert, cells, links, expert_url) -> str:
    organisation = expert.organisation
    org = (
        format_html(
            '<span class="muted org"><bdi>{}</bdi>{}</span>',
            organisation.name,
            f" · {expert.perspective}" if expert.perspective else "",
        )
        if organisation
        else ""
    )
    return format_html(
        '<tr>\n<th scope="row"><a href="{}"><bdi>{}</bdi></a>{}</th>\n{}\n</tr>',
        expert_url(expert.slug),
        expert.name,
        org,
        mark_safe("\n".join(_cell(expert, cell, links) for cell in cells)),
    )


def render_rows(rows, links) -> dict:
    """{expert pk: the row's HTML} for (expert, cells) rows (links: see the overview view)."""
    expert_url = link_to("expert")
    return {expert.pk: _row(expert, cells, links, expert_url) for expert, cells in rows}


def matrix_body(matrix, links) -> str:
    """The matrix page's body rows: cached ones from the cache, the others read and built."""
    experts = matrix.experts
    scopes = {expert.pk: f"expert:{expert.pk}" for expert in experts}
    values = generation_values([PEOPLE, *scopes.values()])
    base = "\n".join(
        [
            dt.date.today().isoformat(),
            f"{PEOPLE}={values[PEOPLE]}",
            ",".join(str(issue.pk) for issue in matrix.issues),
            links["open"],
            *links["quotes"],
        ]
    )
    keys = {pk: f"{base}\n{scope}={values[scope]}" for pk, scope in scopes.items()}
    by_pk = {expert.pk: expert for expert in experts}

    def compute(missing):
        return render_rows(matrix.rows_of([by_pk[pk] for pk in missing]), links)

    rows = cached_parts("overview-row", keys, compute)
    return mark_safe("\n".join(rows[expert.pk] for expert in experts))
