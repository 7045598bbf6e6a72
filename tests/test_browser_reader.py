"""The source reader in a real browser: a stance's permalink scrolls to its marked quote."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from corpus.models import Source, Stance

pytestmark = pytest.mark.browser


def _late_stance():
    """A published stance near the end of a long source, so reaching it needs a scroll."""
    return (
        Stance.objects.published()
        .filter(source__path__startswith="004_")
        .order_by("-quote_start")
        .first()
    )


def test_a_stance_permalink_scrolls_to_its_quote_and_lights_it_up(app):
    stance = _late_stance()
    page = app.goto(reverse("stance", args=[stance.pk]))
    expect(page).to_have_url(re.compile(rf"/sources/{stance.source_id}/#stance-{stance.pk}$"))
    mark = page.locator(f"#stance-{stance.pk}")
    expect(mark).to_have_class(re.compile(r"\bis-target\b"))
    expect(mark).to_be_in_viewport()
    expect(mark).to_be_focused()
    assert page.evaluate(f"document.getElementById('stance-{stance.pk}').matches(':target')")
    # The text inside the mark is the stored quote.
    assert mark.evaluate("el => el.textContent").startswith(stance.quote[:40])
    expect(page.locator(f"#rec-stance-{stance.pk}")).to_have_class(re.compile(r"\bis-target\b"))


def test_show_in_text_moves_the_highlight_to_another_quote(app):
    source = Source.objects.get(path__startswith="001_")
    first, last = (
        Stance.objects.published().filter(source=source).order_by("quote_start")[i] for i in (0, 5)
    )
    page = app.goto(f"{reverse('source', args=[source.pk])}#stance-{first.pk}")
    expect(page.locator(f"#stance-{first.pk}")).to_have_class(re.compile("is-target"))
    page.locator(f"#rec-stance-{last.pk} .show-in-text").click()
    expect(page.locator(f"#stance-{last.pk}")).to_have_class(re.compile("is-target"))
    expect(page.locator(f"#stance-{first.pk}")).not_to_have_class(re.compile("is-target"))
    expect(page.locator(f"#stance-{last.pk}")).to_be_in_viewport()


def test_a_quotes_number_opens_its_card_with_the_summary(app):
    stance = _late_stance()
    page = app.goto(reverse("source", args=[stance.source_id]))
    card = page.locator(f"#card-stance-{stance.pk}")
    expect(card).to_be_hidden()
    page.locator(f'.reader-text button[popovertarget="card-stance-{stance.pk}"]').click()
    expect(card).to_be_visible()
    expect(card).to_contain_text(stance.summary)
    expect(card).to_contain_text(stance.expert.name)
    page.keyboard.press("Escape")
    expect(card).to_be_hidden()


def test_clicking_a_highlight_opens_its_card(app):
    stance = _late_stance()
    page = app.goto(reverse("source", args=[stance.source_id]))
    page.locator(f"#stance-{stance.pk}").click()
    expect(page.locator(".q-card:popover-open")).to_have_count(1)
    expect(page.locator(".q-card:popover-open")).to_contain_text(stance.expert.name)
