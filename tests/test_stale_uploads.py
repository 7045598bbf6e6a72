"""Uploads whose speakers nobody confirmed are dropped after VANTAGE_PENDING_UPLOAD_HOURS:
on the next upload, or by `manage.py drop-stale-uploads`."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from corpus.models import PendingSource
from corpus.uploads import drop_stale_pending

DOCUMENT = "A note\n\nThe partnership is deep.\n"


def _upload(client, text=DOCUMENT, title="A note"):
    return client.post(
        reverse("source-new"),
        {
            "title": title,
            "publisher": "Example Institute",
            "kind": "report",
            "published": "2023-05",
            "url": "",
            "layout": "plain",
            "text": text,
        },
    )


def _aged(hours):
    """The one pending upload, made to look `hours` old."""
    pending = PendingSource.objects.get()
    stamp = timezone.now() - dt.timedelta(hours=hours)
    PendingSource.objects.filter(pk=pending.pk).update(created_at=stamp)
    return pending


def test_a_new_upload_drops_uploads_left_unconfirmed_too_long(editor_client, settings):
    settings.VANTAGE_PENDING_UPLOAD_HOURS = 48
    _upload(editor_client)
    stale = _aged(49)
    _upload(editor_client, text="Another note\n\nIt will fray.\n", title="Another")
    assert not PendingSource.objects.filter(pk=stale.pk).exists()
    assert PendingSource.objects.get().title == "Another"


def test_an_upload_still_within_its_hours_is_kept(editor_client, settings):
    settings.VANTAGE_PENDING_UPLOAD_HOURS = 48
    _upload(editor_client)
    recent = _aged(47)
    _upload(editor_client, text="Another note\n\nIt will fray.\n", title="Another")
    assert PendingSource.objects.filter(pk=recent.pk).exists()
    assert PendingSource.objects.count() == 2


def test_the_proposal_of_a_dropped_upload_is_gone(editor_client, settings):
    _upload(editor_client)
    pending = _aged(settings.VANTAGE_PENDING_UPLOAD_HOURS + 1)
    assert drop_stale_pending() == 1
    response = editor_client.get(reverse("source-proposal", args=[pending.pk]))
    assert response.status_code == 404


def test_the_command_drops_stale_uploads_and_says_how_many(editor_client):
    _upload(editor_client)
    _aged(5)
    out = io.StringIO()
    call_command("drop-stale-uploads", "--hours", "6", stdout=out)
    assert out.getvalue().strip() == "dropped 0 unconfirmed uploads"
    call_command("drop-stale-uploads", "--hours", "4", stdout=out)
    assert out.getvalue().strip().endswith("dropped 1 unconfirmed upload")
    assert not PendingSource.objects.exists()


def test_the_command_refuses_negative_hours(db):
    with pytest.raises(CommandError, match="--hours: must be 0 or more"):
        call_command("drop-stale-uploads", "--hours", "-1", stdout=io.StringIO())
