"""Who speaks: organisations (with the country that gives their perspective) and experts."""

from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from simple_history.models import HistoricalRecords

from corpus.queries.compare import ExpertPickerQueries


class Organisation(models.Model):
    """A think tank, university, publisher or parliament an expert speaks from."""

    class Kind(models.TextChoices):
        THINK_TANK = "think-tank", "Think tank"
        UNIVERSITY = "university", "University"
        GOVERNMENT = "government", "Government or parliament"
        MEDIA = "media", "Media or publisher"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, unique=True)
    country = models.CharField(
        max_length=80, blank=True, help_text="Country or region: the perspective filter."
    )
    kind = models.CharField(max_length=12, choices=Kind.choices, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("organisation-edit", args=[self.pk])


class ExpertQuerySet(ExpertPickerQueries, models.QuerySet):
    def matching_name(self, name: str) -> "ExpertQuerySet":
        """Experts whose name or one of whose aliases equals name, ignoring case."""
        name = " ".join(name.split())
        return self.filter(
            models.Q(name__iexact=name) | models.Q(aliases__name__iexact=name)
        ).distinct()


class Expert(models.Model):
    """A person, or an institution speaking as author, whose views are recorded."""

    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        INSTITUTION = "institution", "Institution"

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.PERSON)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="experts"
    )
    role = models.CharField(max_length=200, blank=True, help_text="Title or position held.")
    bio = models.CharField(max_length=300, blank=True, help_text="One line about who they are.")
    history = HistoricalRecords()

    objects = ExpertQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("expert", args=[self.slug])

    @property
    def perspective(self) -> str:
        return self.organisation.country if self.organisation else ""


class ExpertAlias(models.Model):
    """Another way a document names an expert ("Sergey", "Dr Maria Repnikova", a misspelling)."""

    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "expert aliases"
        constraints = [
            models.UniqueConstraint("expert", Lower("name"), name="expert_alias_unique_per_expert"),
        ]

    def __str__(self):
        return self.name
