"""Every kind of page, for the checks that run over all of them (axe-core in Chromium, the
Nu HTML checker): the paths each role reaches in the seed corpus."""

from django.urls import reverse

from corpus.models import Deck, SavedView, Source, Stance


def make_deck() -> Deck:
    """A deck holding one saved view of each kind."""
    deck = Deck.objects.create(title="Ministerial briefing")
    for view in (
        SavedView(title="Who says what", kind="overview"),
        SavedView(title="Ukraine since 2014", kind="issue", target="ukraine", note="Start here."),
        SavedView(title="Two voices", kind="compare", query="experts=bonny-lin,maria-repnikova"),
        SavedView(title="Scenario board", kind="scenarios"),
    ):
        view.save()
        deck.add(view)
    return deck


def viewer_paths(deck: Deck) -> list[str]:
    source = Source.objects.order_by("pk").first()
    stance = Stance.objects.published().order_by("pk").first()
    return [
        reverse("overview"),
        reverse("overview") + f"?cell={stance.expert.slug}:{stance.issue.slug}",
        reverse("home"),
        reverse("issue", args=["ukraine"]),
        reverse("expert", args=["bonny-lin"]),
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
        reverse("password_change"),
    ]


def reviewer_paths() -> list[str]:
    """Pages only editors and reviewers reach (a reviewer reaches them all)."""
    source = Source.objects.order_by("pk").first()
    stance = Stance.objects.published().order_by("pk").first()
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
    ]


def signed_out_paths() -> list[str]:
    return [reverse("login")]
