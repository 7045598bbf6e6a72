"""The choices a record's fields take, shared by the models and their QuerySets."""

from django.db import models


class Confidence(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    SUPERSEDED = "superseded", "Superseded"
    DEPRECATED = "deprecated", "Deprecated"


class DeprecationReason(models.TextChoices):
    MISATTRIBUTED = "misattributed", "Misattributed"
    OUT_OF_CONTEXT = "out_of_context", "Quoted out of context"
    DUPLICATE = "duplicate", "Duplicate of another record"
    OTHER = "other", "Other"
