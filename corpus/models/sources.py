"""Documents (kept byte-for-byte as evidence) and the attributed passages parsed out of them."""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.urls import reverse

from corpus.dates import DAY, MONTH, YEAR, human_partial
from corpus.models.history import RecordHistory


class DatePrecision(models.TextChoices):
    YEAR = YEAR, "Year"
    MONTH = MONTH, "Month"
    DAY = DAY, "Day"


class SourceKind(models.TextChoices):
    REPORT = "report", "Report"
    TRANSCRIPT = "transcript", "Transcript"
    NEWSLETTER = "newsletter", "Newsletter"
    BLOG = "blog", "Blog"
    TRACKER = "tracker", "Tracker"
    ARTICLE = "article", "Article"


class Source(models.Model):
    """One document: its metadata and its original text, never edited after ingestion."""

    Kind = SourceKind

    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    published_on = models.DateField()
    date_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    url = models.URLField(max_length=500, blank=True)
    text = models.TextField(help_text="The original text, byte-for-byte as received.")
    sha256 = models.CharField(max_length=64, unique=True, editable=False)
    path = models.CharField(max_length=300, blank=True, help_text="File name it came from.")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = RecordHistory(excluded_fields=["text"])

    class Meta:
        # source list: order_by("-published_on")
        ordering = ["-published_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sha256__regex=r"^[0-9a-f]{64}$"), name="source_sha256_hex"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=SourceKind.values), name="source_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(date_precision__in=DatePrecision.values),
                name="source_date_precision_valid",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.sha256:
            self.sha256 = self.digest(self.text)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("source", args=[self.pk])

    @staticmethod
    def digest(text: str) -> str:
        """sha256 of the text's UTF-8 bytes."""
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    @property
    def published_display(self) -> str:
        return human_partial(self.published_on, self.date_precision)

    def clean(self):
        if self.text and self.sha256 and self.sha256 != self.digest(self.text):
            raise ValidationError({"text": "The original text no longer matches its sha256."})


class Passage(models.Model):
    """A span of a source's original text, attributed to the speaker or author it belongs to."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="passages")
    index = models.PositiveIntegerField(help_text="Order of the passage within its source.")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField(help_text="Copy of source.text[start:end], indexed for search.")
    speaker_label = models.CharField(
        max_length=200, blank=True, help_text="The speaker or author as the document names them."
    )
    expert = models.ForeignKey(
        "corpus.Expert",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="passages",
    )

    class Meta:
        ordering = ["source", "index"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="passage_span_valid"
            ),
            # The stored copy must be exactly as long as its span.
            models.CheckConstraint(
                condition=Exact(Length("text"), models.F("end") - models.F("start")),
                name="passage_text_matches_span",
            ),
            models.UniqueConstraint(fields=["source", "index"], name="passage_unique_index"),
        ]

    def __str__(self):
        return f"{self.source} §{self.index}"

    def get_absolute_url(self):
        return f"{self.source.get_absolute_url()}#p{self.index}"

    def clean(self):
        if self.source_id and self.end > len(self.source.text):
            raise ValidationError({"end": "The passage ends beyond the end of its source."})
        if self.source_id and self.source.text[self.start : self.end] != self.text:
            raise ValidationError({"text": "The passage text differs from its source span."})


class SourceFile(models.Model):
    """The file a source was extracted from, byte-for-byte, beside the text it yielded."""

    source = models.OneToOneField(Source, on_delete=models.CASCADE, related_name="original")
    name = models.CharField(max_length=300, blank=True)
    format = models.CharField(max_length=10)
    data = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()

    def __str__(self):
        return self.name or f"{self.source} ({self.format})"


class PendingSource(models.Model):
    """A document an editor has added but whose speakers they have not yet confirmed."""

    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200)
    kind = models.CharField(max_length=12, choices=SourceKind.choices)
    published_on = models.DateField()
    date_precision = models.CharField(max_length=5, choices=DatePrecision.choices)
    url = models.URLField(max_length=500, blank=True)
    layout = models.CharField(max_length=12)
    text = models.TextField()
    name = models.CharField(max_length=300, blank=True)
    format = models.CharField(max_length=10)
    data = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    def __str__(self):
        return self.title


class PassageReview(models.Model):
    """An editor has read this passage in the coding queue and recorded what it holds."""

    passage = models.OneToOneField(Passage, on_delete=models.CASCADE, related_name="review")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.passage} reviewed"
