"""Events: dated happenings (an invasion, a state visit) drawn as markers on the timelines.

An event is part of the record like a stance: it is written through corpus.changes only
(history, review, cache generations), a new one is a draft until a reviewer publishes it, and
an edit of a published one waits beside it for review. It concerns one or more issues (the
timelines it is drawn on) and may cite the passage of a source that dates it, verbatim.
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from corpus.dates import human_partial, midpoint
from corpus.models.checks import OneQueryChecks
from corpus.models.history import RecordHistory
from corpus.models.record_choices import Status
from corpus.models.record_queries import DoorQuerySet
from corpus.models.sources import DatePrecision
from corpus.quotes import QuoteNotFound, locate_quote
from corpus.write_guard import WriteOutsideDoor, door_is_open

# Events a timeline can sensibly draw: the earliest and latest years accepted.
FIRST_YEAR, LAST_YEAR = 1900, 2100
LABEL_CHARS = 60

# Kept at module level so Event.save can write the one historical row of a change that also
# sets its issues (simple-history would otherwise write one row for the save and one more
# for the many-to-many change).
EVENT_HISTORY = RecordHistory(m2m_fields=["issues"])


class EventQuerySet(DoorQuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def on_issues(self, issue_ids):
        """Published events concerning any of these issues, oldest first (one query)."""
        return (
            self.published()
            .filter(issues__in=list(issue_ids))
            .distinct()
            .order_by("happened_on", "label", "pk")
        )

    def for_list(self):
        """Every event with its issues and source, for the editors' list (two queries)."""
        return (
            self.select_related("source", "updated_by")
            .defer("source__text")
            .prefetch_related("issues")
            .order_by("-happened_on", "label", "pk")
        )


class Event(OneQueryChecks):
    """A dated happening with a short label, the issues it concerns and the passage dating it."""

    # Door bookkeeping (corpus/changes/records.py): the many-to-many fields an edit may change.
    DOOR_M2M = ("issues",)

    slug = models.SlugField(
        max_length=80,
        blank=True,
        help_text="Key of an event loaded from a data file (ingest finds it again by it).",
    )
    happened_on = models.DateField("date")
    precision = models.CharField(
        "date precision", max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    label = models.CharField(
        max_length=LABEL_CHARS, help_text="A few words, drawn beside the marker on the chart."
    )
    description = models.TextField(blank=True, max_length=1000)
    url = models.URLField("link", max_length=500, blank=True)
    issues = models.ManyToManyField(
        "corpus.Issue", related_name="events", help_text="The timelines it is drawn on."
    )
    source = models.ForeignKey(
        "corpus.Source",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
        help_text="The source whose passage mentions and dates the event.",
    )
    quote = models.TextField(
        "passage", blank=True, help_text="Verbatim words from the source that mention the event."
    )
    quote_start = models.PositiveIntegerField(null=True, blank=True, editable=False)
    quote_end = models.PositiveIntegerField(null=True, blank=True, editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = EVENT_HISTORY

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["happened_on", "label"]
        permissions = [("review_event", "Can publish and review events")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=[Status.DRAFT, Status.PUBLISHED]),
                name="event_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(precision__in=DatePrecision.values),
                name="event_precision_valid",
            ),
            models.CheckConstraint(condition=~models.Q(label=""), name="event_label_given"),
            # Either no passage at all, or a source with a quote at a valid span of it.
            models.CheckConstraint(
                condition=(
                    models.Q(
                        source__isnull=True,
                        quote="",
                        quote_start__isnull=True,
                        quote_end__isnull=True,
                    )
                    | (
                        models.Q(source__isnull=False, quote_end__gt=models.F("quote_start"))
                        & Exact(Length("quote"), models.F("quote_end") - models.F("quote_start"))
                    )
                ),
                name="event_passage_complete",
            ),
            models.UniqueConstraint(
                fields=["slug"], condition=~models.Q(slug=""), name="event_unique_slug"
            ),
        ]
        indexes = [models.Index(fields=["status", "happened_on"], name="event_timeline")]

    def __str__(self):
        return f"{self.label} ({self.date_display})"

    def __copy__(self):
        # A copy taken before a change (the door's "before") must keep the issues it had.
        self.issue_ids()
        clone = self.__class__.__new__(self.__class__)
        clone.__dict__.update(self.__getstate__())
        return clone

    # --- writes only through the door ---------------------------------------------------

    def save(self, *args, **kwargs):
        if not door_is_open():
            raise WriteOutsideDoor("save Event through corpus.changes")
        staged = getattr(self, "_staged_issues", None)
        if staged is None:
            super().save(*args, **kwargs)
            return
        created = self._state.adding
        self.skip_history_when_saving = True
        try:
            super().save(*args, **kwargs)
            self.issues.set(staged)
        finally:
            del self.skip_history_when_saving
        self._staged_issues = None
        # One historical row for the change, holding the issues as they now are.
        EVENT_HISTORY.create_historical_record(self, "+" if created else "~")

    def delete(self, *args, **kwargs):
        if not door_is_open():
            raise WriteOutsideDoor("delete Event through corpus.changes")
        self.issue_ids()  # kept for the scopes to bump once the rows are gone
        return super().delete(*args, **kwargs)

    # --- the issues, staged until saved -------------------------------------------------

    def issue_ids(self) -> list[int]:
        """The ids of the issues it concerns (as staged for the next save, if any)."""
        if getattr(self, "_issue_ids", None) is None:
            self._issue_ids = sorted(i.pk for i in self.issues.all()) if self.pk else []
        return self._issue_ids

    def door_get(self, name: str):
        return self.issue_ids()

    def door_set(self, name: str, ids) -> None:
        """Stage the issues (ids or Issue objects); written by the next save()."""
        clean = sorted({getattr(i, "pk", i) for i in ids})
        self._issue_ids = clean
        self._staged_issues = clean

    def scopes(self) -> set[str]:
        """The cache scopes it is shown in: the timelines of its issues (corpus.changes.notify)."""
        scopes = {"record", "events", *(f"issue:{pk}" for pk in self.issue_ids())}
        if self.source_id:
            scopes.add(f"source:{self.source_id}")
        return scopes

    # --- display ------------------------------------------------------------------------

    @property
    def date_display(self) -> str:
        return human_partial(self.happened_on, self.precision)

    @property
    def drawn_on(self) -> dt.date:
        """Where a chart draws it: the middle of its dated period."""
        return midpoint(self.happened_on, self.precision)

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT

    # --- validation ---------------------------------------------------------------------

    def clean(self):
        super().clean()
        errors = {}
        self.label = " ".join((self.label or "").split())
        if not self.label:
            errors["label"] = "Give the event a short label."
        if self.happened_on and not FIRST_YEAR <= self.happened_on.year <= LAST_YEAR:
            errors["happened_on"] = f"The date must fall between {FIRST_YEAR} and {LAST_YEAR}."
        if self.happened_on and self.precision:
            # Stored as the first day of its period: 2022-02 is 2022-02-01.
            first = {
                DatePrecision.YEAR: self.happened_on.replace(month=1, day=1),
                DatePrecision.MONTH: self.happened_on.replace(day=1),
            }.get(self.precision, self.happened_on)
            self.happened_on = first
        if not self.issue_ids():
            errors["issues"] = "Choose at least one issue: the timelines it is drawn on."
        errors |= self._passage_errors()
        if errors:
            raise ValidationError(errors)

    def _passage_errors(self) -> dict:
        quote = (self.quote or "").strip()
        if not self.source_id:
            if quote:
                return {"source": "Name the source the passage comes from."}
            self.quote, self.quote_start, self.quote_end = "", None, None
            return {}
        if not quote:
            return {"quote": "Quote the passage of the source that mentions the event."}
        text = self.source.text
        if self.quote_start is not None and text[self.quote_start : self.quote_end] == self.quote:
            return {}
        try:
            span = locate_quote(text, quote)
        except QuoteNotFound as exc:
            return {
                "quote": f"This passage does not occur in “{self.source}”. "
                f"{exc.nearest!r} is the closest."
            }
        self.quote_start, self.quote_end = span.start, span.end
        self.quote = text[span.start : span.end]
        return {}


@receiver(m2m_changed, sender=Event.issues.through, dispatch_uid="event-issues-guard")
def _guard_issues(sender, action, **kwargs):
    """Changing an event's issues is a change to the record: only through the door."""
    if action.startswith("pre_") and not door_is_open():
        raise WriteOutsideDoor("change an Event's issues through corpus.changes")
