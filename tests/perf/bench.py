"""The benchmark: what readers and editors live with, at 1k and 100k stances, beside Datasette.

    python -m tests.perf.bench        # SQLite, and PostgreSQL too if DATABASE_URL names one

For each database (SQLite files under var/bench/, PostgreSQL databases bench_<size> when a
URL is given) and each size it builds a synthetic record once (`manage.py synth`, cached
until its arguments change), starts gunicorn in production settings on loopback and
measures, for the floor (a minimal view) and every page:

- warm: a fixed number of requests from two concurrent clients, in rounds that visit every
  page and size in turn (and Datasette's facet page), so load from elsewhere on the machine
  weighs on all alike;
- after_edit: a reviewer saves the edit form of a record the page shows (the same POST a
  browser sends, so the same code path: the write door corpus/changes/records.py), then
  one request for the page is timed; repeated, interleaved the same way;
- mixed: readers on all pages at once while an editor saves every second; per page
  p50/p95/req/s, and 5xx counts in `mixed_runs`;
- worker: a fresh one-worker gunicorn runs 200 edit-and-view cycles (an edit, then the
  edited issue's page, the issues in turn); its RSS after 10 and after 200.

Datasette (installed into var/bench/datasette-venv, not the app's dependencies) serves the
same SQLite files, the stance table the app edits, and its facet page by issue and position
is measured in the same rounds: rows "datasette-facets" with suggested facets off (its
fastest configuration), `datasette_default_rows` with its defaults.

With PostgreSQL and Redis both answering, the mixed run is repeated across two gunicorn
instances sharing the database and a Redis cache (`two_servers_rows`).

Everything goes to tests/perf/results/bench.json (rows, ratios, targets) and bench.md. It is
a measurement, not a test: nothing here asserts a timing.
"""

import argparse
import contextlib
import datetime as dt
import importlib.metadata
import json
import os
import platform
import random
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tests.perf import harness

RESULTS = harness.REPO / "tests" / "perf" / "results"
WORK = harness.REPO / "var" / "bench"
DATASETTE_VENV = WORK / "datasette-venv"

# Experts and sources grow with the record, as a team's would; the issues and scenarios stay
# the same, so each page has the same shape at every size and only the data behind it grows.
SIZES = {
    1_000: {"experts": 60, "issues": 12, "scenarios": 6, "sources": 40},
    10_000: {"experts": 400, "issues": 12, "scenarios": 6, "sources": 400},
    100_000: {"experts": 2000, "issues": 12, "scenarios": 6, "sources": 4000},
}
SEED = 1
PAGES = ["overview", "issue", "issue-chart", "compare", "scenarios", "expert", "source", "search"]
FLOOR, DATASETTE, WORKER = "floor", "datasette-facets", "worker"
# Datasette's facet page over the stance table, by issue and position.
FACETS = "/{db}/corpus_stance?_facet=issue_id&_facet=position"
FACETS_FAST = FACETS + "&_nosuggest=1"

# Issue 11's targets.
SCALING_LIMIT = 1.5  # p50 at 100k within 1.5× of p50 at 1k, warm and after an edit
AFTER_EDIT_MS = 60.0  # …and ≤ 60 ms after an edit, faster than Datasette's fastest
AFTER_EDIT_PAGES = ["overview", "issue", "issue-chart", "compare", "scenarios", "expert"]
FLOOR_SHARE = 0.25  # overview and issue page warm: ≥ 25% of the floor's req/s
FLOOR_SHARE_PAGES = ["overview", "issue"]
CHART_BYTES = 150_000
MIXED_P95_MS = 150.0
RSS_GROWTH = 0.15


def synth_args(size: int) -> list[str]:
    spec = {**SIZES[size], "stances": size, "seed": SEED}
    return [arg for key, value in spec.items() for arg in (f"--{key}", str(value))]


def sqlite_path(size: int) -> Path:
    return WORK / f"bench-{size}.sqlite3"


def build_database(database_url: str | None, size: int, static: str, rebuild: bool) -> str:
    """A migrated database holding the synthetic record of `size` stances; returns its URL."""
    args = synth_args(size)
    if database_url:
        name = f"bench_{size}"
        url = harness.postgres_url(database_url, name)
        marker = WORK / f"{name}.postgresql.json"
    else:
        path = sqlite_path(size)
        url = harness.sqlite_url(path)
        marker = WORK / f"bench-{size}.sqlite3.json"
    wanted = {"synth": args}
    migrations = sorted(p.name for p in (harness.REPO / "corpus" / "migrations").glob("0*.py"))
    built = json.loads(marker.read_text()) if marker.exists() else {}
    if not rebuild and built.get("synth") == wanted["synth"]:
        env = harness.app_env(url, static)
        harness.manage(env, "migrate", "--noinput", "-v0")
        if built.get("migrations") != migrations:
            # New tables may hold what the pages read: fill them as a deployment would.
            harness.manage(env, "rebuild_read_models")
            marker.write_text(json.dumps({**wanted, "migrations": migrations}))
        return url
    WORK.mkdir(parents=True, exist_ok=True)
    marker.unlink(missing_ok=True)
    if database_url:
        harness.recreate_postgres_database(database_url, name)
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    env = harness.app_env(url, static)
    harness.manage(env, "migrate", "--noinput", "-v0")
    harness.manage(env, "synth", *args)
    marker.write_text(json.dumps({**wanted, "migrations": migrations}))
    return url


# --- what is measured -----------------------------------------------------------------------


@dataclass
class Sample:
    """Requests to one URL in one state: latencies, statuses, sizes, query counts."""

    latencies: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    queries: list = field(default_factory=list)
    sizes: list = field(default_factory=list)
    wall: float = 0.0  # seconds the requests took together (concurrent ones overlap)
    failures: int = 0

    def add(self, response: harness.Response) -> None:
        self.latencies.append(response.seconds)
        self.statuses[response.status] += 1
        self.queries.append(response.queries)
        self.sizes.append(len(response.body))

    def merge(self, m: harness.Measurement) -> None:
        self.latencies += m.latencies
        self.statuses.update(m.statuses)
        self.queries += m.queries_seen
        self.sizes += list(m.sizes)
        self.wall += m.wall
        self.failures += m.failures

    @property
    def server_errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 500)


def row(page, stances, db, state, sample: Sample, rss=None, rps=None) -> dict:
    """One row of bench.json, exactly the documented keys."""
    counts = Counter(q for q in sample.queries if q is not None)
    if rps is None and sample.wall:
        rps = len(sample.latencies) / sample.wall
    return {
        "page": page,
        "stances": stances,
        "db": db,
        "state": state,
        "p50_ms": _ms(sample.latencies, 50),
        "p95_ms": _ms(sample.latencies, 95),
        "rps": round(rps, 1) if rps is not None else None,
        "bytes": max(sample.sizes, default=None),
        # What most requests ran; Datasette does not say.
        "queries": counts.most_common(1)[0][0] if counts else None,
        "rss_mb": round(rss, 1) if rss is not None else None,
    }


def _ms(values, percent):
    return round(harness.percentile(values, percent) * 1000, 2) if values else None


@dataclass
class Server:
    """One size's record served by its own gunicorn, with signed-in sessions."""

    size: int
    url: str
    targets: dict
    gunicorn: harness.Gunicorn
    viewer: harness.Session
    reviewer: harness.Session

    def rss(self) -> float:
        return max(self.gunicorn.workers_rss_mb(), default=0.0)


def save_edit(session: harness.Session, edit_url: str, note: str) -> harness.Response:
    """Load a record's edit form and post it back with one text changed, as a browser does."""
    page = session.get(edit_url, timeout=120)
    form = harness.edit_form(page.body) if page.status == 200 else None
    if form is None:
        raise RuntimeError(f"no edit form at {edit_url} (HTTP {page.status})")
    text = "rationale" if "rationale" in form else "summary"
    form[text] = f"{form[text].split(' [bench')[0][:250]} [bench {note}]"
    response = session.post(edit_url, form, timeout=120)
    if response.status not in (302, 303):
        raise RuntimeError(f"saving {edit_url} answered HTTP {response.status}")
    return response


class Datasette:
    """Datasette serving the SQLite records, run from its own virtualenv."""

    def __init__(self, files: list[Path], port: int, log: Path):
        self.files, self.port, self.log = files, port, log
        self.process = None

    @staticmethod
    def install() -> Path:
        binary = DATASETTE_VENV / "bin" / "datasette"
        if not binary.exists():
            subprocess.run([sys.executable, "-m", "venv", str(DATASETTE_VENV)], check=True)
            subprocess.run(
                [str(DATASETTE_VENV / "bin" / "pip"), "install", "-q", "datasette"], check=True
            )
        return binary

    def version(self) -> str:
        done = subprocess.run(
            [str(DATASETTE_VENV / "bin" / "datasette"), "--version"],
            capture_output=True,
            text=True,
        )
        return done.stdout.strip().rsplit(" ", 1)[-1]

    def __enter__(self):
        binary = self.install()
        self._log_file = self.log.open("ab")
        # Facet and SQL time limits raised so every facet is computed at 100k rather than
        # dropped as "timed out" (its defaults, 200 ms and 1 s, would cut them short).
        self.process = subprocess.Popen(
            [
                str(binary),
                "serve",
                *map(str, self.files),
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--setting",
                "facet_time_limit_ms",
                "10000",
                "--setting",
                "sql_time_limit_ms",
                "10000",
            ],
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                harness.fetch(self.port, "GET", "/-/versions.json", timeout=5)
                return self
            if self.process.poll() is not None:
                raise RuntimeError(f"datasette exited; see {self.log}")
            time.sleep(0.3)
        raise RuntimeError(f"datasette did not answer; see {self.log}")

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)
        self._log_file.close()

    def path(self, size: int, fast: bool) -> str:
        return (FACETS_FAST if fast else FACETS).format(db=sqlite_path(size).stem)


class Run:
    """Everything one benchmark run measured."""

    def __init__(self, options, say):
        self.options, self.say = options, say
        self.rows: list[dict] = []
        self.datasette_default_rows: list[dict] = []
        self.two_servers_rows: list[dict] = []
        self.mixed_runs: list[dict] = []
        self.memory: list[dict] = []
        self.records: dict = {}
        # Datasette is measured during every database's run; its samples are pooled.
        self.datasette_samples: dict = {}

    def log_row(self, r: dict, note: str = "") -> None:
        def fmt(v, spec):
            return format(v, spec) if v is not None else "-"

        self.say(
            f"  {r['db']:<10} {r['stances']:>7} {r['page']:<16} {r['state']:<10} "
            f"p50 {fmt(r['p50_ms'], '8.1f')} ms  p95 {fmt(r['p95_ms'], '8.1f')} ms  "
            f"{fmt(r['rps'], '7.1f')} req/s  {fmt(r['bytes'], ',')} B  "
            f"{fmt(r['queries'], '')} q  {fmt(r['rss_mb'], '.0f')} MB{note}"
        )


def warm(run: Run, db: str, servers: list[Server], datasette: Datasette) -> None:
    """Every page at every size, warm, in rounds interleaving pages, sizes and Datasette."""
    o = run.options
    pages = [FLOOR, *PAGES]
    samples = {(p, s.size): Sample() for p in pages for s in servers}
    for server in servers:  # compile templates, fill caches
        for page in pages:
            harness.measure(server.viewer, server.targets["pages"][page], o.warmup, 1, 120)
        for fast in (True, False):
            path = datasette.path(server.size, fast)
            harness.measure(_datasette_session(datasette), path, 2, 1, 120)
    for _ in range(o.rounds):
        for page in pages:
            requests = o.floor_requests if page == FLOOR else o.requests
            for server in servers:
                m = harness.measure(
                    server.viewer,
                    server.targets["pages"][page],
                    max(1, requests // o.rounds),
                    o.concurrency,
                    o.budget / o.rounds,
                )
                samples[page, server.size].merge(m)
        for server in servers:
            for fast in (True, False):
                m = harness.measure(
                    _datasette_session(datasette),
                    datasette.path(server.size, fast),
                    max(1, o.datasette_requests // o.rounds),
                    o.concurrency,
                    o.budget / o.rounds,
                )
                run.datasette_samples.setdefault(("warm", server.size, fast), Sample()).merge(m)
    for server in servers:
        rss = server.rss()
        for page in pages:
            r = row(page, server.size, db, "warm", samples[page, server.size], rss)
            run.rows.append(r)
            run.log_row(r)


def _datasette_session(datasette: Datasette) -> harness.Session:
    session = harness.Session(datasette.port)
    return session


def after_edit(run: Run, db: str, servers: list[Server], datasette: Datasette) -> None:
    """An edit of a record the page shows, through its edit form, then one timed request."""
    o = run.options
    pages = [FLOOR, *PAGES]
    samples = {(p, s.size): Sample() for p in pages for s in servers}
    for n in range(o.after_edit):
        for page in pages:
            for server in servers:
                save_edit(server.reviewer, server.targets["edits"][page], f"{db} {page} {n}")
                samples[page, server.size].add(
                    server.viewer.get_shared(server.targets["pages"][page], timeout=300)
                )
        for server in servers:
            for fast in (True, False):
                save_edit(server.reviewer, server.targets["edits"]["issue"], f"{db} ds {n}")
                response = harness.fetch(
                    datasette.port, "GET", datasette.path(server.size, fast), timeout=300
                )
                sample = run.datasette_samples.setdefault(
                    ("after_edit", server.size, fast), Sample()
                )
                sample.add(response)
    for server in servers:
        rss = server.rss()
        for page in pages:
            sample = samples[page, server.size]
            # One request at a time, each right after an edit: req/s is 1 / its mean time.
            rps = len(sample.latencies) / sum(sample.latencies)
            r = row(page, server.size, db, "after_edit", sample, rss, rps)
            run.rows.append(r)
            run.log_row(r)


def mixed(run: Run, db: str, servers_by_reader: list[Server], edit_server: Server, size: int):
    """Readers on every page (round-robin over the servers given) while an editor saves once
    a second; returns the rows and a summary."""
    o = run.options
    pages = [FLOOR, *PAGES]
    samples = {p: Sample() for p in pages}
    lock = threading.Lock()
    stop = threading.Event()
    edits = Sample()
    edit_failures: list[str] = []

    def reader(seed):
        rng = random.Random(seed)
        while not stop.is_set():
            page = rng.choice(pages)
            server = servers_by_reader[seed % len(servers_by_reader)]
            try:
                response = server.viewer.get_shared(server.targets["pages"][page], timeout=60)
            except OSError:
                with lock:
                    samples[page].failures += 1
                continue
            with lock:
                samples[page].add(response)

    def editor():
        n = 0
        edit_urls = [edit_server.targets["edits"][p] for p in PAGES]
        while not stop.is_set():
            started = time.monotonic()
            n += 1
            try:
                response = save_edit(edit_server.reviewer, edit_urls[n % len(edit_urls)], f"m{n}")
                edits.add(response)
            except (OSError, RuntimeError) as exc:
                edit_failures.append(str(exc)[:200])
            stop.wait(max(0.0, 1.0 - (time.monotonic() - started)))

    threads = [threading.Thread(target=reader, args=(i,)) for i in range(o.readers)]
    threads.append(threading.Thread(target=editor))
    started = time.monotonic()
    for t in threads:
        t.start()
    time.sleep(o.mixed_seconds)
    stop.set()
    for t in threads:
        t.join()
    wall = time.monotonic() - started
    rss = max(s.rss() for s in {id(s): s for s in [*servers_by_reader, edit_server]}.values())
    rows = []
    for page in pages:
        rows.append(
            row(page, size, db, "mixed", samples[page], rss, len(samples[page].latencies) / wall)
        )
    everything = Sample()
    for s in samples.values():
        everything.latencies += s.latencies
        everything.statuses.update(s.statuses)
        everything.failures += s.failures
    summary = {
        "db": db,
        "stances": size,
        "servers": len({id(s) for s in servers_by_reader}),
        "seconds": round(wall, 1),
        "readers": o.readers,
        "requests": len(everything.latencies),
        "p50_ms": _ms(everything.latencies, 50),
        "p95_ms": _ms(everything.latencies, 95),
        "rps": round(len(everything.latencies) / wall, 1),
        "5xx": everything.server_errors,
        "statuses": {str(k): v for k, v in sorted(everything.statuses.items())},
        "connection_failures": everything.failures,
        "edits_saved": len(edits.latencies),
        "edit_p50_ms": _ms(edits.latencies, 50),
        "edit_failures": edit_failures[:5],
    }
    return rows, summary


def memory(run: Run, db: str, url: str, static: str, targets: dict, ports) -> None:
    """A fresh one-worker gunicorn: RSS after 10 and after 200 edit-and-view cycles."""
    o = run.options
    env = _env(url, static)
    port = ports.take()
    log = WORK / f"gunicorn-{db}-{targets['stances']}-memory.log"
    with harness.Gunicorn(env, 1, log, port) as g:
        viewer, reviewer = _sessions(g.port)
        cycles = targets["cycles"]
        marks = {}
        started = time.monotonic()
        done = 0
        deadline = started + o.memory_budget
        for n in range(1, o.cycles + 1):
            if time.monotonic() > deadline:
                break
            cycle = cycles[n % len(cycles)]
            save_edit(reviewer, cycle["edit"], f"cycle {n}")
            for path in cycle["pages"]:
                viewer.get_shared(path, timeout=300)
            done = n
            if n in (10, o.cycles):
                marks[n] = max(g.workers_rss_mb())
        seconds = time.monotonic() - started
    ports.give_back(port)
    for n, state in ((10, "rss_after_10"), (o.cycles, "rss_after_200")):
        r = row(WORKER, targets["stances"], db, state, Sample(), marks.get(n))
        run.rows.append(r)
        run.log_row(r)
    run.memory.append(
        {
            "db": db,
            "stances": targets["stances"],
            "workers": 1,
            "cycle": "save a stance's edit form, then view its issue page (the issues in turn)",
            "cycles_done": done,
            "cycles_wanted": o.cycles,
            "seconds": round(seconds, 1),
            "rss_mb": {str(k): round(v, 1) for k, v in marks.items()},
        }
    )


def _env(url: str, static: str, **extra) -> dict:
    env = harness.app_env(url, static, BENCH_PASSWORD=harness.BENCH_PASSWORD, **extra)
    if "REDIS_URL" not in extra:
        env.pop("REDIS_URL", None)  # one server: each worker's own bounded cache
    return env


def _sessions(port: int) -> tuple[harness.Session, harness.Session]:
    viewer, reviewer = harness.Session(port), harness.Session(port)
    viewer.login("bench", harness.BENCH_PASSWORD)
    reviewer.login("bench-reviewer", harness.BENCH_PASSWORD)
    return viewer, reviewer


def measure_database(run: Run, database_url, static, datasette, ports) -> None:
    o = run.options
    db = harness.vendor(database_url or "sqlite")
    with contextlib.ExitStack() as running:
        servers = []
        for size in o.size_list:
            run.say(f"{db}: the {size:,}-stance record…")
            url = build_database(database_url, size, static, o.rebuild)
            env = _env(url, static)
            harness.prepare(env, "users")
            targets = harness.prepare(env, "targets")
            log = WORK / f"gunicorn-{db}-{size}.log"
            port = ports.take()
            g = running.enter_context(harness.Gunicorn(env, o.workers, log, port))
            servers.append(Server(size, url, targets, g, *_sessions(g.port)))
            run.records.setdefault(db, {})[size] = _facts(targets)
        run.say(f"{db}: warm")
        warm(run, db, servers, datasette)
        run.say(f"{db}: the first request after an edit")
        after_edit(run, db, servers, datasette)
        for server in servers:
            run.say(f"{db}: mixed, {server.size:,} stances")
            rows, summary = mixed(run, db, [server], server, server.size)
            run.rows += rows
            run.mixed_runs.append(summary)
            for r in rows:
                run.log_row(r)
            run.say(f"  all pages: p95 {summary['p95_ms']} ms, {summary['5xx']} 5xx")
    largest = servers[-1]
    if o.cycles:
        run.say(f"{db}: memory, {o.cycles} edit-and-view cycles at {largest.size:,}")
        memory(run, db, largest.url, static, largest.targets, ports)
    if db == "postgresql" and not o.no_two_servers:
        if harness.answers(o.redis_url, 6379):
            run.say(f"{db}: mixed across two gunicorn instances sharing Redis")
            two_servers(run, db, largest, static, ports)
        else:
            run.say(f"{db}: Redis does not answer at {o.redis_url}; two-server run skipped")


def two_servers(run: Run, db: str, largest: Server, static: str, ports) -> None:
    """The mixed run across two gunicorn instances (two ports standing in for two hosts) on
    one PostgreSQL and one Redis cache: readers alternate, the editor saves through one."""
    o = run.options
    prefix = f"bench-{os.getpid()}-{time.time_ns()}"
    env = _env(largest.url, static, REDIS_URL=o.redis_url, CACHE_KEY_PREFIX=prefix)
    with contextlib.ExitStack() as running:
        servers = []
        for n in (1, 2):
            port = ports.take()
            log = WORK / f"gunicorn-{db}-two-servers-{n}.log"
            g = running.enter_context(harness.Gunicorn(env, o.workers, log, port))
            servers.append(Server(largest.size, largest.url, largest.targets, g, *_sessions(port)))
        for server in servers:  # warm both through the shared cache
            for path in server.targets["pages"].values():
                harness.measure(server.viewer, path, 2, 1, 120)
        rows, summary = mixed(run, db, servers, servers[0], largest.size)
    run.two_servers_rows += rows
    summary["cache"] = "Django RedisCache (REDIS_URL), shared by both instances"
    run.mixed_runs.append(summary)
    for r in rows:
        run.log_row(r, "  (two servers)")
    run.say(f"  all pages: p95 {summary['p95_ms']} ms, {summary['5xx']} 5xx")


def datasette_rows(run: Run) -> None:
    for (state, size, fast), sample in sorted(run.datasette_samples.items()):
        rps = None
        if state == "after_edit" and sample.latencies:
            rps = len(sample.latencies) / sum(sample.latencies)
        r = row(DATASETTE, size, "sqlite", state, sample, None, rps)
        (run.rows if fast else run.datasette_default_rows).append(r)
        run.log_row(r, "" if fast else "  (default: suggested facets on)")


def _facts(targets: dict) -> dict:
    return {
        "stances": targets["stances"],
        "published_stances": targets["published"],
        "passages": targets["passages"],
        "searches": targets["searches"],
        "pages": targets["pages"],
        "edits": targets["edits"],
    }


# --- ratios and targets ---------------------------------------------------------------------


def ratios(rows: list[dict], memory_rows: list[dict]) -> list[dict]:
    by = {(r["page"], r["stances"], r["db"], r["state"]): r for r in rows}
    out = []
    dbs = sorted({r["db"] for r in rows if r["page"] != DATASETTE})
    sizes = sorted({r["stances"] for r in rows})
    small, large = sizes[0], sizes[-1]
    ds = {state: by.get((DATASETTE, large, "sqlite", state)) for state in ("warm", "after_edit")}
    for db in dbs:
        floor = by.get((FLOOR, large, db, "warm"))
        for page in PAGES:
            for state in ("warm", "after_edit", "mixed"):
                a, b = by.get((page, small, db, state)), by.get((page, large, db, state))
                if a and b and a["p50_ms"] and b["p50_ms"] and small != large:
                    out.append(
                        _ratio(
                            db, page, state, f"p50 {large} / p50 {small}", b["p50_ms"] / a["p50_ms"]
                        )
                    )
            w = by.get((page, large, db, "warm"))
            if w and floor and floor["rps"]:
                out.append(
                    _ratio(db, page, "warm", f"rps / floor rps at {large}", w["rps"] / floor["rps"])
                )
            e = by.get((page, large, db, "after_edit"))
            d = ds["after_edit"] or ds["warm"]
            if e and d and d["p50_ms"]:
                out.append(
                    _ratio(
                        db,
                        page,
                        "after_edit",
                        f"p50 / datasette-facets p50 at {large}",
                        e["p50_ms"] / d["p50_ms"],
                    )
                )
        r10 = by.get((WORKER, large, db, "rss_after_10"))
        r200 = by.get((WORKER, large, db, "rss_after_200"))
        if r10 and r200 and r10["rss_mb"] and r200["rss_mb"]:
            out.append(
                _ratio(
                    db,
                    WORKER,
                    "rss",
                    "rss_after_200 / rss_after_10",
                    r200["rss_mb"] / r10["rss_mb"],
                )
            )
    return out


def _ratio(db, page, state, what, value):
    return {"db": db, "page": page, "state": state, "ratio": what, "value": round(value, 3)}


def evaluate(rows: list[dict], mixed_runs: list[dict]) -> list[dict]:
    """Issue 11's targets per database: met, missed (and by how much), or not measured."""
    by = {(r["page"], r["stances"], r["db"], r["state"]): r for r in rows}
    verdicts = []
    sizes = sorted({r["stances"] for r in rows})
    small, large = sizes[0], sizes[-1]
    fastest = by.get((DATASETTE, large, "sqlite", "after_edit")) or by.get(
        (DATASETTE, large, "sqlite", "warm")
    )
    for db in sorted({r["db"] for r in rows if r["page"] != DATASETTE}):
        for state in ("warm", "after_edit"):
            for page in PAGES:
                a, b = by.get((page, small, db, state)), by.get((page, large, db, state))
                if small == large or not (a and b and a["p50_ms"] and b["p50_ms"]):
                    continue
                ratio = b["p50_ms"] / a["p50_ms"]
                verdicts.append(
                    _verdict(
                        db,
                        page,
                        f"{state}: p50 at {large:,} ≤ {SCALING_LIMIT}× p50 at {small:,}",
                        ratio <= SCALING_LIMIT,
                        f"{ratio:.2f}× ({a['p50_ms']:.1f} → {b['p50_ms']:.1f} ms)",
                    )
                )
        for page in AFTER_EDIT_PAGES:
            e = by.get((page, large, db, "after_edit"))
            if not e:
                continue
            limit = min(AFTER_EDIT_MS, fastest["p50_ms"]) if fastest else AFTER_EDIT_MS
            verdicts.append(
                _verdict(
                    db,
                    page,
                    f"after_edit p50 at {large:,} ≤ {AFTER_EDIT_MS:.0f} ms and < "
                    "Datasette's facet page (suggested facets off)",
                    e["p50_ms"] <= limit,
                    f"{e['p50_ms']:.1f} ms (Datasette {fastest['p50_ms']:.1f} ms)"
                    if fastest
                    else f"{e['p50_ms']:.1f} ms",
                )
            )
        floor = by.get((FLOOR, large, db, "warm"))
        for page in FLOOR_SHARE_PAGES:
            w = by.get((page, large, db, "warm"))
            if w and floor:
                share = w["rps"] / floor["rps"]
                verdicts.append(
                    _verdict(
                        db,
                        page,
                        f"warm req/s at {large:,} ≥ {FLOOR_SHARE:.0%} of the floor's",
                        share >= FLOOR_SHARE,
                        f"{share:.1%} ({w['rps']:.0f} of {floor['rps']:.0f} req/s)",
                    )
                )
        chart = by.get(("issue-chart", large, db, "warm"))
        if chart:
            verdicts.append(
                _verdict(
                    db,
                    "issue-chart",
                    f"chart JSON at {large:,} ≤ {CHART_BYTES // 1000} KB",
                    chart["bytes"] <= CHART_BYTES,
                    f"{chart['bytes']:,} B",
                )
            )
        for m in mixed_runs:
            if m["db"] != db:
                continue
            where = f"mixed at {m['stances']:,}" + (
                " across two servers" if m["servers"] > 1 else ""
            )
            verdicts.append(
                _verdict(
                    db,
                    "all",
                    f"{where}: p95 ≤ {MIXED_P95_MS:.0f} ms, no 5xx",
                    m["p95_ms"] is not None and m["p95_ms"] <= MIXED_P95_MS and m["5xx"] == 0,
                    f"p95 {m['p95_ms']} ms, {m['5xx']} 5xx of {m['requests']} requests",
                )
            )
        r10 = by.get((WORKER, large, db, "rss_after_10"))
        r200 = by.get((WORKER, large, db, "rss_after_200"))
        if r10 and r200:
            ok = None
            value = "not measured (memory budget ran out)"
            if r10["rss_mb"] and r200["rss_mb"]:
                growth = r200["rss_mb"] / r10["rss_mb"] - 1
                ok = growth <= RSS_GROWTH
                value = f"{r10['rss_mb']:.0f} → {r200['rss_mb']:.0f} MB ({growth:+.0%})"
            verdicts.append(
                _verdict(
                    db,
                    WORKER,
                    f"RSS after 200 cycles within {RSS_GROWTH:.0%} of after 10",
                    ok,
                    value,
                )
            )
    return verdicts


def _verdict(db, page, target, met, value):
    return {"db": db, "page": page, "target": target, "met": met, "value": value}


# --- the machine, the Markdown table --------------------------------------------------------


def machine(database_urls=()) -> dict:
    """The machine and software a run measured, and how busy the machine was when it began."""
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    info = {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(mem_kb / 1024 / 1024, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "django": importlib.metadata.version("django"),
        "gunicorn": importlib.metadata.version("gunicorn"),
        "sqlite": sqlite3.sqlite_version,
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "commit": _git("rev-parse", "--short", "HEAD")
        + (
            "+uncommitted"
            if _git("status", "--porcelain", "--", ".", ":!tests/perf/results")
            else ""
        ),
    }
    for url in database_urls:
        if url:
            import psycopg

            with psycopg.connect(harness.postgres_url(url, "postgres")) as conn:
                info["postgresql"] = conn.execute("SHOW server_version").fetchone()[0]
    return info


def _git(*args) -> str:
    done = subprocess.run(["git", *args], cwd=harness.REPO, capture_output=True, text=True)
    return done.stdout.strip()


def _cell(v, spec=""):
    return "–" if v is None else format(v, spec)


FIGURES = ["p50_ms", "p95_ms", "rps", "bytes", "queries", "rss_mb"]
_SPECS = {
    "stances": ",",
    "p50_ms": ".1f",
    "p95_ms": ".1f",
    "rps": ".0f",
    "bytes": ",",
    "rss_mb": ".0f",
}


def _table_row(r: dict, *keys) -> str:
    return "| " + " | ".join(_cell(r[k], _SPECS.get(k, "")) for k in keys) + " |"


def markdown(result: dict) -> str:
    m = result["machine"]
    lines = [
        "# Benchmark results",
        "",
        f"Run {m['date']} at commit `{m['commit']}` with `python -m tests.perf.bench` "
        f"({m['duration_s'] / 60:.0f} minutes). Machine: {m['cpu']}, {m['cores']} cores "
        f"shared with other work (load average {m['load_average_at_start']} at the start, "
        f"{m['load_average_at_end']} at the end), {m['memory_gb']} GB RAM; Python "
        f"{m['python']}, Django {m['django']}, gunicorn {m['gunicorn']} "
        f"({m['gunicorn_workers']} sync workers), SQLite {m['sqlite']}"
        + (f", PostgreSQL {m['postgresql']}" if "postgresql" in m else "")
        + f", Datasette {m['datasette']}.",
        "",
        m["method"],
        "",
        "| page | stances | db | state | p50 ms | p95 ms | req/s | bytes | queries | RSS MB |",
        "|---|---:|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in result["rows"]:
        lines.append(_table_row(r, "page", "stances", "db", "state", *FIGURES))
    for title, key in (
        ("Datasette with its defaults (suggested facets on)", "datasette_default_rows"),
        ("Two gunicorn instances, one PostgreSQL, one Redis (mixed run)", "two_servers_rows"),
    ):
        if result.get(key):
            lines += [
                "",
                f"## {title}",
                "",
                "| page | stances | state | p50 ms | p95 ms | req/s | bytes |",
                "|---|---:|---|---:|---:|---:|---:|",
            ]
            for r in result[key]:
                lines.append(_table_row(r, "page", "stances", "state", *FIGURES[:4]))
    lines += [
        "",
        "## Mixed runs",
        "",
        "| db | stances | servers | requests | p50 ms | p95 ms | req/s | 5xx | edits saved |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for s in result["mixed_runs"]:
        lines.append(
            f"| {s['db']} | {s['stances']:,} | {s['servers']} | {s['requests']} | {s['p50_ms']} | "
            f"{s['p95_ms']} | {s['rps']} | {s['5xx']} | {s['edits_saved']} |"
        )
    lines += [
        "",
        "## Targets (issue 11)",
        "",
        "| db | page | target | result | measured |",
        "|---|---|---|---|---|",
    ]
    for v in result["targets"]:
        outcome = {True: "met", False: "**missed**", None: "**not measured**"}[v["met"]]
        lines.append(f"| {v['db']} | {v['page']} | {v['target']} | {outcome} | {v['value']} |")
    lines.append("")
    return "\n".join(lines)


def write(result: dict, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "bench.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    (out / "bench.md").write_text(markdown(result))


METHOD = (
    "Production settings (DEBUG off, whitenoise, manifest static files) under gunicorn on "
    "loopback; readers signed in as a viewer, edits by a reviewer (applied at once). "
    "`warm`: {requests} requests per page and size ({floor} for the floor) from {concurrency} "
    "concurrent clients after {warmup} warm-up requests, in {rounds} rounds visiting every "
    "page, size and Datasette in turn. `after_edit`: {after_edit} times per page and size, "
    "the edit form of a record the page shows is saved (GET, POST: the write door) and then "
    "one request for the page is timed; req/s is one over its mean. `mixed`: {readers} "
    "readers on all pages at random for {mixed}s while an editor saves an edit form every "
    "second. `worker`: a fresh one-worker gunicorn, RSS after 10 and {cycles} cycles of an "
    "edit then the edited issue's page. `queries` counts every SQL query of one "
    "request (session and user included); `bytes` is the body as sent without "
    "Accept-Encoding (uncompressed); `rss_mb` is the largest worker's RSS when the "
    "phase ended. Datasette ({datasette}) serves the same SQLite files (the stance table the "
    "app edits) from its own virtualenv, facet and SQL time limits raised to 10 s so that no "
    "facet is dropped; its rows pool the SQLite and PostgreSQL runs; `datasette-facets` is "
    "`?_facet=issue_id&_facet=position&_nosuggest=1` (its fastest configuration), the "
    "defaults are in `datasette_default_rows`. The client, the app servers and the databases "
    "share the machine's cores (load averages at start and end are recorded), so absolute "
    "figures are noisy; the interleaving makes the ratios fairer than the absolutes."
)


def run(options, say=print) -> dict:
    options.size_list = [int(s) for s in options.sizes.split(",")]
    unknown = set(options.size_list) - set(SIZES)
    if unknown:
        raise SystemExit(f"unknown sizes {sorted(unknown)}; choose from {sorted(SIZES)}")
    databases = [None] + ([options.database_url] if options.database_url else [])
    if options.postgres_only:
        databases = [options.database_url]
    started = time.monotonic()
    load_at_start = [round(x, 2) for x in os.getloadavg()]
    the_run = Run(options, say)
    ports = harness.Ports(options.ports)
    with harness.static_root() as static:
        harness.collectstatic(harness.app_env(harness.sqlite_url(WORK / "static.sqlite3"), static))
        # Datasette reads the SQLite files, so they exist even for a PostgreSQL-only run.
        for size in options.size_list:
            build_database(None, size, static, options.rebuild and None in databases)
        Datasette.install()
        ds_port = ports.take()
        files = [sqlite_path(size) for size in options.size_list]
        with Datasette(files, ds_port, WORK / "datasette.log") as datasette:
            for database_url in databases:
                measure_database(the_run, database_url, static, datasette, ports)
            datasette_version = datasette.version()
    datasette_rows(the_run)
    rows = the_run.rows
    mixed_runs = the_run.mixed_runs
    o = options
    result = {
        "machine": machine(databases)
        | {
            "load_average_at_start": load_at_start,
            "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
            "duration_s": round(time.monotonic() - started),
            "gunicorn_workers": o.workers,
            "datasette": datasette_version,
            "method": METHOD.format(
                requests=o.requests,
                floor=o.floor_requests,
                concurrency=o.concurrency,
                warmup=o.warmup,
                rounds=o.rounds,
                after_edit=o.after_edit,
                readers=o.readers,
                mixed=o.mixed_seconds,
                cycles=o.cycles,
                datasette=datasette_version,
            ),
            "options": {k: v for k, v in vars(o).items() if k not in ("database_url", "output")},
        },
        "rows": rows,
        "ratios": ratios(rows, the_run.memory),
        "targets": evaluate(rows, mixed_runs),
        "mixed_runs": mixed_runs,
        "memory": the_run.memory,
        "datasette_default_rows": the_run.datasette_default_rows,
        "two_servers_rows": the_run.two_servers_rows,
        "records": the_run.records,
    }
    write(result, Path(options.output))
    return result


def _postgres_from_environment() -> str:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else ""


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_arguments(p)
    return p


def add_arguments(p) -> None:
    p.add_argument("--sizes", default="1000,100000")
    p.add_argument(
        "--database-url",
        default=_postgres_from_environment(),
        help="PostgreSQL server to measure too (databases bench_<size> are created once)",
    )
    p.add_argument("--postgres-only", action="store_true", help="skip the SQLite runs")
    p.add_argument("--requests", type=int, default=100, help="warm requests per page and size")
    p.add_argument("--floor-requests", type=int, default=600)
    p.add_argument("--datasette-requests", type=int, default=12)
    p.add_argument("--rounds", type=int, default=4, help="rounds pages and sizes interleave in")
    p.add_argument("--warmup", type=int, default=6)
    p.add_argument("--after-edit", type=int, default=5, help="edits per page and size")
    p.add_argument("--mixed-seconds", type=float, default=20.0)
    p.add_argument("--readers", type=int, default=2, help="reader threads in the mixed run")
    p.add_argument("--cycles", type=int, default=200, help="edit-and-view cycles (memory)")
    p.add_argument("--memory-budget", type=float, default=360.0, help="seconds for the cycles")
    p.add_argument("--budget", type=float, default=30.0, help="seconds per warm page and size")
    p.add_argument("--concurrency", type=int, default=2, help="concurrent client threads")
    p.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="gunicorn workers")
    p.add_argument("--ports", default="8120-8129", help="loopback ports to use ('' for any)")
    p.add_argument("--redis-url", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"))
    p.add_argument("--no-two-servers", action="store_true", help="skip the two-server run")
    p.add_argument("--rebuild", action="store_true", help="rebuild records even if cached")
    p.add_argument("--output", default=str(RESULTS))


if __name__ == "__main__":
    run(parser().parse_args(sys.argv[1:]), say=lambda line: print(line, flush=True))
