"""Cache generations: a counter per part of the record that the write door moves on change."""

from django.db import models


class Generation(models.Model):
    """How many times a scope ("record", "issue:3", "expert:12", …) has changed.

    Cached pages key on the generations of what they show; the write door bumps them in the
    same transaction as the change, so every worker and app server sees a change at once.
    """

    scope = models.CharField(max_length=40, primary_key=True)
    value = models.BigIntegerField(default=0)

    def __str__(self):
        return f"{self.scope} @ {self.value}"
