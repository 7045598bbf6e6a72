"""Who speaks: organisations (with the country that gives their perspective) and experts."""

from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse

from corpus.models.history import RecordHistory


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
    history = RecordHistory()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("organisation-edit", args=[self.pk])


# The compare page's picker lists at most this many matches.
PICKER_LIMIT = 12


class ExpertQuerySet(models.QuerySet):
    def matching_name(self, name: str) -> "ExpertQuerySet":
        """Experts whose name or one of whose aliases equals name, ignoring case."""
        name = " ".join(name.split())
        return self.filter(
            models.Q(name__iexact=name) | models.Q(aliases__name__iexact=name)
        ).distinct()

    def for_compare(self, slugs):
        return self.filter(slug__in=slugs).select_related("organisation")

    def picker_matches(self, text: str, exclude=(), limit: int = PICKER_LIMIT):
        """Experts whose name or an alias contains text; `matched_aliases` lists those aliases."""
        text = " ".join(text.split())
        alias_model = self.model._meta.get_field("aliases").related_model
        # Matching on the alias table in a subquery keeps one row per expert without DISTINCT.
        by_alias = alias_model.objects.filter(name__icontains=text).values("expert_id")
        return (
            self.filter(models.Q(name__icontains=text) | models.Q(pk__in=by_alias))
            .exclude(pk__in=[e.pk for e in exclude])
            .select_related("organisation")
            .prefetch_related(
                models.Prefetch(
                    "aliases",
                    queryset=alias_model.objects.filter(name__icontains=text),
                    to_attr="matched_aliases",
                )
            )
            .order_by("name")[:limit]
        )


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
    history = RecordHistory()

    objects = ExpertQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [
            # overview matrix: filter(Exists(cells)).order_by("name", "pk")[:40] reads a page
            # of experts in this order and stops there, instead of sorting every expert.
            models.Index(fields=["name", "id"], name="expert_name"),
        ]

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
