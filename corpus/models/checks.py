"""full_clean's check constraints evaluated in one query instead of one query each.

Django validates every CheckConstraint with its own `SELECT 1 WHERE <condition>` (and a
savepoint around it inside a transaction, as every write through the door is): a stance has
seven, so each save through the door paid for 21 statements before its INSERT. Here the
conditions are the columns of one SELECT over the same values, and the errors are raised as
Django's loop raises them, constraint by constraint in declaration order.
"""

from contextlib import nullcontext

from django.core.exceptions import FieldError, ValidationError
from django.db import DatabaseError, connections, models, router, transaction
from django.db.models import BooleanField, ExpressionWrapper, Q, Value
from django.db.models.sql import Query
from django.db.models.sql.constants import SINGLE


def _batched(constraint) -> bool:
    # Only Django's own CheckConstraint: a subclass may validate differently.
    return type(constraint) is models.CheckConstraint


def broken_checks(instance, constraints, exclude=None, using="default") -> set[str] | None:
    """Names of the check constraints among these that the instance's values break, from one
    query; None when that query cannot be built or run (the caller checks one by one)."""
    meta = type(instance)._meta
    against = instance._get_field_expression_map(meta=meta, exclude=exclude)
    query = Query(None)
    for name, value in against.items():
        query.add_annotation(
            value if hasattr(value, "resolve_expression") else Value(value), name, select=False
        )
    names = []
    try:
        for n, constraint in enumerate(constraints):
            if exclude and constraint._expression_refs_exclude(
                type(instance), constraint.condition, exclude
            ):
                continue
            condition = ExpressionWrapper(Q(constraint.condition), output_field=BooleanField())
            query.add_annotation(condition, f"_check_{n}")
            names.append(constraint.name)
    except FieldError:
        return None
    if not names:
        return set()
    connection = connections[using]
    atomic = transaction.atomic(using=using) if connection.in_atomic_block else nullcontext()
    try:
        with atomic:
            row = query.get_compiler(using=using).execute_sql(SINGLE)
    except DatabaseError:
        return None
    # A condition that is UNKNOWN (NULL) does not break a check constraint.
    return {name for name, held in zip(names, row, strict=True) if held is not None and not held}


class OneQueryChecks(models.Model):
    """Model mixin: validate_constraints() checks all of the model's own CheckConstraints in
    one query; other constraints (unique ones) and parents' are validated as Django does."""

    class Meta:
        abstract = True

    def validate_constraints(self, exclude=None):
        using = router.db_for_write(self.__class__, instance=self)
        own = [c for c in self._meta.constraints if _batched(c)]
        broken = broken_checks(self, own, exclude, using) if own else set()
        errors = {}
        for model_class, model_constraints in self.get_constraints():
            for constraint in model_constraints:
                try:
                    if broken is not None and model_class is type(self) and _batched(constraint):
                        if constraint.name in broken:
                            raise ValidationError(
                                constraint.get_violation_error_message(),
                                code=constraint.violation_error_code,
                            )
                        continue
                    constraint.validate(model_class, self, exclude=exclude, using=using)
                except ValidationError as e:
                    if getattr(e, "code", None) == "unique" and len(constraint.fields) == 1:
                        errors.setdefault(constraint.fields[0], []).append(e)
                    else:
                        errors = e.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)
