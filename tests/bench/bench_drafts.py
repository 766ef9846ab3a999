"""Autosave and submission over HTTP on SQLite and PostgreSQL.

For each database (PostgreSQL only when it answers, in a fresh database `portal_bench_<hex>` that is
dropped afterwards) a portal is migrated, seeded and served; the demo parent logs in.

Figures (per database <db> = sqlite | postgres):
* autosave_p50_ms_<db>, autosave_p95_ms_<db>: latency of `PUT /wuppertal/entwuerfe/<uuid>` with a changed
  answer and the current version, one request after the other (BENCH_AUTOSAVES, default 400). Target:
  p95 <= 20 ms on a 2-core machine.
* autosave_ratio_<db>: autosave throughput (BENCH_CONCURRENCY parallel clients, each on its own draft)
  divided by the throughput of the bare endpoint /healthz on the same server, measured side by side.
* submit_p50_ms_<db>, submit_p95_ms_<db>: latency of submitting a complete Kita demand notice
  (`POST …/einreichen`, BENCH_SUBMISSIONS, default 100, each a new draft).
* submit_ratio (SQLite) and submit_ratio_postgres: submissions per second with BENCH_CONCURRENCY parallel
  clients divided by /healthz requests per second, measured side by side.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import re
import secrets
import statistics
import time
import uuid as uuidlib

import asyncpg
import httpx

from tests.bench import DEMO_PARENT, DEMO_PASSWORD, Context, Figure
from tests.bench.bench_search import database_url, percentile, postgres_server_url

AUTOSAVES = int(os.environ.get("BENCH_AUTOSAVES", "400"))
SUBMISSIONS = int(os.environ.get("BENCH_SUBMISSIONS", "100"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "8"))
TARGET_P95_MS = 20.0
TIME_LIMIT_S = 120.0


async def logged_in(base: str) -> httpx.AsyncClient:
    client = httpx.AsyncClient(base_url=base, timeout=30, limits=httpx.Limits(max_connections=CONCURRENCY))
    page = await client.get("/wuppertal/anmelden")
    token = client.cookies.get("portal_csrf")
    assert page.status_code == 200 and token
    response = await client.post(
        "/wuppertal/anmelden", data={"email": DEMO_PARENT, "password": DEMO_PASSWORD, "_csrf_token": token}
    )
    if response.status_code != 303:
        raise RuntimeError(f"login failed: HTTP {response.status_code}")
    client.headers["x-csrftoken"] = token
    return client


async def household(client: httpx.AsyncClient) -> tuple[str, str, list[str]]:
    """The demo parent's child and guardian ids (from the first step's form) and two Kita ids."""
    start = await client.post(
        "/wuppertal/antraege/kita/neu", data={"_csrf_token": client.headers["x-csrftoken"]}
    )
    step = await client.get(start.headers["location"])
    child = re.search(r'name="child" type="radio" value="(\d+)"', step.text).group(1)
    await client.post(
        start.headers["location"].rsplit("/", 1)[0] + "/loeschen",
        data={"_csrf_token": client.headers["x-csrftoken"]},
    )
    family = await client.get(start.headers["location"].rsplit("/", 1)[0] + "/familie")
    guardian = re.search(r'name="employment-(\d+)"', family.text).group(1)
    search = await client.get("/wuppertal/kitas?ort=Elberfeld&art=kita")
    kitas = re.findall(r'data-result data-id="(\d+)"', search.text)[:2]
    return child, guardian, kitas


def complete_values(child: str, guardian: str, kitas: list[str]) -> dict:
    start = dt.date.today().replace(day=1) + dt.timedelta(days=250)
    start = start.replace(day=1)
    return {
        "child": child,
        "main_residence": "ja",
        "start-day": "1",
        "start-month": str(start.month),
        "start-year": str(start.year),
        "care_type": "kita",
        "hours": "35",
        "wishes": kitas,
        "single_parent": "nein",
        f"employment-{guardian}": "vollzeit",
        "_steps": ["kind", "betreuung", "wuensche", "familie", "besonderes"],
    }


async def put(client: httpx.AsyncClient, uuid: str, version: int, values: dict) -> int:
    response = await client.put(
        f"/wuppertal/entwuerfe/{uuid}", json={"service": "kita", "version": version, "values": values}
    )
    if response.status_code != 200:
        raise RuntimeError(f"autosave: HTTP {response.status_code} {response.text[:200]}")
    return response.json()["version"]


async def autosave_latencies(client: httpx.AsyncClient) -> list[float]:
    uuid = str(uuidlib.uuid4())
    version = await put(client, uuid, 0, {"languages": "Deutsch"})
    timings = []
    for n in range(AUTOSAVES):
        started = time.perf_counter()
        version = await put(client, uuid, version, {"languages": f"Deutsch {n}", "main_residence": "ja"})
        timings.append((time.perf_counter() - started) * 1000)
    return timings


async def rate(task, count: int) -> float:
    remaining = count
    deadline = time.monotonic() + TIME_LIMIT_S

    async def worker(index: int) -> int:
        nonlocal remaining
        done = 0
        while remaining > 0 and time.monotonic() < deadline:
            remaining -= 1
            await task(index, done)
            done += 1
        return done

    started = time.perf_counter()
    counts = await asyncio.gather(*(worker(i) for i in range(CONCURRENCY)))
    return sum(counts) / (time.perf_counter() - started)


async def healthz_rate(client: httpx.AsyncClient, count: int) -> float:
    async def get(_index: int, _n: int) -> None:
        if (await client.get("/healthz")).status_code != 200:
            raise RuntimeError("healthz failed")

    return await rate(get, count)


async def autosave_rate(client: httpx.AsyncClient, count: int) -> float:
    drafts = [str(uuidlib.uuid4()) for _ in range(CONCURRENCY)]
    versions = [await put(client, d, 0, {"languages": "x"}) for d in drafts]

    async def save(index: int, n: int) -> None:
        versions[index] = await put(client, drafts[index], versions[index], {"languages": f"x {n}"})

    return await rate(save, count)


async def prepared_drafts(client: httpx.AsyncClient, count: int, values: dict) -> list[str]:
    uuids = [str(uuidlib.uuid4()) for _ in range(count)]
    for uuid in uuids:
        await put(client, uuid, 0, values)
    return uuids


async def submit(client: httpx.AsyncClient, uuid: str) -> None:
    response = await client.post(
        f"/wuppertal/entwuerfe/{uuid}/einreichen",
        json={"version": 1, "declarations": ["truthful", "forwarding", "privacy"]},
    )
    if response.status_code != 201:
        raise RuntimeError(f"submit: HTTP {response.status_code} {response.text[:300]}")


def submitter(client: httpx.AsyncClient, pending):  # noqa: ANN001, ANN201 - an iterator of draft ids
    async def one(_index: int, _n: int) -> None:
        await submit(client, next(pending))

    return one


async def measure(ctx: Context, base: str, name: str) -> list[Figure]:
    client = await logged_in(base)
    try:
        child, guardian, kitas = await household(client)
        values = complete_values(child, guardian, kitas)
        await autosave_latencies(client)  # warm up
        timings = sorted(await autosave_latencies(client))
        p50, p95 = statistics.median(timings), percentile(timings, 0.95)
        ctx.log(f"  {name}: autosave p50 {p50:.1f} ms, p95 {p95:.1f} ms ({len(timings)} saves)")
        if p95 > TARGET_P95_MS:
            ctx.miss(f"autosave_p95_ms_{name} = {p95:.1f}, target <= {TARGET_P95_MS}")

        ratios = []
        for round_ in range(3):
            saves = await autosave_rate(client, AUTOSAVES)
            bare = await healthz_rate(client, AUTOSAVES)
            ratios.append(saves / bare)
            ctx.log(f"  {name}: round {round_ + 1}: autosave {saves:.0f}/s, healthz {bare:.0f}/s")
        autosave_ratio = statistics.median(ratios)

        uuids = await prepared_drafts(client, SUBMISSIONS, values)
        submit_timings = []
        for uuid in uuids:
            started = time.perf_counter()
            await submit(client, uuid)
            submit_timings.append((time.perf_counter() - started) * 1000)
        submit_timings.sort()
        s50, s95 = statistics.median(submit_timings), percentile(submit_timings, 0.95)
        ctx.log(f"  {name}: submit p50 {s50:.1f} ms, p95 {s95:.1f} ms ({len(submit_timings)} submissions)")

        submit_ratios = []
        for round_ in range(3):
            submits = await rate(
                submitter(client, iter(await prepared_drafts(client, SUBMISSIONS, values))), SUBMISSIONS
            )
            bare = await healthz_rate(client, SUBMISSIONS)
            submit_ratios.append(submits / bare)
            ctx.log(f"  {name}: round {round_ + 1}: submit {submits:.0f}/s, healthz {bare:.0f}/s")
        submit_ratio = statistics.median(submit_ratios)
    finally:
        await client.aclose()
    ratio_name = "submit_ratio" if name == "sqlite" else f"submit_ratio_{name}"
    return [
        (f"autosave_p50_ms_{name}", round(p50, 2), "ms"),
        (f"autosave_p95_ms_{name}", round(p95, 2), "ms"),
        (f"autosave_ratio_{name}", round(autosave_ratio, 3), "ratio"),
        (f"submit_p50_ms_{name}", round(s50, 2), "ms"),
        (f"submit_p95_ms_{name}", round(s95, 2), "ms"),
        (ratio_name, round(submit_ratio, 3), "ratio"),
    ]


async def _drop(server_url: str, name: str) -> None:
    conn = await asyncpg.connect(server_url)
    try:
        await conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
            name,
        )
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
    finally:
        await conn.close()


async def _create(server_url: str, name: str) -> None:
    conn = await asyncpg.connect(server_url)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()


def run(ctx: Context) -> list[Figure]:
    figures = asyncio.run(measure(ctx, ctx.app_url(), "sqlite"))
    server_url = postgres_server_url(ctx)
    if server_url:
        name = f"portal_bench_{secrets.token_hex(6)}"
        asyncio.run(_create(server_url, name))
        env = {**ctx.app_env(), "DATABASE_URL": database_url(server_url, name)}
        url = ""
        try:
            url = ctx.start_portal(env, "postgres")
            figures += asyncio.run(measure(ctx, url, "postgres"))
        finally:
            if url:
                ctx.stop_portal(url)
            asyncio.run(_drop(server_url, name))
    return figures
