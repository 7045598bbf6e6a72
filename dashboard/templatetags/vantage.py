"""Display helpers shared by every page: positions, likelihoods, partial dates."""

from django import template
from django.utils.html import json_script

from corpus import marks
from corpus.dates import format_partial
from corpus.models.taxonomy import LIKELIHOODS
from corpus.pages.issue_page import first_words as _first_words
from corpus.pages.latest import POSITION_CLASSES
from corpus.pages.latest import signed as format_signed

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
    """A date at its precision: 2016, 2016-03 or 2016-03-07."""
    return format_partial(date, precision) if date else ""


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
