import gc
import io
import os
import sys
from importlib import import_module
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import login
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.http import HttpRequest
from django.test import Client
from pytest_django.plugin import blocking_manager_key

from dashboard import throttle
from tests import db_template
from tests.snapshots import kept

# This machine's environment sets PYTHONDONTWRITEBYTECODE, so every run compiled the app and
# the tests again in each worker (seconds each): the suite keeps its bytecode (gitignored).
sys.dont_write_bytecode = False

SEEDS = Path(settings.BASE_DIR) / "seeds"
db_template.install()


def pytest_configure(config):
    # xdist's controller runs no test: it need not import hypothesis (nor factory_boy, which
    # the fixtures below import when first used), each a few tenths of a second at its start.
    if config.getoption("numprocesses", None) and not hasattr(config, "workerinput"):
        return
    import hypothesis

    # Timing belongs in the benchmark: hypothesis's per-example deadline (200 ms) fails
    # examples at random when the machine is busy (two workers, a browser), not when code is.
    hypothesis.settings.register_profile("vantage", deadline=None)
    hypothesis.settings.load_profile("vantage")


def pytest_collection_finish(session):
    # The collected modules, Django's and the app's objects live for the whole run: frozen,
    # the collector no longer walks them, and a higher first threshold runs it less often
    # (tests allocate many short-lived model instances and querysets).
    gc.collect()
    gc.freeze()
    gc.set_threshold(7000, *gc.get_threshold()[1:])


def _user(**fields):
    from tests.factories import UserFactory

    return UserFactory(**fields)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Pages cache under generations, which a rolled-back test resets: no test may see what
    another one cached; nor count what another one exported (the per-caller limits)."""
    cache.clear()
    throttle.counts_file().unlink(missing_ok=True)


@pytest.fixture(scope="session", autouse=True)
def _close_stray_connections(django_db_setup, django_db_blocker):
    """Before the test database is dropped, end connections other threads left open (the PNG
    renderer's thread, live-server threads): PostgreSQL refuses to drop a database in use."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


class SeedLayer:
    """The seed rows restored once into a transaction of their own, which consecutive seeded
    tests on a worker share: each test's own transaction (pytest-django's TestCase) is then a
    savepoint inside it, rolled back after the test as before, so every test still starts
    from the rows `ingest seeds/` leaves. Restoring them cost ~30-70 ms a test, most of it
    SQLite's search index taking the passages in again."""

    def __init__(self):
        self.snapshot = None
        self._atomic = None

    @property
    def is_open(self) -> bool:
        return self._atomic is not None

    def open(self):
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self.snapshot.restore()

    def close(self):
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)
        self._atomic = None


_seed_layer = SeedLayer()
# Test-database fixtures that commit, flush or need their own connection state.
_TRANSACTIONAL = {
    "transactional_db",
    "live_server",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
}
# Wider-scoped fixtures that may unblock the database while the layer is open.
_LAYER_SAFE = {
    "django_db_setup",
    "seed_snapshot",
    "_close_stray_connections",
    "_django_setup_unittest",  # pytest-django's, for unittest classes only
}


def _shares_seed_layer(item) -> bool:
    """Whether this test can run inside the shared seed layer: a seeded test in a plain
    transaction, none of whose module- or session-wide fixtures write to the database (they
    expect it empty: a rendered set of pages, intake scores, a built PowerPoint)."""
    names = set(getattr(item, "fixturenames", ()))
    if "seeded" not in names or names & _TRANSACTIONAL:
        return False
    marker = item.get_closest_marker("django_db")
    if marker and any(marker.kwargs.get(k) for k in ("transaction", "reset_sequences")):
        return False
    for name in names - _LAYER_SAFE:
        defs = item._fixtureinfo.name2fixturedefs.get(name)
        if defs and defs[-1].scope != "function" and "django_db_blocker" in defs[-1].argnames:
            return False
    return True


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    # Before any fixture of the test: open the layer for a seeded test that can share it,
    # close it for any other (which expects an empty database, or commits).
    wanted = _seed_layer.snapshot is not None and _shares_seed_layer(item)
    if wanted != _seed_layer.is_open:
        with item.config.stash[blocking_manager_key].unblock():
            _seed_layer.open() if wanted else _seed_layer.close()


@pytest.fixture(scope="session")
def seed_snapshot(django_db_setup, django_db_blocker):
    """The rows `ingest seeds/` writes into an empty record: ingested once, then kept on disk
    between runs (each worker ingested for seconds) until the seeds or the code change."""
    with django_db_blocker.unblock():
        snapshot = kept(lambda: call_command("ingest", SEEDS, stdout=io.StringIO()), "seeds")
    _seed_layer.snapshot = snapshot
    yield snapshot
    # Before the test database goes: end the layer's transaction.
    if _seed_layer.is_open:
        with django_db_blocker.unblock():
            _seed_layer.close()
    _seed_layer.snapshot = None


@pytest.fixture
def seeded(db, seed_snapshot):
    """The seed corpus in the test database, as `ingest seeds/` leaves it."""
    if not _seed_layer.is_open:  # a test that cannot share the layer (or the first one)
        seed_snapshot.restore()


class _Client(Client):
    """Django's test client, signing in without first saving a session it then replaces."""

    def _login(self, user, backend=None):
        if settings.SESSION_COOKIE_NAME in self.cookies:
            return super()._login(user, backend)
        # Django's asks self.session, which saves an empty session (a key lookup and an
        # INSERT) only for login()'s cycle_key to copy it to a new key and delete it.
        request = HttpRequest()
        request.session = import_module(settings.SESSION_ENGINE).SessionStore()
        login(request, user, backend)
        request.session.save()
        self._set_login_cookies(request)


@pytest.fixture
def client():
    return _Client()


@pytest.fixture
def viewer(db):
    return _user(username="viewer-user", role="viewer")


@pytest.fixture
def editor(db):
    return _user(username="editor-user", role="editor")


@pytest.fixture
def reviewer(db):
    return _user(username="reviewer-user", role="reviewer")


@pytest.fixture
def stranger(db):
    """Signed in, but in no role group."""
    return _user(username="stranger-user")


@pytest.fixture
def presenter(db):
    return _user(username="presenter-user", role="presenter")


@pytest.fixture
def presenter_client(client, presenter):
    client.force_login(presenter)
    return client


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


# page.wait_for_function() must be given an arrow function ("() => ..."): a bare expression is
# eval()ed by Playwright on every poll after the first, which the app's CSP refuses, so the
# wait fails whenever the condition is not already true (tests/test_test_habits.py checks it).
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
    live.login_as(_user(username="browser-viewer", role="viewer"))
    return live
