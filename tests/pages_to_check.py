"""Every kind of page, for the checks that run over all of them (axe-core in Chromium, the
Nu HTML checker): the paths each role reaches in the seed corpus."""

from django.urls import reverse

from corpus import changes
from corpus.coding import coding_rows, mark_reviewed
from corpus.dates import PartialDate
from corpus.extract import extract_pasted
from corpus.models import Deck, Event, Organisation, SavedView, ScenarioAssessment, Source, Stance
from corpus.uploads import SourceDetails, hold


def make_deck(owner=None) -> Deck:
    """A deck holding one saved view of each kind; an owner sees its building controls."""
    deck = Deck.objects.create(title="Ministerial briefing", created_by=owner)
    for view in (
        SavedView(title="Who says what", kind="overview"),
        SavedView(title="Ukraine since 2014", kind="issue", target="ukraine", note="Start here."),
        SavedView(title="Two voices", kind="compare", query="experts=bonny-lin,maria-repnikova"),
        SavedView(title="Scenario board", kind="scenarios"),
    ):
        view.created_by = owner
        view.save()
        deck.add(view)
    return deck


def make_editing_state(editor, reviewer) -> dict:
    """What editors' pages show once there is work in hand: a pending change of a published
    stance and of an assessment, a passage marked reviewed, an upload awaiting its speakers."""
    stance = Stance.objects.published().order_by("pk")[1]
    changes.edit(
        stance, {"summary": stance.summary + " (edited)"}, seen_version=stance.version, by=editor
    )
    assessment = ScenarioAssessment.objects.published().order_by("pk").first()
    changes.edit(
        assessment,
        {"rationale": assessment.rationale + " (edited)"},
        seen_version=assessment.version,
        by=editor,
    )
    source = Source.objects.order_by("pk").first()
    mark_reviewed(coding_rows(source)[0].passage, by=editor)
    details = SourceDetails(
        title="Roundtable",
        publisher="Example",
        kind="transcript",
        published=PartialDate.parse("2023-05"),
        url="",
        layout="auto",
        path="",
    )
    text = "Participants: Jane Doe (Chatham House).\n\nJANE DOE: It is no alliance.\n\nQ: Why?\n"
    pending = hold(extract_pasted(text), details, by=reviewer)
    return {"stance": stance, "assessment": assessment, "pending": pending}


def viewer_paths(deck: Deck) -> list[str]:
    source = Source.objects.order_by("pk").first()
    stance = Stance.objects.published().order_by("pk").first()
    return [
        reverse("overview"),
        reverse("overview") + f"?cell={stance.expert.slug}:{stance.issue.slug}",
        reverse("home"),
        reverse("issue", args=["ukraine"]),
        reverse("expert", args=["bonny-lin"]),
        # Her likelihoods are links on the light chips (the link colour once failed there).
        reverse("expert", args=["maria-repnikova"]),
        reverse("compare"),
        reverse("compare") + "?experts=bonny-lin,maria-repnikova,christopher-marsh",
        reverse("scenarios"),
        reverse("scenario", args=["formal-alliance"]) + "?by=alignment",
        reverse("source", args=[source.pk]),
        reverse("search") + "?q=alliance",
        reverse("method"),
        reverse("decks"),
        reverse("deck", args=[deck.pk]),
        reverse("deck-slide", args=[deck.pk, 1]),
        reverse("deck-slide", args=[deck.pk, 4]),
        reverse("deck-notes", args=[deck.pk, 1]),
        reverse("deck-print", args=[deck.pk]),
        reverse("saved-views"),
        reverse("present-overview"),
        reverse("present-issue", args=["alignment"]),
        reverse("present-scenarios"),
        reverse("present-compare") + "?experts=bonny-lin,maria-repnikova",
        reverse("password_change"),
        reverse("password_change_done"),
    ]


def viewer_error_paths() -> list[tuple[str, int]]:
    """Error pages a viewer meets, with their status: a bad filter, a missing page, a page
    for editors only."""
    return [
        (reverse("overview") + "?as_of=notadate", 400),
        ("/no-such-page/", 404),
        (reverse("review"), 403),
    ]


def reviewer_paths(deck: Deck, state: dict) -> list[str]:
    """Pages only editors and reviewers reach (a reviewer reaches them all), with a deck the
    reviewer may build and the work in hand of `make_editing_state`."""
    source = Source.objects.order_by("pk").first()
    stance = Stance.objects.published().order_by("pk").first()
    assessment = state["assessment"]
    return [
        reverse("stance-history", args=[stance.pk]),
        reverse("expert-history", args=["bonny-lin"]),
        reverse("source-new"),
        reverse("review"),
        reverse("my-changes"),
        reverse("deleted-records"),
        reverse("source", args=[source.pk]),
        reverse("source-coding", args=[source.pk]),
        reverse("stance-new", args=[source.pk]),
        reverse("organisations"),
        reverse("expert-new"),
        reverse("import"),
        reverse("events"),
        reverse("event-new"),
        reverse("issue", args=["ukraine"]),
        reverse("expert", args=["bonny-lin"]),
        reverse("stance-history", args=[state["stance"].pk]),
        reverse("stance-edit", args=[state["stance"].pk]),
        reverse("stance-deprecate", args=[stance.pk]),
        reverse("assessment-new", args=[source.pk]),
        reverse("assessment-edit", args=[assessment.pk]),
        reverse("assessment-history", args=[assessment.pk]),
        reverse("source-proposal", args=[state["pending"].pk]),
        reverse("expert-edit", args=["bonny-lin"]),
        reverse("expert-merge", args=["bonny-lin"]),
        reverse("organisation-new"),
        reverse("organisation-edit", args=[Organisation.objects.order_by("pk").first().pk]),
        reverse("event-edit", args=[Event.objects.order_by("pk").first().pk]),
        reverse("users"),
        reverse("deck", args=[deck.pk]),
        reverse("saved-views"),
        reverse("compare") + "?experts=bonny-lin,maria-repnikova",
    ]


def signed_out_paths(deck: Deck) -> list[str]:
    token = deck.share()
    return [
        reverse("login"),
        reverse("shared", args=[token]),
        reverse("shared-slide", args=[token, 1]),
        reverse("shared-print", args=[token]),
        reverse("password_reset_complete"),
    ]
