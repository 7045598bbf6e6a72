import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.factories import UserFactory

SEEDS = Path(settings.BASE_DIR) / "seeds"


@pytest.fixture
def seeded(db):
    """The seed corpus, ingested into the test database."""
    call_command("ingest", SEEDS, stdout=io.StringIO())


@pytest.fixture
def viewer(db):
    return UserFactory(username="viewer-user", role="viewer")


@pytest.fixture
def editor(db):
    return UserFactory(username="editor-user", role="editor")


@pytest.fixture
def reviewer(db):
    return UserFactory(username="reviewer-user", role="reviewer")


@pytest.fixture
def stranger(db):
    """Signed in, but in no role group."""
    return UserFactory(username="stranger-user")


@pytest.fixture
def viewer_client(client, viewer):
    client.force_login(viewer)
    return client


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def reviewer_client(client, reviewer):
    client.force_login(reviewer)
    return client
