"""An ingest that fails halfway through its writes leaves the database as it was."""

import io

import pytest
from django.core.management import call_command

from corpus import ingest
from corpus.models import Expert, Source, Stance
from tests.conftest import SEEDS
from tests.editing_support import RECORD_MODELS
from tests.test_ingest import snapshot


class DiskFull(Exception):
    pass


@pytest.fixture
def fails_after(monkeypatch):
    """Make the n-th record write raise, after the records before it were saved."""

    def arm(n: int) -> list:
        written = []
        original = ingest._write_record

        def write_then_fail(record, source, report):
            if len(written) == n:
                raise DiskFull("no space left on device")
            original(record, source, report)
            written.append(record)

        monkeypatch.setattr(ingest, "_write_record", write_then_fail)
        return written

    return arm


def counts() -> dict:
    counted = {model.__name__: model.objects.count() for model in RECORD_MODELS}
    counted |= {f"history of {m.__name__}": m.history.count() for m in (Stance, Source, Expert)}
    return counted


@pytest.mark.django_db
def test_a_failed_first_ingest_writes_nothing(fails_after):
    written = fails_after(10)
    with pytest.raises(DiskFull):
        call_command("ingest", SEEDS, stdout=io.StringIO())
    assert len(written) == 10  # it really failed halfway, after saving records
    assert set(counts().values()) == {0}


def test_a_failed_reingest_leaves_the_earlier_record(seeded, fails_after, monkeypatch):
    before = snapshot()
    # Make the second run change every stance, so its writes would show if they were kept.
    original_sync = ingest._sync

    def sync_with_new_summary(model, lookup, values, report, kind):
        if model is Stance:
            values = {**values, "summary": "Changed by a run that then failed."}
        return original_sync(model, lookup, values, report, kind)

    monkeypatch.setattr(ingest, "_sync", sync_with_new_summary)
    written = fails_after(5)
    with pytest.raises(DiskFull):
        call_command("ingest", SEEDS, stdout=io.StringIO())
    assert len(written) == 5
    assert snapshot() == before
    assert not Stance.objects.filter(summary__startswith="Changed by").exists()
