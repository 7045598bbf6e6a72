"""Rules held by the database itself, and the model validation that mirrors them."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from corpus import changes
from corpus.models import Stance
from corpus.models.records import EditConflict
from corpus.write_guard import open_door
from tests.factories import (
    IssueFactory,
    PassageFactory,
    ScenarioAssessmentFactory,
    SourceFactory,
    StanceFactory,
)


@pytest.mark.django_db
def test_database_refuses_position_out_of_range():
    stance = StanceFactory()
    with pytest.raises(IntegrityError), transaction.atomic(), open_door():
        Stance.objects.filter(pk=stance.pk).update(position=3)


@pytest.mark.django_db
def test_database_refuses_likelihood_out_of_range():
    with pytest.raises(IntegrityError), transaction.atomic():
        ScenarioAssessmentFactory(likelihood=6)


@pytest.mark.django_db
def test_database_refuses_duplicate_issue_slug():
    IssueFactory(slug="ukraine")
    with pytest.raises(IntegrityError), transaction.atomic():
        IssueFactory(slug="ukraine")


@pytest.mark.django_db
def test_database_refuses_quote_whose_length_differs_from_its_span():
    stance = StanceFactory()
    with pytest.raises(IntegrityError), transaction.atomic(), open_door():
        Stance.objects.filter(pk=stance.pk).update(quote_end=stance.quote_end + 5)


@pytest.mark.django_db
def test_database_refuses_passage_with_inverted_span():
    source = SourceFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        PassageFactory(source=source, start=5, end=2, text="")


@pytest.mark.django_db
def test_validation_refuses_quote_not_in_source():
    stance = StanceFactory.build(
        source=SourceFactory(),
        quote="Nobody said this.",
        quote_start=0,
        quote_end=17,
        expert=StanceFactory().expert,
        issue=IssueFactory(),
    )
    with pytest.raises(ValidationError) as excinfo:
        stance.full_clean()
    assert "does not occur" in str(excinfo.value.message_dict["quote"])


@pytest.mark.django_db
def test_validation_recomputes_offsets_when_quote_changes():
    stance = StanceFactory()
    stance.quote = "Beijing will not abandon Moscow."
    stance.full_clean()
    assert stance.source.text[stance.quote_start : stance.quote_end] == stance.quote


@pytest.mark.django_db
def test_validation_refuses_passage_beyond_the_source():
    source = SourceFactory()
    passage = PassageFactory.build(
        source=source, index=0, start=0, end=len(source.text) + 3, text=source.text + "xyz"
    )
    with pytest.raises(ValidationError):
        passage.full_clean()


@pytest.mark.django_db
def test_revise_bumps_version_and_writes_history():
    stance = StanceFactory()
    changes.edit(stance, {"position": 2}, seen_version=1, by=None)
    stance.refresh_from_db()
    assert (stance.position, stance.version) == (2, 2)
    assert stance.history.count() == 2


@pytest.mark.django_db
def test_revise_from_a_stale_version_raises_conflict_and_changes_nothing():
    stance = StanceFactory()
    changes.edit(stance, {"position": 2}, seen_version=1, by=None)
    stale = Stance.objects.get(pk=stance.pk)
    with pytest.raises(EditConflict) as excinfo:
        changes.edit(stale, {"position": -1}, seen_version=1, by=None)
    assert excinfo.value.current.position == 2
    stance.refresh_from_db()
    assert (stance.position, stance.version) == (2, 2)
