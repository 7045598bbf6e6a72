"""Read models: what the pages show, kept up to date in the write's transaction.

corpus/read_models.py maintains them on every change through the door and rebuilds them
from scratch (`manage.py rebuild_read_models`); nothing else writes them.
"""

from django.db import models


class LatestPosition(models.Model):
    """An expert's latest published word on an issue: every statement of the latest date.

    The values of that date (sorted) are what the "latest word" rule (corpus/pages/latest.py)
    needs: one value when they agree, a split otherwise. The previous date's values are kept
    for shifts.
    """

    expert = models.ForeignKey("corpus.Expert", on_delete=models.CASCADE, related_name="+")
    issue = models.ForeignKey("corpus.Issue", on_delete=models.CASCADE, related_name="+")
    stated_on = models.DateField()
    positions = models.JSONField()  # sorted
    record_ids = models.JSONField()  # the stances of stated_on, sorted
    previous_stated_on = models.DateField(null=True)
    previous_positions = models.JSONField(default=list)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["expert", "issue"], name="latest_position_cell")
        ]
        indexes = [models.Index(fields=["issue", "expert"], name="latest_position_issue")]

    def __str__(self):
        return f"expert {self.expert_id} on issue {self.issue_id}: {self.positions}"


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
