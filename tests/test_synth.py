"""The synth command: a deterministic, realistic synthetic record with anchored quotes."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from corpus.models import (
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
from corpus.synth import SOURCE_PREFIX, SynthSpec, build

SMALL = SynthSpec(experts=12, issues=4, sources=10, stances=120, seed=7)


def synth(*args):
    out = io.StringIO()
    call_command("synth", *args, stdout=out)
    return out.getvalue()


def snapshot():
    """The record's content, free of primary keys (which differ between runs)."""
    stances = Stance.objects.values_list(
        "expert__slug",
        "issue__slug",
        "source__path",
        "quote_start",
        "quote",
        "position",
        "status",
        "stated_on",
        "stated_precision",
    ).order_by("source__path", "quote_start")
    sources = Source.objects.values_list("path", "sha256", "published_on").order_by("path")
    aliases = ExpertAlias.objects.values_list("expert__slug", "name").order_by(
        "expert__slug", "name"
    )
    return list(stances), list(sources), list(aliases)


@pytest.mark.django_db
def test_it_builds_the_requested_numbers_of_records():
    synth(
        "--experts", "12", "--issues", "4", "--sources", "10", "--stances", "120",
        "--assessments", "15", "--seed", "3",
    )  # fmt: skip
    assert Stance.objects.count() == 120
    assert ScenarioAssessment.objects.count() == 15
    assert Expert.objects.count() == 12
    assert Source.objects.count() == 10


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_record():
    build(SMALL)
    first = snapshot()
    build(SMALL)
    assert snapshot() == first


@pytest.mark.django_db
def test_another_seed_gives_another_record():
    build(SMALL)
    first = snapshot()
    build(SynthSpec(**{**SMALL.__dict__, "seed": 8}))
    assert snapshot() != first


@pytest.mark.django_db
def test_every_quote_is_anchored_in_its_source():
    build(SMALL)
    for model in (Stance, ScenarioAssessment):
        records = list(model.objects.select_related("source"))
        assert records
        for record in records:
            assert record.source.text[record.quote_start : record.quote_end] == record.quote


@pytest.mark.django_db
def test_every_row_passes_model_validation():
    # Enough experts for some institutions, and every scenario title: the longest names.
    build(SynthSpec(experts=80, issues=25, sources=12, stances=100, scenarios=9, seed=4))
    assert Expert.objects.filter(kind="institution").exists()
    for model in (Organisation, Expert, ExpertAlias, Issue, Scenario, Source, Stance):
        for row in model.objects.all():
            row.full_clean()
    for row in [*ScenarioAssessment.objects.all(), *Passage.objects.all()[:50]]:
        row.full_clean()


@pytest.mark.django_db
def test_each_quote_lies_in_a_passage_attributed_to_its_expert():
    build(SMALL)
    for stance in Stance.objects.all():
        passage = Passage.objects.get(
            source=stance.source_id, start__lte=stance.quote_start, end__gte=stance.quote_end
        )
        assert passage.expert_id == stance.expert_id


@pytest.mark.django_db
def test_sources_have_many_paragraphs_and_passages():
    build(SMALL)
    source = Source.objects.first()
    assert source.text.count("\n\n") >= 5
    assert source.passages.count() >= 5


@pytest.mark.django_db
def test_it_spreads_records_over_years_precisions_and_statuses():
    build(SynthSpec(experts=30, issues=5, sources=60, stances=600, seed=1))
    years = {d.year for d in Stance.objects.values_list("stated_on", flat=True)}
    assert len(years) >= 8
    assert set(Stance.objects.values_list("stated_precision", flat=True)) == {
        "year",
        "month",
        "day",
    }
    assert Stance.objects.filter(status="draft").exists()
    assert Stance.objects.filter(status="published").count() > 500


@pytest.mark.django_db
def test_organisations_have_countries_and_some_experts_aliases():
    build(SynthSpec(experts=40, issues=3, sources=10, stances=50, seed=2))
    assert not Expert.objects.filter(organisation__country="").exists()
    assert ExpertAlias.objects.exists()


@pytest.mark.django_db
def test_a_second_run_replaces_the_first():
    build(SMALL)
    build(SMALL)
    assert Stance.objects.count() == SMALL.stances
    assert Source.objects.count() == SMALL.sources


def test_it_refuses_a_database_with_real_sources(seeded):
    with pytest.raises(CommandError, match="real"):
        synth("--experts", "3", "--issues", "2", "--sources", "2", "--stances", "4")
    assert not Source.objects.filter(path__startswith=SOURCE_PREFIX).exists()


def test_force_adds_beside_real_sources_and_a_rerun_keeps_them(seeded):
    real = snapshot()
    args = ("--experts", "3", "--issues", "2", "--sources", "2", "--stances", "4", "--force")
    synth(*args)
    synth(*args)
    assert Source.objects.filter(path__startswith=SOURCE_PREFIX).count() == 2
    kept = [s for s in snapshot()[0] if not s[2].startswith(SOURCE_PREFIX)]
    assert kept == real[0]
