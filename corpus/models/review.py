"""Changes to the record awaiting a reviewer, kept beside the published record they concern."""

from django.conf import settings
from django.db import models

from corpus.models.history import RecordHistory
from corpus.write_guard import WriteOutsideDoor, door_is_open


class Reviewed(models.Model):
    """Who proposed a change, who decided on it and why: common to every kind of change."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField("reviewer's comment", blank=True)

    class Meta:
        abstract = True


class PendingChange(Reviewed):
    """A new draft, an edit of a published record, or a deprecation request, and its review.

    A published record's pending edit holds the proposed field values; viewers keep seeing
    the published record until a reviewer accepts it. At most one open change per record.
    """

    class Kind(models.TextChoices):
        NEW = "new", "New record"
        EDIT = "edit", "Change to a published record"
        DEPRECATE = "deprecate", "Deprecation request"

    class State(models.TextChoices):
        OPEN = "open", "Awaiting review"
        SENT_BACK = "sent_back", "Sent back to its author"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"
        WITHDRAWN = "withdrawn", "Withdrawn"

    LIVE_STATES = (State.OPEN, State.SENT_BACK)

    kind = models.CharField(max_length=9, choices=Kind.choices)
    state = models.CharField(max_length=9, choices=State.choices, default=State.OPEN)
    stance = models.ForeignKey(
        "corpus.Stance",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="pending_changes",
    )
    assessment = models.ForeignKey(
        "corpus.ScenarioAssessment",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="pending_changes",
    )
    event = models.ForeignKey(
        "corpus.Event",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="pending_changes",
    )
    # Field attnames → proposed values as JSON (dates as ISO strings, relations as ids).
    proposed = models.JSONField(default=dict, blank=True)
    base_version = models.PositiveIntegerField(
        help_text="The record's version when the change was proposed."
    )
    version = models.PositiveIntegerField(default=1)
    history = RecordHistory()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        constraints = [
            # Exactly one of stance, assessment and event.
            models.CheckConstraint(
                condition=(
                    models.Q(stance__isnull=False, assessment__isnull=True, event__isnull=True)
                    | models.Q(stance__isnull=True, assessment__isnull=False, event__isnull=True)
                    | models.Q(stance__isnull=True, assessment__isnull=True, event__isnull=False)
                ),
                name="pendingchange_one_record",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=["new", "edit", "deprecate"]),
                name="pendingchange_kind_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    state__in=["open", "sent_back", "accepted", "rejected", "withdrawn"]
                ),
                name="pendingchange_state_valid",
            ),
            models.UniqueConstraint(
                fields=["stance"],
                condition=models.Q(state__in=["open", "sent_back"]),
                name="pendingchange_one_live_per_stance",
            ),
            models.UniqueConstraint(
                fields=["assessment"],
                condition=models.Q(state__in=["open", "sent_back"]),
                name="pendingchange_one_live_per_assessment",
            ),
            models.UniqueConstraint(
                fields=["event"],
                condition=models.Q(state__in=["open", "sent_back"]),
                name="pendingchange_one_live_per_event",
            ),
        ]
        indexes = [
            # review queue: filter(state="open").order_by("-updated_at")
            models.Index(fields=["state", "-updated_at"], name="pendingchange_queue"),
            # my changes: filter(author=…).order_by("-updated_at")
            models.Index(fields=["author", "-updated_at"], name="pendingchange_author"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.record}"

    def save(self, *args, **kwargs):
        if not door_is_open():
            raise WriteOutsideDoor("save PendingChange through corpus.changes")
        super().save(*args, **kwargs)

    @property
    def record(self):
        if self.stance_id:
            return self.stance
        return self.assessment if self.assessment_id else self.event

    @property
    def record_id(self) -> int:
        return self.stance_id or self.assessment_id or self.event_id

    @property
    def is_live(self) -> bool:
        return self.state in self.LIVE_STATES

    @property
    def token(self) -> str:
        """What an edit form carries to prove which version of this change it was based on."""
        return f"{self.pk}.{self.version}"


class PeopleChange(Reviewed):
    """An editor's edit of an expert or an organisation, awaiting a reviewer.

    The record keeps its current values (pages show them) until a reviewer accepts; at most
    one open change per record. `proposed` holds the changed fields (relations as ids) and,
    for an expert, "aliases" when the list of aliases changes.
    """

    class State(models.TextChoices):
        OPEN = "open", "Awaiting review"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"
        WITHDRAWN = "withdrawn", "Withdrawn"

    state = models.CharField(max_length=9, choices=State.choices, default=State.OPEN)
    expert = models.ForeignKey(
        "corpus.Expert",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="pending_changes",
    )
    organisation = models.ForeignKey(
        "corpus.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="pending_changes",
    )
    proposed = models.JSONField(default=dict, blank=True)
    history = RecordHistory()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expert__isnull=True) ^ models.Q(organisation__isnull=True),
                name="peoplechange_one_record",
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=["open", "accepted", "rejected", "withdrawn"]),
                name="peoplechange_state_valid",
            ),
            models.UniqueConstraint(
                fields=["expert"],
                condition=models.Q(state="open"),
                name="peoplechange_one_open_per_expert",
            ),
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(state="open"),
                name="peoplechange_one_open_per_organisation",
            ),
        ]
        indexes = [models.Index(fields=["state", "-updated_at"], name="peoplechange_queue")]

    def __str__(self):
        return f"Change to {self.record}"

    def save(self, *args, **kwargs):
        if not door_is_open():
            raise WriteOutsideDoor("save PeopleChange through corpus.changes.people")
        super().save(*args, **kwargs)

    @property
    def record(self):
        return self.expert if self.expert_id else self.organisation
