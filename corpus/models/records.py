"""The record: stances on issues and assessments of scenarios, each tied to a verbatim quote."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.urls import reverse

from corpus.dates import human_partial
from corpus.models.checks import OneQueryChecks
from corpus.models.history import RecordHistory
from corpus.models.record_choices import Confidence, DeprecationReason, Status
from corpus.models.record_queries import AssessmentQuerySet, StanceQuerySet
from corpus.models.sources import DatePrecision
from corpus.models.taxonomy import LIKELIHOODS, POSITIONS
from corpus.quotes import QuoteNotFound, locate_quote
from corpus.write_guard import WriteOutsideDoor, door_is_open


class EditConflict(Exception):
    """Someone saved a newer version since the editor loaded the record."""

    def __init__(self, current):
        self.current = current
        super().__init__(f"{current} was changed by someone else (now version {current.version})")


class QuotedRecord(OneQueryChecks):
    """What stances and assessments share: who said it where and when, in which exact words."""

    expert = models.ForeignKey("corpus.Expert", on_delete=models.PROTECT, related_name="+")
    source = models.ForeignKey("corpus.Source", on_delete=models.PROTECT, related_name="+")
    stated_on = models.DateField()
    stated_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    quote = models.TextField(help_text="Verbatim words from the source's original text.")
    quote_start = models.PositiveIntegerField()
    quote_end = models.PositiveIntegerField()
    confidence = models.CharField(
        max_length=6, choices=Confidence.choices, default=Confidence.MEDIUM
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    deprecation_reason = models.CharField(
        max_length=14, choices=DeprecationReason.choices, blank=True
    )
    deprecation_note = models.CharField(max_length=300, blank=True)
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # Every change to the record goes through corpus.changes (history, review rules, read
        # models and cache generations hang on it); a stray save() is a bug, not a shortcut.
        if not door_is_open():
            raise WriteOutsideDoor(f"save {type(self).__name__} through corpus.changes")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if not door_is_open():
            raise WriteOutsideDoor(f"delete {type(self).__name__} through corpus.changes")
        return super().delete(*args, **kwargs)

    @property
    def stated_display(self) -> str:
        return human_partial(self.stated_on, self.stated_precision)

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT

    @property
    def is_retired(self) -> bool:
        """Deprecated or superseded: kept and shown struck through, but out of every aggregate."""
        return self.status in (Status.DEPRECATED, Status.SUPERSEDED)

    def quote_matches_source(self) -> bool:
        """True when the stored quote is exactly the source text at the stored offsets."""
        return bool(self.quote) and (
            self.source.text[self.quote_start : self.quote_end] == self.quote
        )

    def anchor_quote(self, occurrence: int = 1) -> None:
        """Locate the quote in the source and store the exact source words and their offsets."""
        span = locate_quote(self.source.text, self.quote, occurrence)
        self.quote_start, self.quote_end = span.start, span.end
        self.quote = self.source.text[span.start : span.end]

    def clean(self):
        super().clean()
        if not self.source_id:
            return
        if not self.quote_matches_source():
            try:
                self.anchor_quote()
            except QuoteNotFound as exc:
                raise ValidationError(
                    {
                        "quote": f"This quote does not occur in “{self.source}”. {exc.nearest!r} "
                        "is the closest passage."
                    }
                ) from None


def _quote_constraints(prefix: str) -> list:
    return [
        models.CheckConstraint(
            condition=models.Q(quote_end__gt=models.F("quote_start")),
            name=f"{prefix}_quote_span_valid",
        ),
        models.CheckConstraint(
            condition=Exact(Length("quote"), models.F("quote_end") - models.F("quote_start")),
            name=f"{prefix}_quote_matches_span",
        ),
        models.CheckConstraint(
            condition=models.Q(status__in=Status.values), name=f"{prefix}_status_valid"
        ),
        models.CheckConstraint(
            condition=models.Q(confidence__in=Confidence.values),
            name=f"{prefix}_confidence_valid",
        ),
        models.CheckConstraint(
            condition=~models.Q(status=Status.DEPRECATED) | ~models.Q(deprecation_reason=""),
            name=f"{prefix}_deprecated_has_reason",
        ),
        models.CheckConstraint(
            condition=~models.Q(status=Status.SUPERSEDED) | models.Q(superseded_by__isnull=False),
            name=f"{prefix}_superseded_has_successor",
        ),
    ]


class Stance(QuotedRecord):
    """An expert's position on an issue (−2..+2), as stated in one source."""

    expert = models.ForeignKey("corpus.Expert", on_delete=models.PROTECT, related_name="stances")
    source = models.ForeignKey("corpus.Source", on_delete=models.PROTECT, related_name="stances")
    issue = models.ForeignKey("corpus.Issue", on_delete=models.PROTECT, related_name="stances")
    position = models.SmallIntegerField(choices=[(p, f"{p:+d}") for p in POSITIONS])
    summary = models.CharField(max_length=300)
    history = RecordHistory()

    objects = StanceQuerySet.as_manager()

    class Meta:
        ordering = ["issue", "stated_on", "expert"]
        permissions = [("review_stance", "Can publish, revert and restore stances")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(position__gte=-2, position__lte=2),
                name="stance_position_range",
            ),
            models.UniqueConstraint(
                fields=["expert", "issue", "source", "quote_start"],
                name="stance_unique_per_quote",
            ),
            *_quote_constraints("stance"),
        ]
        indexes = [
            # issue timeline and overview: filter(issue=…, status=…).order_by("stated_on")
            models.Index(fields=["issue", "status", "stated_on"], name="stance_issue_timeline"),
            # expert page: filter(expert=…).order_by("stated_on")
            models.Index(fields=["expert", "stated_on"], name="stance_expert_timeline"),
        ]

    def __str__(self):
        return f"{self.expert} on {self.issue}: {self.position:+d} ({self.stated_display})"

    def get_absolute_url(self):
        return reverse("stance", args=[self.pk])

    @property
    def position_label(self) -> str:
        return self.issue.label_for(self.position)

    def clean(self):
        if self.position is not None and self.position not in POSITIONS:
            raise ValidationError({"position": "Position must be between −2 and +2."})
        super().clean()


class ScenarioAssessment(QuotedRecord):
    """An expert's judgement of a scenario's likelihood (1..5), as stated in one source."""

    expert = models.ForeignKey(
        "corpus.Expert", on_delete=models.PROTECT, related_name="assessments"
    )
    source = models.ForeignKey(
        "corpus.Source", on_delete=models.PROTECT, related_name="assessments"
    )
    scenario = models.ForeignKey(
        "corpus.Scenario", on_delete=models.PROTECT, related_name="assessments"
    )
    likelihood = models.PositiveSmallIntegerField(choices=sorted(LIKELIHOODS.items()))
    rationale = models.CharField(max_length=400)
    history = RecordHistory()

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["scenario", "stated_on", "expert"]
        permissions = [("review_scenarioassessment", "Can publish, revert and restore assessments")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(likelihood__gte=1, likelihood__lte=5),
                name="assessment_likelihood_range",
            ),
            models.UniqueConstraint(
                fields=["expert", "scenario", "source", "quote_start"],
                name="assessment_unique_per_quote",
            ),
            *_quote_constraints("assessment"),
        ]
        indexes = [
            # scenario board: filter(scenario=…, status=…).order_by("stated_on")
            models.Index(
                fields=["scenario", "status", "stated_on"], name="assessment_scenario_time"
            ),
            models.Index(fields=["expert", "stated_on"], name="assessment_expert_time"),
        ]

    def __str__(self):
        return f"{self.expert} on {self.scenario}: {self.likelihood}/5 ({self.stated_display})"

    def get_absolute_url(self):
        return reverse("assessment", args=[self.pk])

    @property
    def likelihood_label(self) -> str:
        return LIKELIHOODS.get(self.likelihood, "")

    def clean(self):
        if self.likelihood is not None and self.likelihood not in LIKELIHOODS:
            raise ValidationError({"likelihood": "Likelihood must be between 1 and 5."})
        super().clean()
