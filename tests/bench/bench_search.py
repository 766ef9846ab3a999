"""Directory search in process: latency of `Directory.search` with every filter on, and the index load time.

For n in BENCH_SEARCH_SIZES (default 300, 10000, 60000) the benchmark generates `generate_scaled(n)` facilities
once, upserts them for tenant "bench" into a fresh SQLite file and, when PostgreSQL answers (BENCH_POSTGRES_URL,
TEST_POSTGRES_URL or 127.0.0.1:5432), into a fresh database `portal_bench_<hex>` that is dropped afterwards.
A Directory with the real `load_records`/`directory_version` (freshness 5 s, as in the app) then answers a
fixed, seeded set of BENCH_SEARCH_QUERIES (default 500) realistic queries after one warm-up query: a centre
near a facility (so near a generated cluster), radius 2-10 km, child's birth date, start month, hours, kind,
Träger types, free from, one concept tag.

Figures: search_p50_ms_<n>_<db>, search_p95_ms_<n>_<db> and search_index_load_ms_<n>_<db> (first
`Directory.index`: version check, load from the database, index build). Target: p95 <= 10 ms at 60,000.
On stderr: import times, the load breakdown, how many hits the queries had, and for comparison the latency of
the same centres without any other filter.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import math
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from tests.bench import ROOT, Context, Figure

SIZES = tuple(int(n) for n in os.environ.get("BENCH_SEARCH_SIZES", "300,10000,60000").split(",") if n.strip())
QUERIES = int(os.environ.get("BENCH_SEARCH_QUERIES", "500"))
SEED = 20261122
TODAY = dt.date(2026, 6, 15)
TENANT = "bench"
TARGET_N = 60_000
TARGET_P95_MS = 10.0


def postgres_server_url(ctx: Context) -> str:
    """A PostgreSQL server URL when one answers, else ""."""
    url = (os.environ.get("BENCH_POSTGRES_URL") or os.environ.get("TEST_POSTGRES_URL") or "").strip()
    if url:
        return url
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=0.5):
            return "postgresql://postgres@127.0.0.1:5432/postgres"
    except OSError:
        ctx.log("  PostgreSQL does not answer on 127.0.0.1:5432: SQLite only")
        return ""


def database_url(server_url: str, name: str) -> str:
    parts = urlsplit(server_url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


def percentile(sorted_values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile of sorted values."""
    return sorted_values[max(0, math.ceil(fraction * len(sorted_values)) - 1)]


def make_queries(rows: Sequence, count: int, seed: int) -> list:
    """Realistic searches with every filter on, near the generated facilities.

    Parents mostly ask for what exists around them: each query starts from a facility (the centre within
    ~1 km of it) and usually asks for its kind, Träger type (among others), a concept tag it has and hours it
    offers; the child's age and the start month are random, so many facilities still drop out.
    """
    from server.facilities.schemas import CONCEPT_TAGS, TRAEGER_TYPES, SearchQuery

    rng = random.Random(seed)
    traeger = list(TRAEGER_TYPES)
    tags = list(CONCEPT_TAGS)
    queries = []
    for _ in range(count):
        spot = rng.choice(rows)
        north, east = rng.gauss(0, 0.7), rng.gauss(0, 0.7)  # km, around the facility
        lat = spot.lat + north / 111.2
        lon = spot.lon + east / (111.2 * math.cos(math.radians(spot.lat)))
        ahead = rng.randint(1, 12)
        start = dt.date(TODAY.year + (TODAY.month - 1 + ahead) // 12, (TODAY.month - 1 + ahead) % 12 + 1, 1)
        kind = spot.kind if rng.random() < 0.8 else rng.choice(("kita", "tagespflege"))
        if kind == "kita":
            hours = rng.choice(
                spot.hours_offered if spot.kind == "kita" and spot.hours_offered else (25, 35, 45)
            )
        else:
            hours = rng.choice((15, 20, 25, 30, 35, 40))
        wanted_traeger = {spot.traeger_type, *rng.sample(traeger, rng.randint(0, 2))}
        age_at_start = rng.randint(4, 60)  # months
        birth = start - dt.timedelta(days=int(age_at_start * 30.44) + rng.randint(0, 20))
        queries.append(
            SearchQuery(
                lat=lat,
                lon=lon,
                radius_km=rng.choice((2.0, 3.0, 5.0, 5.0, 7.5, 10.0)),
                child_birth_date=birth,
                start_month=start,
                hours=hours,
                kind=kind,
                traeger_types=tuple(sorted(wanted_traeger)),
                free_from=start,
                tags=(rng.choice(spot.concept_tags or tuple(tags)),),
                limit=50,
            )
        )
    return queries


async def create_database(server_url: str, name: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(server_url)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()


async def drop_database(server_url: str, name: str) -> None:
    import asyncpg

    assert name.startswith("portal_bench_")
    conn = await asyncpg.connect(server_url)
    try:
        await conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
            name,
        )
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
    finally:
        await conn.close()


async def measure(ctx: Context, n: int, db: str, rows: Sequence, queries: Sequence) -> list[Figure]:
    """Import the rows into the bound database, then time the index load and the searches."""
    from server.facilities import services
    from server.facilities.schemas import SearchQuery
    from server.facilities.search import Directory
    from server.facilities.tables import Facility, FreePlaces

    await FreePlaces.delete().where(FreePlaces.tenant == TENANT)  # the previous size's rows
    await Facility.delete().where(Facility.tenant == TENANT)
    started = time.perf_counter()
    summary = await services.upsert_facilities(TENANT, rows)
    ctx.log(f"  [{db} n={n}] import: {summary.created} rows in {time.perf_counter() - started:.1f} s")

    loaded_ns: list[int] = []

    async def timed_loader(tenant: str):
        t0 = time.perf_counter_ns()
        records = await services.load_records(tenant)
        loaded_ns.append(time.perf_counter_ns() - t0)
        return records

    directory = Directory(loader=timed_loader, version=services.directory_version, freshness_seconds=5)
    t0 = time.perf_counter_ns()
    index = await directory.index(TENANT)
    load_ms = (time.perf_counter_ns() - t0) / 1e6
    ctx.log(
        f"  [{db} n={n}] index load {load_ms:.0f} ms (load_records {loaded_ns[0] / 1e6:.0f} ms, "
        f"{len(index)} records)"
    )

    await directory.search(TENANT, queries[0], TODAY)  # warm-up
    times: list[float] = []
    totals: list[int] = []
    for query in queries:
        t0 = time.perf_counter_ns()
        result = await directory.search(TENANT, query, TODAY)
        times.append((time.perf_counter_ns() - t0) / 1e6)
        totals.append(result.total)
    times.sort()
    p50, p95 = statistics.median(times), percentile(times, 0.95)
    ctx.log(
        f"  [{db} n={n}] {len(queries)} searches: p50 {p50:.3f} ms, p95 {p95:.3f} ms, max {times[-1]:.2f} ms; "
        f"matches per query: median {statistics.median(totals):g}, max {max(totals)}, "
        f"none {sum(t == 0 for t in totals)}"
    )
    # For comparison only (stderr): the same centres and radii without any other filter.
    plain = [SearchQuery(lat=q.lat, lon=q.lon, radius_km=q.radius_km, limit=q.limit) for q in queries]
    plain_times: list[float] = []
    plain_totals: list[int] = []
    for query in plain:
        t0 = time.perf_counter_ns()
        result = await directory.search(TENANT, query, TODAY)
        plain_times.append((time.perf_counter_ns() - t0) / 1e6)
        plain_totals.append(result.total)
    plain_times.sort()
    ctx.log(
        f"  [{db} n={n}] centre and radius only: p50 {statistics.median(plain_times):.3f} ms, "
        f"p95 {percentile(plain_times, 0.95):.3f} ms; matches median {statistics.median(plain_totals):g}"
    )
    if n >= TARGET_N and p95 > TARGET_P95_MS:
        ctx.miss(f"search_p95_ms_{n}_{db} = {p95:.2f}, target <= {TARGET_P95_MS:g}")
    return [
        (f"search_p50_ms_{n}_{db}", round(p50, 3), "ms"),
        (f"search_p95_ms_{n}_{db}", round(p95, 3), "ms"),
        (f"search_index_load_ms_{n}_{db}", round(load_ms, 1), "ms"),
    ]


def migrate_in_subprocess(ctx: Context, **env: str) -> None:
    """`python -m server migrate` for one database, as the bench harness does for the portal. (Within one
    process the migration modules keep the engine of the first database they were imported for.)"""
    environ = dict(os.environ)
    environ.update(PORTAL_ENV="test", VAR_DIR=str(ctx.tmp), REDIS_URL="", DATABASE_URL="")
    environ.update(env)
    done = subprocess.run(
        [sys.executable, "-m", "server", "migrate"],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode:
        raise RuntimeError(f"`python -m server migrate` failed:\n{done.stdout}{done.stderr}")


class SQLiteDatabase:
    name = "sqlite"

    def __init__(self, ctx: Context) -> None:
        from server.settings import Settings

        self.path = ctx.tmp / "search-bench.sqlite"
        migrate_in_subprocess(ctx, SQLITE_PATH=str(self.path))
        self.settings = Settings(env="test", sqlite_path=str(self.path), var_dir=str(ctx.tmp))

    async def __aenter__(self) -> SQLiteDatabase:
        from server.db import bind

        bind(self.settings)
        return self

    async def __aexit__(self, *exc: object) -> None:
        pass

    async def close(self) -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)  # noqa: ASYNC240 - at the very end


class PostgresDatabase:
    name = "postgres"

    def __init__(self, ctx: Context, server_url: str) -> None:
        from server.settings import Settings

        self.server_url = server_url
        self.db_name = f"portal_bench_{secrets.token_hex(6)}"
        url = database_url(server_url, self.db_name)
        asyncio.run(create_database(server_url, self.db_name))
        try:
            migrate_in_subprocess(ctx, DATABASE_URL=url)
        except Exception:
            asyncio.run(drop_database(server_url, self.db_name))
            raise
        self.settings = Settings(env="test", database_url=url, var_dir=str(ctx.tmp))
        self.engine = None

    async def __aenter__(self) -> PostgresDatabase:
        from server.db import bind

        self.engine = bind(self.settings)
        await self.engine.start_connection_pool(min_size=1, max_size=4)  # as the app does
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.engine.close_connection_pool()

    async def close(self) -> None:
        await drop_database(self.server_url, self.db_name)


async def measure_all(ctx: Context, databases: list) -> list[Figure]:
    from server.facilities.sample import generate_scaled

    figures: list[Figure] = []
    for n in SIZES:
        started = time.perf_counter()
        rows = generate_scaled(n, seed=SEED, today=TODAY)
        queries = make_queries(rows, QUERIES, SEED + n)
        ctx.log(f"  [n={n}] generated {len(rows)} facilities in {time.perf_counter() - started:.1f} s")
        for database in databases:
            async with database:
                figures += await measure(ctx, n, database.name, rows, queries)
    return figures


def run(ctx: Context) -> list[Figure]:
    # Piccolo builds an engine when the table modules are first imported: point it at the temp dir, not
    # at the developer's var/portal.sqlite (every measurement binds its own database anyway).
    os.environ.setdefault("SQLITE_PATH", str(ctx.tmp / "search-bench-import.sqlite"))
    from server.logs import configure_logging

    configure_logging("INFO", json=False)  # the directory's load log lines go to stderr, not stdout
    databases: list = [SQLiteDatabase(ctx)]
    try:
        server_url = postgres_server_url(ctx)
        if server_url:
            try:
                databases.append(PostgresDatabase(ctx, server_url))
            except Exception as exc:  # e.g. refused credentials: report and measure SQLite only
                ctx.log(f"  PostgreSQL at {server_url} unusable: {exc!r}")
                ctx.note(f"bench_search: PostgreSQL skipped ({exc.__class__.__name__})")
        return asyncio.run(measure_all(ctx, databases))
    finally:
        for database in databases:
            asyncio.run(database.close())
