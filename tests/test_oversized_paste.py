"""A paste larger than Django reads (DATA_UPLOAD_MAX_MEMORY_SIZE) answers with a form error
and keeps the other typed fields, also with the CSRF check on: no bare 400 or 413 page."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from corpus.models import PendingSource, Source
from tests.editing_support import db_state


@pytest.fixture
def strict_client(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    return client


@pytest.fixture
def small_limits(settings):
    settings.VANTAGE_MAX_SOURCE_BYTES = 100
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2000


def _form(client, text):
    page = client.get(reverse("source-new")).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    return {
        "csrfmiddlewaretoken": token,
        "title": "Panel on the Arctic",
        "publisher": "Nordic Forum",
        "kind": "transcript",
        "published": "2024-02",
        "url": "https://example.org/arctic",
        "layout": "auto",
        "text": text,
    }


def test_an_oversized_paste_keeps_the_typed_fields(strict_client, small_limits):
    before = db_state()
    response = strict_client.post(reverse("source-new"), _form(strict_client, "word " * 1000))
    html = response.content.decode()
    assert response.status_code == 413
    assert "The pasted text is 5,000 bytes" in html
    assert "upload the document as a file" in html
    assert "choose a file to upload" not in html  # it was pasted: only too long
    for typed in ("Panel on the Arctic", "Nordic Forum", "2024-02", "https://example.org/arctic"):
        assert f'value="{typed}"' in html
    assert 'value="transcript" selected' in html
    assert db_state() == before
    assert not PendingSource.objects.exists()


def test_a_paste_under_the_parse_limit_still_meets_the_source_limit(strict_client, small_limits):
    response = strict_client.post(reverse("source-new"), _form(strict_client, "word " * 30))
    assert response.status_code == 200
    assert "the limit is 100" in response.content.decode()
    assert not Source.objects.exists()


def test_an_oversized_post_without_its_csrf_token_is_still_refused(strict_client, small_limits):
    data = _form(strict_client, "word " * 1000)
    data["csrfmiddlewaretoken"] = "x" * 64
    assert strict_client.post(reverse("source-new"), data).status_code == 403
