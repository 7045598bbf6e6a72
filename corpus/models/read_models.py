"""Read models: what the pages show, kept up to date in the write's transaction.

corpus/read_models.py maintains them on every change through the door and rebuilds them
from scratch (`manage.py rebuild_read_models`); nothing else writes them.
"""

from django.db import models


class ByExpertQuerySet(models.QuerySet):
    """Read-model rows keyed by expert × issue, filtered as `StanceQuerySet.matching` does.

    Only the filters that choose whole experts and issues apply here (`RecordFilters.by_cell`);
    the pages take the raw record when another one is set.
    """

    def matching(self, filters):
        qs = self.filter(issue__in=filters.issues) if filters.issues else self.all()
        if filters.perspective:
            qs = qs.filter(expert__organisation__country=filters.perspective)
        if filters.organisation:
            qs = qs.filter(expert__organisation__name=filters.organisation)
        return qs


class MoveQuerySet(ByExpertQuerySet):
    def matching(self, filters):
        """Moves among the stances passing the filters (`RecordFilters.by_move`)."""
        qs = super().matching(filters)
        # A move's previous stance is the one just before it: both pass date_from when the
        # previous does, and both pass date_to when the move's own stance does.
        if filters.date_from:
            qs = qs.filter(previous_stated_on__gte=filters.date_from)
        if filters.date_to:
            qs = qs.filter(stated_on__lte=filters.date_to)
        return qs


class LatestPosition(models.Model):
    """An expert's latest published word on an issue: every statement of the latest date.

    The values of that date (sorted) are what the "latest word" rule (corpus/pages/latest.py)
    needs: one value when they agree, a split otherwise. The previous date's values are kept
    for shifts.
    """

    expert = models.ForeignKey("corpus.Expert", on_delete=models.CASCADE, related_name="+")
    issue = models.ForeignKey("corpus.Issue", on_delete=models.CASCADE, related_name="+")
    stated_on = models.DateField()
    stated_precision = models.CharField(max_length=5, default="day")  # of its first record
    positions = models.JSONField()  # sorted
    # The lowest and highest of positions: contested issues aggregate them in SQL.
    low = models.SmallIntegerField(default=0)
    high = models.SmallIntegerField(default=0)
    record_ids = models.JSONField()  # the stances of stated_on, sorted
    count = models.PositiveIntegerField(default=0)  # every published stance of the cell
    previous_stated_on = models.DateField(null=True)
    previous_positions = models.JSONField(default=list)

    objects = ByExpertQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["expert", "issue"], name="latest_position_cell")
        ]
        indexes = [
            models.Index(fields=["issue", "expert"], name="latest_position_issue"),
            # The issue chart's busiest experts: read off the index, not sorted per request.
            models.Index(fields=["issue", "-count", "expert"], name="latest_position_busiest"),
        ]

    def __str__(self):
        return f"expert {self.expert_id} on issue {self.issue_id}: {self.positions}"


class StanceMove(models.Model):
    """A published stance whose position differs from the expert's previous one on the issue.

    Previous means next earlier in (stated date, id) order among the expert's published
    stances on the issue; two stances from the same source are one statement's nuances, not
    a move. What `StanceQuerySet.moves()` finds with a window over every stance, kept per
    expert × issue so the shifts lists read only the rows they show.
    """

    expert = models.ForeignKey("corpus.Expert", on_delete=models.CASCADE, related_name="+")
    issue = models.ForeignKey("corpus.Issue", on_delete=models.CASCADE, related_name="+")
    stance = models.ForeignKey("corpus.Stance", on_delete=models.CASCADE, related_name="+")
    position = models.SmallIntegerField()
    stated_on = models.DateField()
    stated_precision = models.CharField(max_length=5)
    previous = models.ForeignKey("corpus.Stance", on_delete=models.CASCADE, related_name="+")
    previous_position = models.SmallIntegerField()
    previous_stated_on = models.DateField()
    previous_precision = models.CharField(max_length=5)

    objects = MoveQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["stance"], name="stance_move_stance")]
        indexes = [
            models.Index(fields=["-stated_on", "-stance"], name="stance_move_newest"),
            models.Index(fields=["issue", "-stated_on", "-stance"], name="stance_move_issue"),
            models.Index(fields=["expert", "issue"], name="stance_move_cell"),
        ]

    def __str__(self):
        return f"stance {self.stance_id}: {self.previous_position} → {self.position}"


class LatestAssessment(models.Model):
    """An expert's latest published assessments of a scenario: every one of the latest date."""

    expert = models.ForeignKey("corpus.Expert", on_delete=models.CASCADE, related_name="+")
    scenario = models.ForeignKey("corpus.Scenario", on_delete=models.CASCADE, related_name="+")
    stated_on = models.DateField()
    likelihoods = models.JSONField()  # sorted
    record_ids = models.JSONField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["expert", "scenario"], name="latest_assessment_cell")
        ]
        indexes = [models.Index(fields=["scenario", "expert"], name="latest_assessment_scen")]

    def __str__(self):
        return f"expert {self.expert_id} on scenario {self.scenario_id}: {self.likelihoods}"


class IssueYearSpread(models.Model):
    """Published stances on an issue stated in one year, counted per position (the band)."""

    issue = models.ForeignKey("corpus.Issue", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    count = models.PositiveIntegerField()
    low = models.SmallIntegerField()
    high = models.SmallIntegerField()
    total = models.IntegerField()  # sum of positions: the mean without reading the stances
    counts = models.JSONField()  # {"-2": n, …}: the median without reading the stances

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issue", "year"], name="issue_year_spread_cell")
        ]

    def __str__(self):
        return f"issue {self.issue_id} in {self.year}: {self.count}"
