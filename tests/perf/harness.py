"""What the benchmark and the load test share: databases, gunicorn, and an HTTP client.

Everything runs on loopback. The app runs in child processes (manage.py, gunicorn) with
production settings plus tests.perf.settings' additions; this module never imports Django
settings itself, so it can drive several databases in one run.
"""

import contextlib
import html.parser
import http.client
import json
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

REPO = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
BENCH_PASSWORD = "bench-" + secrets.token_urlsafe(12)


# --- databases ------------------------------------------------------------------------------


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def postgres_url(base_url: str, name: str) -> str:
    """base_url with its database name replaced by name."""
    parts = urlsplit(base_url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def database_name(url: str) -> str:
    return urlsplit(url).path.strip("/")


def recreate_postgres_database(base_url: str, name: str) -> str:
    """Drop and create database `name` on the server of base_url; returns its URL."""
    import psycopg

    admin = postgres_url(base_url, "postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return postgres_url(base_url, name)


def vendor(database_url: str) -> str:
    return "sqlite" if database_url.startswith("sqlite") else "postgresql"


# --- running the app ------------------------------------------------------------------------


def app_env(database_url: str, static_root: str, **extra) -> dict:
    """Production settings (DEBUG off) on plain-http loopback, plus the bench additions."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.perf.settings",
        "DEBUG": "False",
        "SECRET_KEY": "bench-" + secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1",
        # Loopback speaks plain http; everything else stays as in production.
        "SECURE_SSL_REDIRECT": "False",
        "DATABASE_URL": database_url,
        "BENCH_STATIC_ROOT": static_root,
        "LOG_LEVEL": "ERROR",
        "PYTHONUNBUFFERED": "1",
    }
    env.update({k: str(v) for k, v in extra.items()})
    return env


def manage(env: dict, *args: str) -> str:
    """Run manage.py in a child process; returns its stdout, raises with its stderr."""
    done = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=REPO, env=env, capture_output=True, text=True
    )
    if done.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def prepare(env: dict, *args: str) -> dict:
    """Run tests/perf/prepare.py's command in the app's settings; returns its JSON answer."""
    done = subprocess.run(
        [PYTHON, "-m", "tests.perf.prepare", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise RuntimeError(f"prepare {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout)


def collectstatic(env: dict) -> None:
    manage(env, "collectstatic", "--noinput", "-v0")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Ports:
    """Loopback ports handed out from a range ("8120-8129"), or any free one without a range."""

    def __init__(self, span: str = ""):
        low, _, high = span.partition("-")
        self.free = list(range(int(low), int(high or low) + 1)) if low else []
        self.ranged = bool(low)

    def take(self) -> int:
        if not self.ranged:
            return free_port()
        while self.free:
            port = self.free.pop(0)
            with socket.socket() as s, contextlib.suppress(OSError):
                s.bind(("127.0.0.1", port))
                return port
        raise RuntimeError("no free port left in the range given")

    def give_back(self, port: int) -> None:
        if self.ranged:
            self.free.append(port)


def answers(url: str, default_port: int) -> bool:
    """Whether something listens at the host and port of url (a database, Redis)."""
    parts = urlsplit(url)
    try:
        socket.create_connection((parts.hostname, parts.port or default_port), 2).close()
    except OSError:
        return False
    return True


def rss_mb(pid: int) -> float:
    """Resident set size of a process, from /proc (0 if it is gone)."""
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


class Gunicorn:
    """gunicorn serving the app on a free loopback port, started and stopped by this process."""

    def __init__(self, env: dict, workers: int, log: Path, port: int | None = None):
        self.port = port or free_port()
        self.workers = workers
        self.env = {**env, "GUNICORN_BIND": f"127.0.0.1:{self.port}", "WEB_CONCURRENCY": workers}
        self.env = {k: str(v) for k, v in self.env.items()}
        self.log = log
        self.process = None

    def __enter__(self):
        self.log.parent.mkdir(parents=True, exist_ok=True)
        self._log_file = self.log.open("ab")
        self.process = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "-c", "dashboard/gunicorn.conf.py", "dashboard.wsgi"],
            cwd=REPO,
            env=self.env,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
        )
        self.wait_ready()
        return self

    def wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log}")
            if len(self.worker_pids()) >= self.workers:
                with contextlib.suppress(OSError):
                    fetch(self.port, "GET", "/accounts/login/", timeout=5)
                    return
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within {timeout}s; see {self.log}")

    def worker_pids(self) -> list[int]:
        """The master's children, read from /proc."""
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            with contextlib.suppress(OSError):
                stat = (entry / "stat").read_text()
                # The fields after the command name (which may hold spaces) end the line.
                ppid = int(stat.rsplit(")", 1)[1].split()[1])
                if ppid == self.process.pid:
                    pids.append(int(entry.name))
        return sorted(pids)

    def workers_rss_mb(self) -> list[float]:
        return [rss_mb(pid) for pid in self.worker_pids()]

    def kill_worker(self) -> int:
        """SIGKILL one worker (as the OOM killer would); the master starts another."""
        pid = self.worker_pids()[0]
        os.kill(pid, signal.SIGKILL)
        return pid

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log_file.close()


@contextlib.contextmanager
def static_root():
    with tempfile.TemporaryDirectory(prefix="vantage-static-") as path:
        yield path


# --- HTTP -----------------------------------------------------------------------------------


@dataclass
class Response:
    status: int
    seconds: float
    body: bytes
    headers: object

    @property
    def queries(self) -> int | None:
        value = self.headers.get("X-Query-Count")
        return int(value) if value is not None else None


def fetch(port, method, path, *, body=None, headers=None, timeout=60.0) -> Response:
    """One request on a fresh connection (gunicorn's sync workers close after each)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    started = time.perf_counter()
    try:
        conn.request(method, path, body=body, headers=headers or {})
        raw = conn.getresponse()
        data = raw.read()
    finally:
        conn.close()
    return Response(raw.status, time.perf_counter() - started, data, raw.headers)


class Session:
    """A signed-in browser, minus the browser: keeps cookies, sends the CSRF token."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def _headers(self, extra=None) -> dict:
        headers = {"Host": f"127.0.0.1:{self.port}", "Accept": "text/html"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return headers | (extra or {})

    def _keep_cookies(self, response: Response) -> None:
        for header in response.headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                self.cookies[name] = morsel.value

    def get(self, path: str, timeout: float = 60.0) -> Response:
        response = fetch(self.port, "GET", path, headers=self._headers(), timeout=timeout)
        self._keep_cookies(response)
        return response

    def get_shared(self, path: str, timeout: float = 60.0) -> Response:
        """A GET that leaves the cookies alone, for threads sharing one session."""
        return fetch(self.port, "GET", path, headers=self._headers(), timeout=timeout)

    def post(self, path: str, data: dict, timeout: float = 60.0) -> Response:
        token = next((v for k, v in self.cookies.items() if k.endswith("csrftoken")), "")
        body = urlencode({**data, "csrfmiddlewaretoken": token}, doseq=True)
        headers = self._headers(
            {"Content-Type": "application/x-www-form-urlencoded", "X-CSRFToken": token}
        )
        response = fetch(self.port, "POST", path, body=body, headers=headers, timeout=timeout)
        self._keep_cookies(response)
        return response

    def login(self, username: str, password: str) -> None:
        self.get("/accounts/login/")
        response = self.post("/accounts/login/", {"username": username, "password": password})
        if response.status != 302 or not any(k.endswith("sessionid") for k in self.cookies):
            raise RuntimeError(f"sign-in as {username} failed: HTTP {response.status}")


# --- forms ----------------------------------------------------------------------------------


class FormFields(html.parser.HTMLParser):
    """The fields a browser would submit from the page's form holding a `version` input."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._form = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("method", "").lower() == "post":
            self._form = {}
        if self._form is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self._form[name] = a.get("value", "on" if kind in ("checkbox", "radio") else "")
        elif tag == "textarea" and name:
            self._textarea = name
            self._form[name] = ""
        elif tag == "select" and name:
            self._select = name
        elif (
            tag == "option" and self._select and (self._select not in self._form or "selected" in a)
        ):
            self._form[self._select] = a.get("value", "")

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None


def edit_form(body: bytes) -> dict | None:
    parser = FormFields()
    parser.feed(body.decode("utf-8"))
    form = next((f for f in parser.forms if "version" in f), None)
    if form and form.get("quote", "").startswith("\n"):
        # Browsers drop the newline that may follow <textarea>.
        form["quote"] = form["quote"][1:]
    return form


# --- measuring ------------------------------------------------------------------------------


@dataclass
class Measurement:
    """A fixed number of requests to one URL from a bounded pool of concurrent clients."""

    path: str
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    queries_seen: list = field(default_factory=list)
    sizes: set = field(default_factory=set)
    wall: float = 0.0
    failures: int = 0  # connection errors

    @property
    def requests(self) -> int:
        return len(self.latencies)

    def merge(self, other: "Measurement") -> None:
        """Add another run of the same URL (a later round) to this one."""
        self.latencies += other.latencies
        self.queries_seen += other.queries_seen
        self.sizes |= other.sizes
        self.wall += other.wall
        self.failures += other.failures
        for status, n in other.statuses.items():
            self.statuses[status] = self.statuses.get(status, 0) + n

    def p(self, percent: int) -> float:
        return percentile(self.latencies, percent) * 1000

    @property
    def rps(self) -> float:
        return self.requests / self.wall if self.wall else 0.0

    @property
    def errors(self) -> int:
        return self.failures + sum(n for s, n in self.statuses.items() if s != 200)


def percentile(values: list[float], percent: int) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[percent - 1]


def measure(
    session: Session, path: str, requests: int, concurrency: int, budget: float = 60.0
) -> Measurement:
    """Send `requests` GETs to path from `concurrency` threads; collect what came back.

    No request starts after `budget` seconds, so a page slow at 100k stances ends with
    fewer requests (the row says how many) instead of running for an hour.
    """
    result = Measurement(path)
    lock = threading.Lock()
    left = requests
    deadline = time.perf_counter() + budget

    def client():
        nonlocal left
        while True:
            with lock:
                if left == 0 or time.perf_counter() > deadline:
                    return
                left -= 1
            try:
                response = session.get_shared(path)
            except OSError:
                with lock:
                    result.failures += 1
                continue
            with lock:
                result.latencies.append(response.seconds)
                result.statuses[response.status] = result.statuses.get(response.status, 0) + 1
                result.queries_seen.append(response.queries)
                result.sizes.add(len(response.body))

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.wall = time.perf_counter() - started
    return result
