"""Two app servers, one PostgreSQL, one Redis: an edit through one is seen through the other.

Two gunicorn instances on two loopback ports stand in for two hosts (README, "Several app
servers"). Runs where PostgreSQL and Redis answer (CI's PostgreSQL run, .ci/run starts
Redis); skips with the reason otherwise.
"""

import os
import uuid

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from tests.factories import IssueFactory, StanceFactory, UserFactory
from tests.perf import harness

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
PASSWORD = "two-servers-pw"


def _why_not() -> str:
    """Why this machine cannot run the deployment ("" if it can), decided before any database
    is set up, so a skip costs nothing."""
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        return "needs PostgreSQL (DATABASE_URL=postgres://…): SQLite is one host's file"
    if not harness.answers(REDIS_URL, 6379):
        return f"needs Redis at {REDIS_URL} (.ci/run starts one)"
    return ""


pytestmark = [
    pytest.mark.servers,
    pytest.mark.skipif(bool(_why_not()), reason=_why_not() or "runs"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def deployment():
    """The environment two servers start with: this test's database, Redis, static files."""
    # The servers read the test database this test commits to (transaction=True).
    database_url = harness.postgres_url(
        os.environ["DATABASE_URL"], connection.settings_dict["NAME"]
    )
    with harness.static_root() as static:
        env = harness.app_env(harness.sqlite_url(":memory:"), static)
        harness.collectstatic(env)
        yield harness.app_env(
            database_url,
            static,
            REDIS_URL=REDIS_URL,
            # Keys of this run only, so nothing another run cached can answer.
            CACHE_KEY_PREFIX=f"vantage-two-servers-{uuid.uuid4().hex}",
        )


def _user(username: str, role: str) -> None:
    """A user the servers can sign in: hashed as production hashes (the test settings use
    MD5, which production does not accept), with few iterations to keep the test quick."""
    user = UserFactory(username=username, role=role)
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, "two-servers-salt", iterations=1000)
    user.save(update_fields=["password"])


def _cached_keys(prefix: str) -> list:
    import redis

    return redis.Redis.from_url(REDIS_URL).keys(f"{prefix}:*")


def _signed_in(port: int, username: str) -> harness.Session:
    session = harness.Session(port)
    session.login(username, PASSWORD)
    return session


def test_an_edit_through_one_server_is_on_the_other_servers_next_request(deployment, tmp_path):
    issue = IssueFactory(name="Arms transfers")
    stance = StanceFactory(issue=issue, summary="Expects the transfers to continue.")
    _user("reader", "viewer")
    _user("checker", "reviewer")
    ports = harness.Ports(os.environ.get("BENCH_PORTS", ""))
    page = f"/issues/{issue.slug}/"
    with (
        harness.Gunicorn(deployment, 1, tmp_path / "one.log", ports.take()) as one,
        harness.Gunicorn(deployment, 1, tmp_path / "two.log", ports.take()) as two,
    ):
        reader = _signed_in(two.port, "reader")
        before = reader.get(page)
        assert b"Expects the transfers to continue." in before.body
        assert _cached_keys(deployment["CACHE_KEY_PREFIX"])  # the page went into Redis

        checker = _signed_in(one.port, "checker")
        form = harness.edit_form(checker.get(f"/stances/{stance.pk}/edit/").body)
        saved = checker.post(
            f"/stances/{stance.pk}/edit/", {**form, "summary": "Expects the transfers to stop."}
        )
        assert saved.status == 302

        after = reader.get(page)
    assert after.status == 200
    assert b"Expects the transfers to stop." in after.body
    assert b"Expects the transfers to continue." not in after.body
