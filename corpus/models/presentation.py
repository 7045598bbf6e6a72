"""What presenters keep: saved views of a chart (with speaker notes) and ordered decks of them."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse

from corpus.models.history import RecordHistory


class SavedView(models.Model):
    """One chart with its filters, titled, with a speaker note: a slide to put on screen."""

    class Kind(models.TextChoices):
        OVERVIEW = "overview", "Overview matrix"
        ISSUE = "issue", "Issue timeline"
        COMPARE = "compare", "Compare table"
        SCENARIOS = "scenarios", "Scenario board"

    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    target = models.SlugField(blank=True, help_text="The issue's slug, for an issue timeline.")
    query = models.CharField(
        max_length=1000, blank=True, help_text="The view's filters, as a URL query string."
    )
    note = models.TextField("speaker note", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = RecordHistory()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["overview", "issue", "compare", "scenarios"]),
                name="savedview_kind_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="issue") | ~models.Q(target=""),
                name="savedview_issue_has_target",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.present_url()

    def present_url(self) -> str:
        """The full-screen slide of this view, filters included."""
        args = [self.target] if self.kind == self.Kind.ISSUE else []
        url = reverse(f"present-{self.kind}", args=args)
        return f"{url}?{self.query}" if self.query else url


class DeckQuerySet(models.QuerySet):
    def managed_by(self, user):
        """The decks `user` may change: their own, or every deck for a reviewer."""
        if not user.is_authenticated:
            return self.none()
        if user.has_perm("corpus.manage_any_deck"):
            return self
        return self.filter(created_by=user)


class Deck(models.Model):
    """An ordered list of saved views, stepped through with the keyboard in a briefing."""

    title = models.CharField(max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    share_token = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    history = RecordHistory()

    objects = DeckQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("share_deck", "Can give a deck a public read-only link"),
            ("manage_any_deck", "Can change, share or delete anyone's decks and saved views"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("deck", args=[self.pk])

    def add(self, saved_view: SavedView) -> "DeckSlide":
        """Append a saved view as the last slide."""
        last = self.slides.aggregate(models.Max("position"))["position__max"] or 0
        return DeckSlide.objects.create(deck=self, saved_view=saved_view, position=last + 1)

    def move(self, slide: "DeckSlide", offset: int) -> None:
        """Move a slide up (negative offset) or down, renumbering positions 1..n."""
        order = list(self.slides.order_by("position", "pk"))
        index = order.index(slide)
        target = max(0, min(len(order) - 1, index + offset))
        order.insert(target, order.pop(index))
        self._renumber(order)

    def reorder(self, slide_pks: list[int]) -> None:
        """Put the slides in the given order: every slide of the deck, each once."""
        slides = {item.pk: item for item in self.slides.all()}
        if sorted(slide_pks) != sorted(slides):
            raise ValueError("The new order must name every slide of the deck once.")
        self._renumber([slides[pk] for pk in slide_pks])

    def toggle_evidence(self, slide: "DeckSlide") -> None:
        slide.evidence = not slide.evidence
        slide.save(update_fields=["evidence"])

    def remove(self, slide: "DeckSlide") -> None:
        slide.delete()
        self._renumber(list(self.slides.order_by("position", "pk")))

    def _renumber(self, order) -> None:
        for number, item in enumerate(order, 1):
            if item.position != number:
                item.position = number
                item.save(update_fields=["position"])

    @staticmethod
    def order_version(slide_pks) -> str:
        """A short fingerprint of an order of slides: a page sends back the one it showed, so
        a reorder made from a stale page (another tab, another presenter) is refused instead of
        silently undoing the newer order."""
        text = ",".join(str(pk) for pk in slide_pks)
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def current_version(self) -> str:
        return self.order_version(
            self.slides.order_by("position", "pk").values_list("pk", flat=True)
        )

    def share(self) -> str:
        """Give the deck an unguessable read-only link (a new one if it had none)."""
        if not self.share_token:
            self.share_token = secrets.token_urlsafe(32)
            self.save(update_fields=["share_token"])
        return self.share_token

    def revoke_share(self) -> None:
        self.share_token = None
        self.save(update_fields=["share_token"])


class DeckSlide(models.Model):
    """A saved view's place in a deck."""

    deck = models.ForeignKey(Deck, on_delete=models.CASCADE, related_name="slides")
    saved_view = models.ForeignKey(SavedView, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveIntegerField()
    # Presented with its evidence slides after it (the handout and PowerPoint always have them).
    evidence = models.BooleanField(
        "evidence slides", default=False, help_text="Show the slide's evidence after it."
    )

    class Meta:
        # Positions are renumbered 1..n on every change; pk breaks any transient tie.
        ordering = ["deck", "position", "pk"]

    def __str__(self):
        return f"{self.deck} #{self.position}: {self.saved_view}"
