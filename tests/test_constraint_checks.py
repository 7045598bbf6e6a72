"""full_clean checks a record's check constraints in one query, with Django's errors."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.test.utils import CaptureQueriesContext

from tests.factories import EventFactory, StanceFactory

# One broken value per check constraint of a stance, and one breaking several at once.
BROKEN = {
    "position out of range": {"position": 7},
    "span reversed": {"quote_end": 0},
    "span not the quote's length": {"quote_end": 3},
    "unknown status": {"status": "lost"},
    "unknown confidence": {"confidence": "total"},
    "deprecated without reason": {"status": "deprecated", "deprecation_reason": ""},
    "several": {"position": -9, "confidence": "none", "status": "gone"},
}


def _errors(validate, record) -> dict:
    try:
        validate(record)
    except ValidationError as e:
        return e.message_dict
    return {}


@pytest.mark.django_db
@pytest.mark.parametrize("broken", BROKEN.values(), ids=BROKEN.keys())
def test_a_broken_stance_gets_the_errors_django_gives(broken):
    stance = StanceFactory()
    for name, value in broken.items():
        setattr(stance, name, value)
    ours = _errors(lambda r: r.validate_constraints(), stance)
    assert ours, "the broken values passed"
    assert ours == _errors(models.Model.validate_constraints, stance)


@pytest.mark.django_db
def test_an_excluded_field_leaves_its_constraints_unchecked():
    stance = StanceFactory()
    stance.position = 7
    assert _errors(lambda r: r.validate_constraints(exclude={"position"}), stance) == {}


@pytest.mark.django_db
def test_a_broken_event_gets_the_errors_django_gives():
    event = EventFactory()
    event.label, event.precision = "", "fortnight"
    ours = _errors(lambda r: r.validate_constraints(), event)
    assert len(ours["__all__"]) == 2
    assert ours == _errors(models.Model.validate_constraints, event)


@pytest.mark.django_db
def test_the_check_constraints_take_one_statement():
    stance = StanceFactory()
    with CaptureQueriesContext(connection) as queries:
        stance.validate_constraints()
    # Django's CheckConstraint.validate selects from no table, once per constraint.
    checks = [
        q["sql"] for q in queries if q["sql"].startswith("SELECT") and " FROM " not in q["sql"]
    ]
    assert len(checks) == 1
