"""Fuzzing the ways in: generated malformed import documents and annotation files.

Whatever the mutation, parsing either accepts the input (and an accepted import applies
cleanly) or refuses it with an IngestError whose every line names the file; a refused
import leaves the database as it was.
"""

import copy
import json
import re

import pytest
from django.db import transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from corpus.annotations import load_annotations
from corpus.errors import IngestError
from corpus.exchange import apply_import, export_record, parse_import
from corpus.models import Stance
from tests.conftest import SEEDS
from tests.editing_support import RECORD_MODELS, forget
from tests.factories import (
    ExpertFactory,
    OrganisationFactory,
    PassageFactory,
    ScenarioAssessmentFactory,
    StanceFactory,
)

_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    _text,
    st.sampled_from(["\x00", "bad slug/<x>", "alien", "9999-12-31", "x" * 400, "\u202e", ""]),
)
_json = st.recursive(
    _scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(_text, inner, max_size=3)),
    max_leaves=6,
)


def fingerprint() -> list[int]:
    """Row and history counts of every record model: what a refused import must not move."""
    counts = []
    for model in RECORD_MODELS:
        counts.append(model.objects.count())
        if hasattr(model, "history"):
            counts.append(model.history.count())
    return counts


class _Rollback(Exception):
    pass


@pytest.fixture
def exported(db):
    """A small record's export; its stances and assessments are gone from the database."""
    expert = ExpertFactory(organisation=OrganisationFactory(name="MERICS"))
    stance = StanceFactory(expert=expert, status="published")
    PassageFactory(source=stance.source, index=0)
    ScenarioAssessmentFactory(expert=expert, source=stance.source, status="published")
    data = export_record()
    forget(Stance.objects.all())
    return data


def paths(value, prefix=()):
    """Every path into a JSON document: the places a mutation can hit."""
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from paths(item, (*prefix, key))
    elif isinstance(value, list):
        for n, item in enumerate(value):
            yield from paths(item, (*prefix, n))


def mutate(doc, path, how, value):
    if not path:
        return value
    parent = doc
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    if how == "delete":
        del parent[last]
    elif how == "rename" and isinstance(parent, dict):
        parent[f"{last}x"] = parent.pop(last)
    else:
        parent[last] = value
    return doc


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    # No shrinking: a failure reports its first example at once instead of minutes later.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)
@given(data=st.data())
def test_a_malformed_import_is_refused_clearly_and_changes_nothing(exported, data):
    doc = copy.deepcopy(exported)
    for _ in range(data.draw(st.integers(1, 3))):
        targets = list(paths(doc))
        path = data.draw(st.sampled_from(targets))
        how = data.draw(st.sampled_from(["replace", "delete", "rename"]))
        doc = mutate(doc, path, how, data.draw(_json))
        if not isinstance(doc, dict):
            break
    text = json.dumps(doc, ensure_ascii=data.draw(st.booleans()))
    before = fingerprint()
    try:
        plan = parse_import(text, "fuzzed.json")
    except IngestError as exc:
        assert exc.lines and all(line.startswith("fuzzed.json") for line in exc.lines)
        assert fingerprint() == before
        return
    try:
        with transaction.atomic():
            apply_import(plan)
            raise _Rollback
    except _Rollback:
        pass


_ANNOTATION = (SEEDS / "annotations" / "001_b242f4e15b4feee3.toml").read_text(encoding="utf-8")
_ASSIGNMENT = re.compile(r"^([a-z_]+) = .*$", re.MULTILINE)
_toml_values = st.one_of(
    st.integers(min_value=-(2**63), max_value=2**63 - 1).map(str),
    st.booleans().map(lambda b: "true" if b else "false"),
    _text.map(lambda s: json.dumps(s, ensure_ascii=True)),
    st.sampled_from(['"\\u0000"', '"Bad Slug!"', '"alien"', '"2022-13"', "[1, 2]", '""']),
    st.lists(_text.map(json.dumps), max_size=3).map(lambda xs: "[" + ", ".join(xs) + "]"),
)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    # No shrinking: a failure reports its first example at once instead of minutes later.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)
@given(data=st.data())
def test_a_malformed_annotation_file_is_refused_clearly(
    db, tmp_path_factory, django_assert_num_queries, data
):
    text = _ANNOTATION
    lines = list(_ASSIGNMENT.finditer(text))
    for _ in range(data.draw(st.integers(1, 3))):
        match = data.draw(st.sampled_from(lines))
        key = match.group(1)
        how = data.draw(st.sampled_from(["value", "key", "garbage"]))
        if how == "value":
            new = f"{key} = {data.draw(_toml_values)}"
        elif how == "key":
            new = match.group().replace(
                key, data.draw(st.sampled_from(["postion", "qoute", key])), 1
            )
        else:
            new = data.draw(st.sampled_from(["[[stance]]", "= 1", "[broken", "x = ", "[[source]]"]))
        text = text[: match.start()] + new + text[match.end() :]
        lines = list(_ASSIGNMENT.finditer(text))
        if not lines:
            break
    path = tmp_path_factory.mktemp("fuzz") / "fuzzed.toml"
    path.write_text(text, encoding="utf-8")
    # Reading and checking a file asks nothing of the database, let alone changes it.
    with django_assert_num_queries(0):
        try:
            load_annotations(path)
        except IngestError as exc:
            assert exc.lines and all(str(path) in line for line in exc.lines)
