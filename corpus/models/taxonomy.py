"""What experts take positions on: issues (a −2..+2 scale) and scenarios (likelihood 1..5)."""

from django.db import models
from django.urls import reverse

from corpus.models.history import RecordHistory

POSITIONS = (-2, -1, 0, 1, 2)
LIKELIHOODS = {
    1: "very unlikely",
    2: "unlikely",
    3: "even chance",
    4: "likely",
    5: "very likely",
}


class Issue(models.Model):
    """A contested question with a five-point scale whose every point is labelled."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=120)
    question = models.CharField(max_length=300)
    label_minus_2 = models.CharField("label at −2", max_length=160)
    label_minus_1 = models.CharField("label at −1", max_length=160)
    label_0 = models.CharField("label at 0", max_length=160)
    label_plus_1 = models.CharField("label at +1", max_length=160)
    label_plus_2 = models.CharField("label at +2", max_length=160)
    order = models.PositiveSmallIntegerField(default=0)
    keywords = models.TextField(
        blank=True, help_text="Words and phrases (one per line) that suggest a passage concerns it."
    )
    history = RecordHistory()

    class Meta:
        ordering = ["order", "slug"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("issue", args=[self.slug])

    @property
    def labels(self) -> dict[int, str]:
        """The scale's labels keyed by position."""
        return {
            -2: self.label_minus_2,
            -1: self.label_minus_1,
            0: self.label_0,
            1: self.label_plus_1,
            2: self.label_plus_2,
        }

    def label_for(self, position: int) -> str:
        return self.labels.get(position, "")


class Scenario(models.Model):
    """A possible future whose likelihood experts assess."""

    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=200)
    description = models.TextField()
    horizon = models.CharField(max_length=80, blank=True)
    issues = models.ManyToManyField(Issue, blank=True, related_name="scenarios")
    order = models.PositiveSmallIntegerField(default=0)
    keywords = models.TextField(
        blank=True, help_text="Words and phrases (one per line) that suggest a passage concerns it."
    )
    history = RecordHistory(m2m_fields=[issues])

    class Meta:
        ordering = ["order", "slug"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("scenario", args=[self.slug])
