import io
import os
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction

from tests.factories import UserFactory

SEEDS = Path(settings.BASE_DIR) / "seeds"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Pages cache under the record version, and a rolled-back SQLite test reuses row ids (so
    versions): no test may see what another one cached."""
    cache.clear()


class SeedSnapshot:
    """Every row the ingest of seeds/ writes, read back once per test session.

    Ingesting takes most of a second; putting the same rows back takes a few milliseconds, so
    each test that wants the corpus gets it fresh inside its own transaction, and the tests
    that don't still start from an empty record. Rows are copied model by model (history and
    many-to-many tables included), so triggers such as SQLite's search index fire as they do
    for a load.
    """

    def __init__(self):
        before = self._counts()
        with transaction.atomic():
            call_command("ingest", SEEDS, stdout=io.StringIO())
            self.rows = {
                model: list(model._base_manager.order_by("pk"))
                for model in self._models()
                if not before[model] and model._base_manager.exists()
            }
            changed = [m for m, n in before.items() if n and m._base_manager.count() != n]
            assert not changed, f"ingest changed rows migrations made: {changed}"
            # Leave the database as migrate left it; only the copy in memory survives.
            transaction.set_rollback(True)

    @staticmethod
    def _models():
        return [m for m in apps.get_models(include_auto_created=True) if m._meta.managed]

    def _counts(self):
        return {model: model._base_manager.count() for model in self._models()}

    def restore(self):
        # One transaction: foreign keys are checked once every table is back, whatever order.
        with transaction.atomic():
            for model, rows in self.rows.items():
                for row in rows:
                    row._state.adding = True
                model._base_manager.bulk_create(rows)
            statements = connection.ops.sequence_reset_sql(no_style(), list(self.rows))
            if statements:
                with connection.cursor() as cursor:
                    for sql in statements:
                        cursor.execute(sql)
        # The rows arrived without going through a save: nothing cached before may stand.
        cache.clear()


@pytest.fixture(scope="session")
def seed_snapshot(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return SeedSnapshot()


@pytest.fixture
def seeded(db, seed_snapshot):
    """The seed corpus in the test database, as `ingest seeds/` leaves it."""
    seed_snapshot.restore()


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


# --- Browser tests: Playwright driving Debian's Chromium against the live server. ---

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Playwright's sync API runs an event loop in the test thread; Django must allow ORM use there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.exists():
        reason = (
            "Debian's Chromium is not installed at /usr/bin/chromium (apt-get install chromium)"
        )
        if os.environ.get("VANTAGE_REQUIRE_BROWSER"):
            pytest.fail(reason)
        pytest.skip(reason)
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "headless": True,
        "args": CHROMIUM_FLAGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 800}}


class BrowserProblems(list):
    """Console errors, page errors and CSP violations seen during a browser test."""


@pytest.fixture
def console_problems(page):
    problems = BrowserProblems()
    page.on(
        "console",
        lambda msg: (
            problems.append(f"console {msg.type}: {msg.text}")
            if msg.type in ("error", "warning") and "DevTools" not in msg.text
            else None
        ),
    )
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    yield problems
    assert not problems, "\n".join(problems)


class LiveApp:
    """The live server, seeded, with a way to sign a browser page in as a given user."""

    def __init__(self, live_server, page):
        self.url = live_server.url
        self.page = page

    def login_as(self, user):
        from django.conf import settings as django_settings
        from django.test import Client

        client = Client()
        client.force_login(user)
        cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
        self.page.context.add_cookies(
            [{"name": cookie.key, "value": cookie.value, "url": self.url}]
        )
        return self

    def goto(self, path):
        self.page.goto(self.url + path)
        return self.page


@pytest.fixture
def app(transactional_db, seed_snapshot, live_server, page, console_problems):
    """A seeded live app and a Chromium page signed in as a viewer."""
    seed_snapshot.restore()
    live = LiveApp(live_server, page)
    live.login_as(UserFactory(username="browser-viewer", role="viewer"))
    return live
