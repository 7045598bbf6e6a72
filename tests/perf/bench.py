"""The benchmark: each key page against the framework's floor, at 1k, 10k and 100k stances.

    python -m tests.perf.bench [--sizes 1000,10000,100000] [--database-url postgres://…]

For each database (SQLite files under var/bench/, and PostgreSQL when a URL is given) and
each size it builds a synthetic record (`manage.py synth`), starts gunicorn in production
settings on loopback, signs in, and sends a fixed number of requests per page from a
bounded pool of concurrent clients. Results go to tests/perf/results/bench.json and
bench.md. It is a measurement, not a test: nothing here asserts a timing.
"""

import argparse
import contextlib
import datetime as dt
import importlib.metadata
import json
import os
import platform
import sqlite3
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from tests.perf import harness

RESULTS = harness.REPO / "tests" / "perf" / "results"
WORK = harness.REPO / "var" / "bench"

# Experts and sources grow with the record, as a team's would; the issues and scenarios stay
# the same, so each page has the same shape at every size and only the data behind it grows.
SIZES = {
    1_000: {"experts": 60, "issues": 12, "scenarios": 6, "sources": 40},
    10_000: {"experts": 400, "issues": 12, "scenarios": 6, "sources": 400},
    100_000: {"experts": 2000, "issues": 12, "scenarios": 6, "sources": 4000},
}
SEED = 1
TOUCH = "/_bench/touch/"  # tests/perf/urls.py: a new record version, nothing else changed
PAGES = [
    "overview",
    "compare",
    "issue",
    "issue-chart",
    "scenarios",
    "source",
    "search",
    "search-broad",
]

# Issue 6's targets.
SCALING_LIMIT = 1.5  # p50 at the largest size within 1.5× of p50 at the smallest
FLOOR_SHARE = 0.20  # overview and issue pages: at least 20% of the floor's requests/s
FLOOR_SHARE_PAGES = ["overview", "issue"]
SEARCH_P50_MS = 50.0


def synth_args(size: int) -> list[str]:
    spec = {**SIZES[size], "stances": size, "seed": SEED}
    return [arg for key, value in spec.items() for arg in (f"--{key}", str(value))]


def build_database(database_url: str | None, size: int, static: str, rebuild: bool) -> str:
    """A migrated database holding the synthetic record of `size` stances; returns its URL."""
    args = synth_args(size)
    if database_url:
        name = f"{harness.database_name(database_url) or 'vantage'}_bench_{size}"
        url = harness.postgres_url(database_url, name)
        marker = WORK / f"{name}.postgresql.json"
    else:
        path = WORK / f"bench-{size}.sqlite3"
        url = harness.sqlite_url(path)
        marker = WORK / f"bench-{size}.sqlite3.json"
    wanted = {"synth": args}
    if not rebuild and marker.exists() and json.loads(marker.read_text()) == wanted:
        harness.manage(harness.app_env(url, static), "migrate", "--noinput", "-v0")
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
    marker.write_text(json.dumps(wanted))
    return url


def measure_cold(session, path: str, times: int) -> tuple[float, int | None]:
    """Median ms of `times` requests each made just after the record version changed, and
    the most queries one of them ran."""
    seconds, queries = [], []
    for _ in range(times):
        session.get_shared(TOUCH)
        response = session.get_shared(path, timeout=300)
        seconds.append(response.seconds)
        queries.append(response.queries or 0)
    return harness.percentile(seconds, 50) * 1000, max(queries)


@dataclass
class Server:
    """One size's record served by its own gunicorn, with a signed-in session."""

    size: int
    url: str
    targets: dict
    session: harness.Session


def measure_database(servers: list[Server], options, say) -> list[dict]:
    """Every page at every size, the sizes interleaved in rounds.

    Each page is measured in `options.rounds` rounds, and each round visits every size in
    turn, so whatever else the (shared) machine does at that moment weighs on all sizes
    alike: the ratios between sizes are what the targets are about.
    """
    rows = []
    for page in ["floor", *PAGES]:
        requests = options.floor_requests if page == "floor" else options.requests
        per_round = max(1, requests // options.rounds)
        cold = {}
        for server in servers:
            path = server.targets["pages"][page]
            # After an edit first (it leaves every cache stale), then warm up, then measure.
            harness.measure(server.session, path, 2, 1, options.budget)  # templates compiled
            cold[server.size] = measure_cold(server.session, path, options.cold)
            harness.measure(
                server.session, path, options.warmup, options.concurrency, options.budget
            )
        results = {
            server.size: harness.Measurement(server.targets["pages"][page]) for server in servers
        }
        for _ in range(options.rounds):
            for server in servers:
                m = harness.measure(
                    server.session,
                    server.targets["pages"][page],
                    per_round,
                    options.concurrency,
                    options.budget / options.rounds,
                )
                results[server.size].merge(m)
        for server in servers:
            row = _row(page, server, results[server.size], *cold[server.size])
            rows.append(row)
            say(
                f"  {row['database']:<10} {server.size:>7} {page:<12} p50 {row['p50_ms']:>8.1f} ms"
                f"  p95 {row['p95_ms']:>8.1f} ms  {row['rps']:>7.1f} req/s  "
                f"{row['queries']} queries  {row['bytes']} B  after an edit {row['cold_ms']:.0f} ms"
                + (f"  {row['errors']} errors {row['statuses']}" if row["errors"] else "")
            )
    return rows


def _row(page, server: Server, m, cold_ms, cold_queries) -> dict:
    counts = Counter(q for q in m.queries_seen if q is not None)
    row = {
        "page": page,
        "stances": server.size,
        "p50_ms": round(m.p(50), 2),
        "p95_ms": round(m.p(95), 2),
        "rps": round(m.rps, 1),
        # What most requests ran (a worker's first request fills its cache).
        "queries": counts.most_common(1)[0][0] if counts else None,
        "bytes": max(m.sizes, default=0),
        "cold_ms": round(cold_ms, 1),
        "cold_queries": cold_queries,
        "database": harness.vendor(server.url),
        "path": m.path,
        "requests": m.requests,
        "errors": m.errors,
    }
    if len(counts) > 1:
        row["queries_seen"] = dict(sorted(counts.items()))
    if m.errors:
        row["statuses"] = {str(k): v for k, v in sorted(m.statuses.items())}
    return row


def _facts(targets: dict) -> dict:
    return {
        "stances": targets["stances"],
        "published_stances": targets["published"],
        "passages": targets["passages"],
        "searches": targets["searches"],
    }


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
        + ("+uncommitted" if _git("status", "--porcelain") else ""),
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


# --- targets and the Markdown table -----------------------------------------------------


def evaluate(rows: list[dict]) -> list[dict]:
    """Issue 6's targets per database: met or missed, and by how much."""
    verdicts = []
    by = {(r["database"], r["page"], r["stances"]): r for r in rows}
    for database in sorted({r["database"] for r in rows}):
        sizes = sorted({r["stances"] for r in rows if r["database"] == database})
        small, large = sizes[0], sizes[-1]
        if small == large:
            continue
        for page in PAGES:
            a, b = by.get((database, page, small)), by.get((database, page, large))
            if not (a and b) or a["errors"] or b["errors"]:
                verdicts.append(_verdict(database, page, f"p50 scaling {small}→{large}", None))
                continue
            ratio = b["p50_ms"] / a["p50_ms"]
            verdicts.append(
                _verdict(
                    database,
                    page,
                    f"p50 at {large:,} ≤ {SCALING_LIMIT}× p50 at {small:,}",
                    ratio <= SCALING_LIMIT,
                    f"{ratio:.2f}× ({a['p50_ms']:.1f} → {b['p50_ms']:.1f} ms)",
                    "" if ratio <= SCALING_LIMIT else _over(ratio / SCALING_LIMIT),
                )
            )
        floor = by.get((database, "floor", large))
        for page in FLOOR_SHARE_PAGES:
            row = by.get((database, page, large))
            if not (row and floor) or row["errors"]:
                verdicts.append(_verdict(database, page, "share of floor req/s", None))
                continue
            share = row["rps"] / floor["rps"]
            verdicts.append(
                _verdict(
                    database,
                    page,
                    f"req/s at {large:,} ≥ {FLOOR_SHARE:.0%} of floor",
                    share >= FLOOR_SHARE,
                    f"{share:.1%} ({row['rps']:.0f} of {floor['rps']:.0f} req/s)",
                    "" if share >= FLOOR_SHARE else f"{FLOOR_SHARE / share:.1f}× short",
                )
            )
        for page in ("search", "search-broad"):
            row = by.get((database, page, large))
            if not row or row["errors"]:
                verdicts.append(_verdict(database, page, "search p50", None))
                continue
            ok = row["p50_ms"] <= SEARCH_P50_MS
            verdicts.append(
                _verdict(
                    database,
                    page,
                    f"p50 at {large:,} stances ≤ {SEARCH_P50_MS:.0f} ms",
                    ok,
                    f"{row['p50_ms']:.1f} ms",
                    "" if ok else _over(row["p50_ms"] / SEARCH_P50_MS),
                )
            )
    return verdicts


def _over(factor: float) -> str:
    return f"{factor - 1:.0%} over" if factor < 1.5 else f"{factor:.1f}× over"


def _verdict(database, page, target, met, value="", by=""):
    return {
        "database": database,
        "page": page,
        "target": target,
        "met": met,
        "value": value or "page failed or not measured",
        "by": by,
    }


def markdown(result: dict) -> str:
    m = result["machine"]
    lines = [
        "# Benchmark results",
        "",
        f"Run {m['date']} at commit `{m['commit']}` with "
        "`python -m tests.perf.bench` (same as `manage.py bench`).",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB RAM; {m['os']}; "
        f"Python {m['python']}, Django {m['django']}, gunicorn {m['gunicorn']} "
        f"({m['gunicorn_workers']} {m['worker_class']} workers), SQLite {m['sqlite']}"
        + (f", PostgreSQL {m['postgresql']}" if "postgresql" in m else "")
        + ".",
        f"Client: {m['client']}; {m['requests_per_page']} requests per page and size "
        f"({m['requests_floor']} for the floor) after {m['warmup_requests']} warm-up requests; "
        f"a page stops early after {m['seconds_per_page_at_most']:.0f} s (see `requests` in "
        "the JSON). "
        "Production settings (DEBUG off, whitenoise, manifest static files), signed in as a "
        "viewer. `queries` counts every SQL query of one request, session and user included.",
        "",
        f"Each size has its own server; every page is measured in {m['rounds']} rounds that "
        "visit the sizes in turn, so load from elsewhere on the machine weighs on all sizes "
        "alike. The floor is a minimal Django view (no database, no template) on the same "
        "server and middleware stack. Pages cache what they compute under the record's version "
        "(`corpus/record_version.py`), so p50/p95/req/s are for a record nobody is editing; "
        "`after an edit` is the median of requests made each right after the record version "
        "changed (bench-only `/_bench/touch/`), when nothing cached is valid any more.",
        "",
    ]
    for database, by_size in result["records"].items():
        lines.append(f"Records ({database}, `manage.py synth … --seed {SEED}`):")
        lines.append("")
        for size, f in sorted(by_size.items(), key=lambda kv: int(kv[0])):
            searches = ", ".join(f"“{q}” {n:,}" for q, n in f["searches"].items())
            lines.append(
                f"- {int(size):,} stances ({f['published_stances']:,} published), "
                f"{f['passages']:,} passages; passages matching the searches: {searches}"
            )
        lines.append("")
    for database in sorted({r["database"] for r in result["rows"]}):
        rows = [r for r in result["rows"] if r["database"] == database]
        lines += [
            f"## {database}",
            "",
            "| page | stances | p50 ms | p95 ms | req/s | queries | bytes | errors "
            "| after an edit: ms | queries |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for page in ["floor", *PAGES]:
            for r in sorted((r for r in rows if r["page"] == page), key=lambda r: r["stances"]):
                lines.append(
                    f"| {page} | {r['stances']:,} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} | "
                    f"{r['rps']:.0f} | {r['queries']} | {r['bytes']:,} | {r['errors']} | "
                    f"{r['cold_ms']:.0f} | {r['cold_queries']} |"
                )
        lines.append("")
    if result["targets"]:
        lines += [
            "## Targets (issue 6)",
            "",
            "| database | page | target | result | measured | missed by |",
            "|---|---|---|---|---|---|",
        ]
        for v in result["targets"]:
            outcome = {True: "met", False: "**missed**", None: "**not measured**"}[v["met"]]
            lines.append(
                f"| {v['database']} | {v['page']} | {v['target']} | {outcome} | "
                f"{v['value']} | {v['by']} |"
            )
        lines.append("")
    return "\n".join(lines)


def write(result: dict, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "bench.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    (out / "bench.md").write_text(markdown(result))


def run(options, say=print) -> dict:
    sizes = [int(s) for s in options.sizes.split(",")]
    unknown = set(sizes) - set(SIZES)
    if unknown:
        raise SystemExit(f"unknown sizes {sorted(unknown)}; choose from {sorted(SIZES)}")
    databases = [None] + ([options.database_url] if options.database_url else [])
    if options.postgres_only:
        databases = [options.database_url]
    load_at_start = [round(x, 2) for x in os.getloadavg()]
    rows, records = [], {}
    with harness.static_root() as static:
        harness.collectstatic(harness.app_env(harness.sqlite_url(WORK / "static.sqlite3"), static))
        for database_url in databases:
            label = harness.vendor(database_url or "sqlite")
            with contextlib.ExitStack() as running:
                servers = []
                for size in sizes:
                    say(f"{label}: the {size:,}-stance record…")
                    url = build_database(database_url, size, static, options.rebuild)
                    env = harness.app_env(url, static, BENCH_PASSWORD=harness.BENCH_PASSWORD)
                    harness.prepare(env, "users")
                    targets = harness.prepare(env, "targets")
                    log = WORK / f"gunicorn-{label}-{size}.log"
                    server = running.enter_context(harness.Gunicorn(env, options.workers, log))
                    session = harness.Session(server.port)
                    session.login("bench", harness.BENCH_PASSWORD)
                    servers.append(Server(size, url, targets, session))
                    records.setdefault(label, {})[size] = _facts(targets)
                rows += measure_database(servers, options, say)
    facts = machine(databases)
    result = {
        "machine": facts
        | {
            "load_average_at_start": load_at_start,
            "gunicorn_workers": options.workers,
            "worker_class": "sync",
            "client": (
                f"{options.concurrency} concurrent threads (stdlib http.client, one connection "
                "per request) on the same machine"
            ),
            "requests_per_page": options.requests,
            "requests_floor": options.floor_requests,
            "warmup_requests": options.warmup,
            "rounds": options.rounds,
            "seconds_per_page_at_most": options.budget,
            "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        },
        "rows": rows,
        "records": records,
        "targets": evaluate(rows),
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
    p.add_argument("--sizes", default=",".join(str(s) for s in SIZES))
    p.add_argument(
        "--database-url",
        default=_postgres_from_environment(),
        help="PostgreSQL server to measure too (databases <name>_bench_<size> are recreated)",
    )
    p.add_argument("--postgres-only", action="store_true", help="skip the SQLite runs")
    p.add_argument("--requests", type=int, default=200, help="requests per page and size")
    p.add_argument("--rounds", type=int, default=4, help="rounds the sizes are interleaved in")
    p.add_argument("--floor-requests", type=int, default=2000)
    p.add_argument("--warmup", type=int, default=20)
    p.add_argument(
        "--cold", type=int, default=5, help="requests per page right after a version change"
    )
    p.add_argument(
        "--budget", type=float, default=60.0, help="seconds per page before it stops early"
    )
    p.add_argument("--concurrency", type=int, default=2, help="concurrent client threads")
    p.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="gunicorn workers")
    p.add_argument("--rebuild", action="store_true", help="rebuild records even if cached")
    p.add_argument("--output", default=str(RESULTS))


if __name__ == "__main__":
    run(parser().parse_args(sys.argv[1:]), say=lambda line: print(line, flush=True))
