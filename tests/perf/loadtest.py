"""The load test: readers and editors at once on gunicorn + PostgreSQL, with faults injected.

    python -m tests.perf.loadtest [--duration 90] [--database-url postgres://…/vantage_load]

It recreates the database named in the URL (default vantage_load on 127.0.0.1:5432), loads
a synthetic record, starts gunicorn in production settings on loopback and runs, for
`--duration` seconds (bounded: the whole command stays under three minutes):

- readers fetching the read pages at random;
- editors (signed in as reviewers, so a save applies at once rather than waiting for review)
  editing their own stances through the real edit form (GET it, change the summary, POST it
  with the hidden version);
- racers: editors who load the same stance, wait for each other and save at the same moment,
  so all but one must be told of a conflict;
- faults: one gunicorn worker is killed with SIGKILL, later the database refuses connections
  and every backend is terminated for a few seconds, then it is restored.

Then it checks: no 5xx but the 503 page during the outage; service continued after the kill
and recovered after the outage; every acknowledged edit is in the final database and its
history; no concurrent save was silently overwritten. Writes results/loadtest.json and .md
and exits non-zero if a check failed.
"""

import argparse
import json
import os
import random
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.perf import harness
from tests.perf.bench import RESULTS, WORK, machine

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/vantage_load"
SYNTH = ["--experts", "300", "--issues", "12", "--sources", "400", "--stances", "10000"]
KILL_AT, CUT_AT = 0.3, 0.55  # fractions of the run
BUDGET = 180.0  # seconds for the whole command, set-up and checks included
CHECKS_RESERVE = 20.0  # what stopping the clients, gunicorn and the verification may take
RECOVERY_GRACE = 3.0  # seconds after the database is back in which a 503 is still fair
CONFLICT_MARK = b"record-conflict"
UNAVAILABLE_MARK = b"briefly unavailable"


# --- what happened --------------------------------------------------------------------------


@dataclass
class Event:
    at: float  # seconds since the start of the run
    who: str  # reader, editor, racer
    what: str  # page path or "edit"
    status: int | None  # None: the connection failed
    seconds: float
    note: str = ""


@dataclass
class Log:
    started: float = field(default_factory=time.monotonic)
    events: list[Event] = field(default_factory=list)
    acknowledged: list[dict] = field(default_factory=list)
    unanswered: list[dict] = field(default_factory=list)
    rounds: dict[int, list[str]] = field(default_factory=dict)
    faults: dict[str, float] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def now(self) -> float:
        return time.monotonic() - self.started

    def add(self, event: Event) -> None:
        with self.lock:
            self.events.append(event)


def page_note(response) -> str:
    if response.status != 503:
        return ""
    return "503 page" if UNAVAILABLE_MARK in response.body else "503 without the page"


# --- the clients ----------------------------------------------------------------------------


def reader(port, cookies, pages, log: Log, stop: threading.Event, seed: int):
    rng = random.Random(seed)
    session = harness.Session(port)
    session.cookies = dict(cookies)
    while not stop.is_set():
        path = rng.choice(pages)
        at = log.now()
        try:
            r = session.get_shared(path, timeout=30)
        except OSError as exc:
            log.add(Event(at, "reader", path, None, log.now() - at, type(exc).__name__))
            continue
        log.add(Event(at, "reader", path, r.status, r.seconds, page_note(r)))


def save_edit(session, pk, log: Log, who: str, summary: str) -> str:
    """Load the edit form, change the summary, post it; returns what became of it."""
    url = f"/stances/{pk}/edit/"
    at = log.now()
    try:
        page = session.get(url, timeout=30)
    except OSError as exc:
        log.add(Event(at, who, "edit form", None, log.now() - at, type(exc).__name__))
        return "no form"
    log.add(Event(at, who, "edit form", page.status, page.seconds, page_note(page)))
    form = harness.edit_form(page.body) if page.status == 200 else None
    if form is None:
        return "no form"
    return post_edit(session, url, pk, form, log, who, summary)


def post_edit(session, url, pk, form, log, who, summary) -> str:
    seen = int(form["version"])
    at = log.now()
    try:
        r = session.post(url, {**form, "summary": summary}, timeout=30)
    except OSError as exc:
        log.add(Event(at, who, "edit", None, log.now() - at, type(exc).__name__))
        with log.lock:
            log.unanswered.append({"pk": pk, "summary": summary})
        return "unanswered"
    if r.status in (302, 303):
        outcome = "saved"
        with log.lock:
            log.acknowledged.append({"pk": pk, "version": seen + 1, "summary": summary})
    elif r.status == 409 or CONFLICT_MARK in r.body:
        outcome = "conflict"
    elif r.status == 503:
        outcome = page_note(r)
        # The outage may have struck after the commit; if it did, that version is explained.
        with log.lock:
            log.unanswered.append({"pk": pk, "summary": summary})
    else:
        outcome = f"HTTP {r.status}"
    log.add(Event(at, who, "edit", r.status, r.seconds, outcome))
    return outcome


def editor(port, cookies, pks, log: Log, stop: threading.Event, name: str):
    session = harness.Session(port)
    session.cookies = dict(cookies)
    n = 0
    while not stop.is_set():
        pk = pks[n % len(pks)]
        n += 1
        save_edit(session, pk, log, "editor", f"Load test: {name} edit {n}")


def racer(port, cookies, pk, log: Log, stop: threading.Event, name: str, barrier):
    session = harness.Session(port)
    session.cookies = dict(cookies)
    url = f"/stances/{pk}/edit/"
    n = 0
    while True:
        n += 1
        try:
            barrier.wait()  # everyone loads the same version…
        except threading.BrokenBarrierError:
            return
        if stop.is_set():
            barrier.abort()
            return
        at = log.now()
        form = None
        try:
            page = session.get(url, timeout=30)
            log.add(Event(at, "racer", "edit form", page.status, page.seconds, page_note(page)))
            form = harness.edit_form(page.body) if page.status == 200 else None
        except OSError as exc:
            log.add(Event(at, "racer", "edit form", None, log.now() - at, type(exc).__name__))
        try:
            barrier.wait()  # …then all save at once
        except threading.BrokenBarrierError:
            return
        outcome = "no form"
        if form is not None:
            outcome = post_edit(session, url, pk, form, log, "racer", f"Race {n}: {name}")
        with log.lock:
            log.rounds.setdefault(n, []).append(outcome)


# --- faults ---------------------------------------------------------------------------------


def cut_database(database_url: str) -> None:
    """Refuse new connections to the database and terminate the open ones."""
    import psycopg

    name = harness.database_name(database_url)
    with psycopg.connect(harness.postgres_url(database_url, "postgres"), autocommit=True) as c:
        c.execute(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS false')
        c.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        )


def restore_database(database_url: str) -> None:
    import psycopg

    name = harness.database_name(database_url)
    with psycopg.connect(harness.postgres_url(database_url, "postgres"), autocommit=True) as c:
        c.execute(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS true')


# --- checks and report ----------------------------------------------------------------------


def checks(log: Log, verified: dict, duration: float, workers_after: int, workers: int) -> list:
    f = log.faults
    cut_from, cut_to = f["database cut"], f["database restored"] + RECOVERY_GRACE
    events = log.events

    def in_cut(e):
        # A request that started before the cut may still be answered during it.
        return e.at + e.seconds >= cut_from and e.at <= cut_to

    server_errors = [e for e in events if e.status and e.status >= 500]
    outside = [e for e in server_errors if not (e.status == 503 and in_cut(e))]
    not_the_page = [e for e in server_errors if e.status == 503 and e.note != "503 page"]
    dropped = [e for e in events if e.status is None]
    killed = f["worker killed"]
    dropped_outside = [e for e in dropped if not (killed <= e.at + e.seconds <= killed + 5)]
    after_kill = [e for e in events if f["worker killed"] + 1 < e.at < cut_from and e.status == 200]
    after_cut = [e for e in events if e.at > cut_to]
    recovered = [e for e in after_cut if e.status == 200]
    unavailable_after = [e for e in after_cut if e.status == 503]
    # Rounds in which every racer loaded the form, so all posted the same version.
    raced = {n: o for n, o in log.rounds.items() if len(o) > 1 and "no form" not in o}
    multi_winner = {n: o for n, o in log.rounds.items() if o.count("saved") > 1}
    single_winner = sum(1 for o in raced.values() if o.count("saved") == 1)
    conflicts_reported = sum(o.count("conflict") for o in raced.values())
    result = [
        ("no 5xx but the 503 page during the outage", not outside, f"{len(outside)} others"),
        (
            "the outage was seen and answered with the 503 page",
            any(e.status == 503 for e in events) and not not_the_page,
            f"{sum(e.status == 503 for e in events)} × 503",
        ),
        (
            "connections dropped only by the killed worker",
            len(dropped) <= 2 and not dropped_outside,
            f"{len(dropped)} dropped",
        ),
        (
            "service continued after the worker was killed",
            bool(after_kill),
            f"{len(after_kill)} × 200",
        ),
        (
            "gunicorn replaced the killed worker",
            workers_after == workers,
            f"{workers_after} of {workers} workers",
        ),
        (
            "service recovered after the database came back",
            bool(recovered) and not unavailable_after,
            f"{len(recovered)} × 200, {len(unavailable_after)} × 503 after",
        ),
        (
            "every acknowledged edit is in the database and its history",
            not (verified["missing_from_history"] or verified["lost_from_database"]),
            f"{verified['acknowledged']} acknowledged on {verified['records_edited']} records; "
            f"{len(verified['missing_from_history'])} missing from history, "
            f"{len(verified['lost_from_database'])} lost",
        ),
        (
            "no saved version came from nowhere or was saved twice",
            not (
                verified["unexplained_versions"]
                or verified["one_version_acknowledged_twice"]
                or verified["one_version_saved_twice"]
            ),
            f"{len(verified['unexplained_versions'])} unexplained, "
            f"{len(verified['one_version_acknowledged_twice'])} acknowledged twice",
        ),
        (
            "concurrent saves of one record: one wins, the others are told of a conflict",
            bool(raced) and not multi_winner and conflicts_reported > 0,
            f"{len(raced)} rounds all racers joined: {single_winner} with one winner, "
            f"{len(multi_winner)} with more; {conflicts_reported} conflicts reported",
        ),
    ]
    return [{"check": c, "passed": bool(ok), "detail": d} for c, ok, d in result]


def summary(log: Log, duration: float) -> dict:
    def stats(events):
        seconds = [e.seconds for e in events]
        return {
            "requests": len(events),
            "p50_ms": round(harness.percentile(seconds, 50) * 1000, 1) if seconds else None,
            "p95_ms": round(harness.percentile(seconds, 95) * 1000, 1) if seconds else None,
            "rps": round(len(events) / duration, 1),
        }

    answered = [e for e in log.events if e.status is not None]
    reads = [e for e in answered if e.who == "reader"]
    writes = [e for e in answered if e.what == "edit"]
    statuses: dict[str, int] = {}
    for e in log.events:
        key = str(e.status) if e.status else "dropped"
        statuses[key] = statuses.get(key, 0) + 1
    outcomes: dict[str, int] = {}
    for e in log.events:
        if e.what == "edit":
            outcomes[e.note] = outcomes.get(e.note, 0) + 1
    return {
        "reads": stats(reads),
        "reads_ok": stats([e for e in reads if e.status == 200]),
        "edits": stats(writes),
        "all": stats(answered),
        "statuses": statuses,
        "edit_outcomes": outcomes,
    }


def markdown(result: dict) -> str:
    m, s = result["machine"], result["summary"]
    lines = [
        "# Load test results",
        "",
        f"Run {m['date']} at commit `{m['commit']}` with `python -m tests.perf.loadtest` "
        f"({result['duration_s']:.0f} s of load; the whole command took "
        f"{result['wall_s']:.0f} s).",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB RAM; PostgreSQL "
        f"{m.get('postgresql', '?')}; gunicorn {m['gunicorn']} with {result['workers']} sync "
        f"workers, production settings. Record: {result['record']}.",
        f"Clients: {result['clients']}.",
        "",
        "| traffic | requests | p50 ms | p95 ms | req/s |",
        "|---|---:|---:|---:|---:|",
    ]
    for label, key in [
        ("reads (all answers)", "reads"),
        ("reads answered 200", "reads_ok"),
        ("edit saves (POST)", "edits"),
        ("everything", "all"),
    ]:
        t = s[key]
        lines.append(f"| {label} | {t['requests']} | {t['p50_ms']} | {t['p95_ms']} | {t['rps']} |")
    lines += [
        "",
        "Statuses: " + ", ".join(f"{k}: {v}" for k, v in sorted(s["statuses"].items())) + ".",
        "Edit outcomes: "
        + ", ".join(f"{k}: {v}" for k, v in sorted(s["edit_outcomes"].items()))
        + ".",
        "",
        "Faults (seconds into the run): "
        + ", ".join(f"{k} at {v:.1f}" for k, v in result["faults"].items())
        + ".",
        "",
        "| check | result | detail |",
        "|---|---|---|",
    ]
    for c in result["checks"]:
        lines.append(
            f"| {c['check']} | {'passed' if c['passed'] else '**FAILED**'} | {c['detail']} |"
        )
    lines.append("")
    return "\n".join(lines)


# --- the run --------------------------------------------------------------------------------


def run(options, say=print) -> dict:
    begun = time.monotonic()
    url = options.database_url
    name = harness.database_name(url)
    WORK.mkdir(parents=True, exist_ok=True)
    with harness.static_root() as static:
        say(f"recreating {name} and loading a synthetic record…")
        harness.recreate_postgres_database(url, name)
        env = harness.app_env(url, static, BENCH_PASSWORD=harness.BENCH_PASSWORD)
        harness.collectstatic(env)
        harness.manage(env, "migrate", "--noinput", "-v0")
        harness.manage(env, "synth", *SYNTH)
        # Reviewers: their saves apply to the record at once (an editor's go to review, which
        # the suite tests), so every acknowledged save must be in the record and its history,
        # and racers on one record must meet its version check.
        harness.prepare(env, "users", str(options.editors + options.racers), "reviewer")
        plan = harness.prepare(env, "load-targets")
        # Whatever set-up took, the command as a whole stays within its budget.
        options.duration = min(
            options.duration, BUDGET - CHECKS_RESERVE - (time.monotonic() - begun)
        )
        log_path = WORK / "gunicorn-loadtest.log"
        with harness.Gunicorn(env, options.workers, log_path) as server:
            result = drive(server, plan, options, say)
            workers_after = len(server.worker_pids())
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
            json.dump(
                {
                    "acknowledged": result["log"].acknowledged,
                    "unanswered": result["log"].unanswered,
                },
                f,
            )
        verified = harness.prepare(env, "verify", f.name)
        Path(f.name).unlink()
    log = result["log"]
    report = {
        "machine": machine([url]) | {"load_average_at_end": [round(x, 2) for x in os.getloadavg()]},
        "duration_s": options.duration,
        "wall_s": round(time.monotonic() - begun, 1),
        "workers": options.workers,
        "record": f"`synth {' '.join(SYNTH)}`",
        "clients": (
            f"{options.readers} readers, {options.editors} editors on their own stances, "
            f"{options.racers} racers saving one stance at the same moment"
        ),
        "faults": {k: round(v, 1) for k, v in log.faults.items()},
        "summary": summary(log, options.duration),
        "verification": verified,
        "checks": checks(log, verified, options.duration, workers_after, options.workers),
    }
    out = Path(options.output)
    out.mkdir(parents=True, exist_ok=True)
    (out / "loadtest.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    (out / "loadtest.md").write_text(markdown(report))
    for c in report["checks"]:
        say(f"{'passed' if c['passed'] else 'FAILED'}: {c['check']} ({c['detail']})")
    return report


def drive(server, plan, options, say) -> dict:
    port = server.port
    viewer = harness.Session(port)
    viewer.login("bench", harness.BENCH_PASSWORD)
    editors = []
    for n in range(1, options.editors + options.racers + 1):
        session = harness.Session(port)
        session.login(f"editor-{n}", harness.BENCH_PASSWORD)
        editors.append(session.cookies)
    stances = plan["stances"]
    hot, own = stances[0], stances[1:]
    log = Log()
    stop = threading.Event()
    barrier = threading.Barrier(options.racers, timeout=40)
    threads = [
        threading.Thread(target=reader, args=(port, viewer.cookies, plan["pages"], log, stop, n))
        for n in range(options.readers)
    ]
    threads += [
        threading.Thread(
            target=editor,
            args=(port, editors[n], own[n :: options.editors][:40], log, stop, f"editor-{n + 1}"),
        )
        for n in range(options.editors)
    ]
    threads += [
        threading.Thread(
            target=racer,
            args=(port, editors[options.editors + n], hot, log, stop, f"racer-{n + 1}", barrier),
        )
        for n in range(options.racers)
    ]
    say(
        f"load: {options.duration:.0f} s, {len(threads)} clients; worker kill at "
        f"{options.duration * KILL_AT:.0f} s, database cut at {options.duration * CUT_AT:.0f} s"
    )
    log.started = time.monotonic()
    for t in threads:
        t.start()

    def wait_until(at: float) -> None:
        time.sleep(max(0.0, at - log.now()))

    wait_until(options.duration * KILL_AT)
    pid = server.kill_worker()
    log.faults["worker killed"] = log.now()
    say(f"  {log.now():5.1f} s: killed worker {pid}")
    wait_until(options.duration * CUT_AT)
    cut_database(options.database_url)
    log.faults["database cut"] = log.now()
    say(f"  {log.now():5.1f} s: database refusing connections, backends terminated")
    time.sleep(options.outage)
    restore_database(options.database_url)
    log.faults["database restored"] = log.now()
    say(f"  {log.now():5.1f} s: database restored")
    wait_until(options.duration)
    stop.set()
    for t in threads:
        t.join(timeout=60)
    barrier.abort()
    return {"log": log}


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--database-url", default=DEFAULT_URL)
    p.add_argument("--duration", type=float, default=90.0, help="seconds of load (max 150)")
    p.add_argument("--outage", type=float, default=6.0, help="seconds the database is cut")
    p.add_argument("--readers", type=int, default=4)
    p.add_argument("--editors", type=int, default=3)
    p.add_argument("--racers", type=int, default=3)
    p.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    p.add_argument("--output", default=str(RESULTS))
    return p


if __name__ == "__main__":
    opts = parser().parse_args(sys.argv[1:])
    if opts.duration > 150:
        raise SystemExit("--duration is at most 150 s: the run must stay under three minutes")
    report = run(opts, say=lambda line: print(line, flush=True))
    sys.exit(0 if all(c["passed"] for c in report["checks"]) else 1)
