"""Display helpers shared by every page: positions, likelihoods, partial dates."""

import datetime as dt
import html
from urllib.parse import urlsplit

from django import template
from django.utils.html import format_html, format_html_join, json_script
from django.utils.safestring import mark_safe

from corpus import marks
from corpus.dates import human_date, human_partial
from corpus.models.taxonomy import LIKELIHOODS
from corpus.pages.issue_page import first_words as _first_words
from corpus.pages.latest import POSITION_CLASSES
from corpus.pages.latest import signed as format_signed
from dashboard.matrix_rows import matrix_body

register = template.Library()


@register.filter
def signed(value) -> str:
    """+1, 0, −1 (with a true minus sign) for a position; nothing for no value."""
    if value is None or value == "":
        return ""
    return format_signed(float(value) if isinstance(value, str) else value)


@register.filter
def position_class(value) -> str:
    """The CSS class of a position's colour on the diverging scale."""
    if value is None or value == "":
        return "pos-empty"
    return POSITION_CLASSES.get(int(value), "pos-empty")


@register.filter
def likelihood_label(value) -> str:
    return LIKELIHOODS.get(int(value), "") if value not in (None, "") else ""


@register.filter
def likelihood_class(value) -> str:
    return f"lik-{int(value)}" if value not in (None, "") else "lik-empty"


@register.simple_tag
def partial_date(date, precision) -> str:
    """A date at its precision, as people write it: 2016, March 2016 or 7 March 2016."""
    return human_partial(date, precision) if date else ""


@register.filter
def label_for(issue, position) -> str:
    """The issue's scale label at a position."""
    return (
        issue.label_for(int(position)) if issue is not None and position not in (None, "") else ""
    )


@register.simple_tag
def vantage_scales():
    """The JSON block static/js/scales.js reads: likelihood words and the experts' marks."""
    data = {
        "likelihoods": {str(k): v for k, v in LIKELIHOODS.items()},
        "colours": list(marks.COLOURS),
        "shapes": list(marks.SHAPES),
    }
    return json_script(data, "vantage-scales")


@register.filter
def first_words(text, count=30) -> str:
    """A quote's first words, with an ellipsis when it goes on (shortened, never reworded)."""
    return _first_words(text or "", int(count))


@register.simple_tag
def matrix_rows(matrix, links):
    """The overview matrix's body rows, built in Python (hundreds of cells, each escaped by
    format_html, in a fraction of what as many template nodes cost) and cached per expert."""
    return matrix_body(matrix, links)


@register.filter
def machine_datetime(value) -> str:
    """A moment for a <time datetime> attribute: ISO 8601 to the second, in UTC ("…Z").

    Django's "c" format carries microseconds, which HTML's datetime syntax does not allow."""
    if not value:
        return ""
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@register.filter
def facet_base(form, name) -> str:
    """The search form's query string without one facet: the base of a link setting it."""
    return form.without(name)


@register.filter
def human_day(value) -> str:
    """A date (or a datetime's day) as people write it: "3 March 2022"."""
    if not value:
        return ""
    return human_date(value.date() if hasattr(value, "date") and callable(value.date) else value)


@register.filter
def url_host(url) -> str:
    """A link's site, for its text: "www.example.org" of "https://www.example.org/a/b"."""
    return urlsplit(str(url)).hostname or str(url)


@register.filter
def browse_url(form, organisation) -> str:
    """The compare page with this organisation opened (or closed) in the browse list."""
    return form.browse_url(organisation)


@register.filter
def add_url(form, expert) -> str:
    """The compare page with this expert added."""
    return form.add_url(expert)


@register.simple_tag
def fast_select(bound_field) -> str:
    """A choice field as a plain <select>, built in one pass: Django's widget templates render
    each <option> through a template include, and even format_html costs milliseconds for the
    search page's few hundred organisations. Same name, id, label target and choices."""
    value = bound_field.value()
    chosen = {str(v) for v in value} if isinstance(value, list | tuple) else {str(value or "")}
    # html.escape is what django.utils.html.escape applies, without its lazy-string wrapper.
    options = "".join(
        f'<option value="{html.escape(str(v))}"{" selected" if str(v) in chosen else ""}>'
        f"{html.escape(str(label))}</option>"
        for v, label in bound_field.field.choices
    )
    name, element_id = bound_field.html_name, bound_field.id_for_label
    return format_html(
        '<select name="{}" id="{}">{}</select>', name, element_id, mark_safe(options)
    )


@register.simple_tag
def fast_checkboxes(bound_field) -> str:
    """A multiple-choice field as checkboxes with their labels, built in one pass."""
    chosen = {str(v) for v in bound_field.value() or []}
    return format_html_join(
        "",
        '<label><input type="checkbox" name="{}" value="{}"{}> {}</label>',
        (
            (bound_field.html_name, v, mark_safe(" checked") if str(v) in chosen else "", label)
            for v, label in bound_field.field.choices
        ),
    )


@register.inclusion_tag("dashboard/_pager.html", takes_context=True)
def pager(context, page, param, label, noun, anchor="", previous="← Previous", next="Next →"):
    """A list's previous and next links: this URL with `param` moved one page (the other
    parameters kept, as `{% querystring %}` does), then `#anchor`."""

    def url(number):
        query = context["request"].GET.copy()
        query[param] = number
        return f"?{query.urlencode()}" + (f"#{anchor}" if anchor else "")

    return {
        "page": page,
        "label": label,
        "noun": noun,
        "previous": previous,
        "next": next,
        "previous_url": url(page.previous_page_number()) if page.has_previous() else "",
        "next_url": url(page.next_page_number()) if page.has_next() else "",
    }
