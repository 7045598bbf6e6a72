"""Factories for every model; text sources carry the quotes their records point at."""

import datetime as dt

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from corpus import changes
from corpus.models import (
    Event,
    Expert,
    ExpertAlias,
    Issue,
    Organisation,
    Passage,
    Scenario,
    ScenarioAssessment,
    Source,
    Stance,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pw")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Institute {n}")
    country = "Europe"


class ExpertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Expert

    slug = factory.Sequence(lambda n: f"expert-{n}")
    name = factory.Sequence(lambda n: f"Expert {n}")
    organisation = factory.SubFactory(OrganisationFactory)


class ExpertAliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExpertAlias

    expert = factory.SubFactory(ExpertFactory)
    name = factory.Sequence(lambda n: f"Alias {n}")


class IssueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Issue

    slug = factory.Sequence(lambda n: f"issue-{n}")
    name = factory.Sequence(lambda n: f"Issue {n}")
    question = factory.LazyAttribute(lambda o: f"What about {o.name}?")
    label_minus_2 = "strongly against"
    label_minus_1 = "against"
    label_0 = "neutral"
    label_plus_1 = "for"
    label_plus_2 = "strongly for"
    order = factory.Sequence(int)


class ScenarioFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Scenario

    slug = factory.Sequence(lambda n: f"scenario-{n}")
    title = factory.Sequence(lambda n: f"Scenario {n}")
    description = "A possible future."
    order = factory.Sequence(int)


DEFAULT_QUOTE = "The partnership is deep and growing."
# A second sentence of every factory source, for a second record with a quote of its own.
OTHER_QUOTE = "It is a marriage of convenience that will fray."
SOURCE_TEXT = (
    "Panel transcript\n\nAnna Example\n\n"
    f"{DEFAULT_QUOTE} Beijing will not abandon Moscow.\n\n"
    f"Boris Example\n\n{OTHER_QUOTE}\n"
)


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    title = factory.Sequence(lambda n: f"Source {n}")
    publisher = "Example Institute"
    kind = Source.Kind.REPORT
    published_on = dt.date(2022, 3, 1)
    date_precision = "month"
    text = factory.Sequence(lambda n: f"{SOURCE_TEXT}\nDocument number {n}.\n")
    path = factory.Sequence(lambda n: f"source-{n}.txt")


class PassageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Passage

    source = factory.SubFactory(SourceFactory)
    index = factory.Sequence(int)
    start = 0
    end = factory.LazyAttribute(lambda o: len(o.source.text.split("\n", 1)[0]))
    text = factory.LazyAttribute(lambda o: o.source.text[o.start : o.end])


class _QuotedFactory(factory.django.DjangoModelFactory):
    expert = factory.SubFactory(ExpertFactory)
    source = factory.SubFactory(SourceFactory)
    stated_on = factory.LazyAttribute(lambda o: o.source.published_on)
    stated_precision = factory.LazyAttribute(lambda o: o.source.date_precision)
    quote = DEFAULT_QUOTE
    quote_start = factory.LazyAttribute(lambda o: o.source.text.index(o.quote))
    quote_end = factory.LazyAttribute(lambda o: o.quote_start + len(o.quote))
    confidence = "medium"
    status = "published"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # Through the write door, like every other way a record comes to exist.
        return changes.insert(model_class(*args, **kwargs), validate=False)


class StanceFactory(_QuotedFactory):
    class Meta:
        model = Stance

    issue = factory.SubFactory(IssueFactory)
    position = 1
    summary = "Sees a deepening partnership."


class ScenarioAssessmentFactory(_QuotedFactory):
    class Meta:
        model = ScenarioAssessment

    scenario = factory.SubFactory(ScenarioFactory)
    likelihood = 2
    rationale = "Thinks it unlikely."


class EventFactory(factory.django.DjangoModelFactory):
    """A published event on one new issue, citing nothing (pass issues=[...] to choose)."""

    class Meta:
        model = Event

    happened_on = dt.date(2022, 2, 1)
    precision = "month"
    label = factory.Sequence(lambda n: f"Event {n}")
    status = "published"

    @classmethod
    def _create(cls, model_class, *args, issues=None, **kwargs):
        event = model_class(*args, **kwargs)
        event.door_set("issues", issues if issues is not None else [IssueFactory()])
        return changes.insert(event)
