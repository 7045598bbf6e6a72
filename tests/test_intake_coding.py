"""The coding queue of a new source, and quote selection within one speaker's turn."""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from corpus.coding import keyword_patterns, tags_for
from corpus.models import Expert, Issue, PassageReview, Source, Stance
from tests.factories import IssueFactory
from tests.htmx import HTMX
from tests.intake.documents import COLON_PANEL
from tests.intake.helpers import accept


def _added(client):
    client.post(
        reverse("source-new"),
        {
            "title": "Panel",
            "publisher": "P",
            "kind": "transcript",
            "published": "2025",
            "layout": "auto",
            "text": COLON_PANEL.text(),
        },
    )
    accept(client)
    return Source.objects.latest("pk")


def test_the_queue_lists_passages_held_by_experts_with_suggested_issues(editor_client, seeded):
    source = _added(editor_client)
    page = editor_client.get(reverse("source-coding", args=[source.pk])).content.decode()
    ukraine = Issue.objects.get(slug="ukraine")
    assert f"issue={ukraine.slug}" in page
    assert "Welcome to this evening" not in page  # the chair's turn holds no views
    assert "0 of 7" in page


def test_marking_a_passage_reviewed_counts_towards_the_source(editor_client, db):
    source = _added(editor_client)
    passage = source.passages.filter(expert__isnull=False).first()
    editor_client.post(reverse("passage-reviewed", args=[source.pk, passage.index]))
    assert PassageReview.objects.filter(passage=passage).exists()
    page = editor_client.get(reverse("source-coding", args=[source.pk])).content.decode()
    assert "1 of 7" in page


def test_a_selection_starting_on_the_label_quotes_only_the_words(editor_client, db):
    source = _added(editor_client)
    start = source.text.index("ORLOWSKI: Frankly")
    end = source.text.index(" The joint", start)
    url = reverse("stance-new", args=[source.pk]) + f"?start={start}&end={end}"
    page = editor_client.get(url).content.decode()
    assert "Frankly it is an alliance in all but name.</textarea>" in page, page[
        page.find("<textarea") :
    ][:300]


def test_a_selection_crossing_into_the_next_turn_is_refused(editor_client, db):
    source = _added(editor_client)
    start = source.text.index("Frankly it is")
    end = source.text.index("Respectfully I disagree") + 12
    response = editor_client.get(
        reverse("stance-new", args=[source.pk]) + f"?start={start}&end={end}", follow=True
    )
    assert "runs into another speaker&#x27;s turn" in response.content.decode()


def test_a_crossing_selection_in_the_readers_panel_is_refused_in_the_panel(editor_client, db):
    source = _added(editor_client)
    start = source.text.index("Frankly it is")
    end = source.text.index("Respectfully I disagree") + 12
    url = reverse("stance-new", args=[source.pk]) + f"?start={start}&end={end}"
    response = editor_client.get(url, headers=HTMX)
    html = response.content.decode()
    # The panel gets the refusal, not the whole reader page a redirect would put in it.
    assert response.status_code == 200
    assert 'role="alert"' in html and "runs into another speaker&#x27;s turn" in html
    assert "<html" not in html and "data-source-text" not in html


def test_a_quote_widened_into_the_next_turn_in_the_form_is_refused(editor_client, db):
    source = _added(editor_client)
    start = source.text.index("Frankly it is")
    end = source.text.index("Respectfully I disagree") + len("Respectfully I disagree")
    data = {
        "expert": Expert.objects.get(name="Tomasz Orlowski").pk,
        "issue": IssueFactory().pk,
        "position": 2,
        "stated": "2025",
        "confidence": "high",
        "summary": "An alliance.",
        "quote": source.text[start:end],
        "quote_start": start,
    }
    response = editor_client.post(reverse("stance-new", args=[source.pk]), data, headers=HTMX)
    assert "runs into another speaker&#x27;s turn" in response.content.decode()
    assert not Stance.objects.exists()


@pytest.mark.parametrize(
    ("text", "keywords", "tagged"),
    [
        ("each side keeps its freedom toward the West", "war", False),
        ("we see Moscow trying to avoid dependence", "SCO", False),
        ("the SCO summit in Astana", "SCO", True),
        ("a war of choice", "war", True),
        ("it really matters", "ally", False),
        ("a treaty ally", "ally", True),
        ("the answer is straight", "Strait", False),
        ("across the Taiwan Strait", "Strait", True),
        ("an asymmetric partnership", "asymmetr", True),
        ("Beijing as a mediator", "mediat", True),
        ("the partnership frays", "fray", True),
        ("the partnership has no  limits", "no limits", True),
    ],
)
def test_keywords_tag_whole_words_or_word_starts(text, keywords, tagged):
    issue = SimpleNamespace(keywords=keywords)
    assert bool(tags_for(text, [(issue, keyword_patterns(issue))])) is tagged
