"""The Kita search page over HTTP: throughput against a bare endpoint, bytes of a first load, Lighthouse.

The page is a district search with two filters (SEARCH_PATH) on the seeded demo data.

Figures:
* search_page_ratio: requests/s of the search page divided by requests/s of /healthz on the same server,
  the median of BENCH_PAGE_ROUNDS (default 5) rounds; in each round both endpoints get BENCH_PAGE_REQUESTS
  (default 300) requests from BENCH_PAGE_CONCURRENCY (default 8) loopback clients, one after the other
  (the order alternates between rounds). search_page_rps and healthz_rps are the medians behind it.
* bytes_search: compressed bytes of a first load: the HTML and everything it loads (stylesheets, scripts with
  Leaflet and marker clustering, icon, logo, manifest, service worker), each fetched with
  Accept-Encoding: gzip; map tiles excluded. Target <= 120 KB.
* lighthouse_search_<category> (0-100, median of BENCH_LIGHTHOUSE_RUNS, default 3) and
  bytes_search_lighthouse (Lighthouse's total-byte-weight), with bench_lighthouse's helpers.
"""

from __future__ import annotations

import asyncio
import gzip
import os
import re
import statistics
import time
from html.parser import HTMLParser

import httpx

from tests.bench import Context, Figure
from tests.bench.bench_lighthouse import CATEGORIES, LIGHTHOUSE, failing_audits, lighthouse, report_audits

SEARCH_PATH = "/wuppertal/kitas?ort=Elberfeld&art=kita&traeger=staedtisch"
BARE_PATH = "/healthz"
ROUNDS = int(os.environ.get("BENCH_PAGE_ROUNDS", "5"))
REQUESTS = int(os.environ.get("BENCH_PAGE_REQUESTS", "300"))
CONCURRENCY = int(os.environ.get("BENCH_PAGE_CONCURRENCY", "8"))
MAX_BYTES = 120 * 1024
TIME_LIMIT_S = 120.0  # per endpoint and round: the loop stops by itself


async def _rate(client: httpx.AsyncClient, path: str, requests: int) -> float:
    """Requests per second for `requests` GETs of `path` by CONCURRENCY workers (all must answer 200)."""
    remaining = requests
    deadline = time.monotonic() + TIME_LIMIT_S

    async def worker() -> int:
        nonlocal remaining
        done = 0
        while remaining > 0 and time.monotonic() < deadline:
            remaining -= 1
            response = await client.get(path)
            if response.status_code != 200:
                raise RuntimeError(f"{path}: HTTP {response.status_code}")
            done += 1
        return done

    started = time.perf_counter()
    counts = await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
    return sum(counts) / (time.perf_counter() - started)


async def _throughput(ctx: Context, base: str) -> tuple[float, float, float]:
    limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)
    headers = {"Accept-Encoding": "gzip"}
    async with httpx.AsyncClient(base_url=base, limits=limits, headers=headers, timeout=30) as client:
        for path in (SEARCH_PATH, BARE_PATH):  # warm up: the directory index, connections
            await _rate(client, path, 2 * CONCURRENCY)
        ratios, pages, bares = [], [], []
        for n in range(ROUNDS):
            order = (SEARCH_PATH, BARE_PATH) if n % 2 == 0 else (BARE_PATH, SEARCH_PATH)
            rates = {path: await _rate(client, path, REQUESTS) for path in order}
            pages.append(rates[SEARCH_PATH])
            bares.append(rates[BARE_PATH])
            ratios.append(rates[SEARCH_PATH] / rates[BARE_PATH])
            ctx.log(
                f"  round {n + 1}/{ROUNDS}: search {rates[SEARCH_PATH]:.0f}/s, healthz {rates[BARE_PATH]:.0f}/s,"
                f" ratio {ratios[-1]:.3f}"
            )
    return statistics.median(ratios), statistics.median(pages), statistics.median(bares)


class _Resources(HTMLParser):
    """The URLs a browser fetches for the page itself: stylesheets, scripts, icons, images, manifest."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "link" and a.get("rel") in ("stylesheet", "icon", "manifest") and a.get("href"):
            self.urls.append(a["href"] or "")
        elif tag in ("script", "img") and a.get("src"):
            self.urls.append(a["src"] or "")


def first_load_bytes(ctx: Context, base: str) -> float:
    """Compressed bytes over the wire (bodies as sent, with gzip) of the page and what it loads."""
    total = 0
    with httpx.Client(base_url=base, headers={"Accept-Encoding": "gzip"}, timeout=30) as client:

        def fetch(path: str) -> tuple[int, bytes]:
            with client.stream("GET", path) as response:
                response.raise_for_status()
                raw = b"".join(response.iter_raw())  # as sent: compressed when the server compressed it
                encoding = response.headers.get("content-encoding", "identity")
            ctx.log(f"    {len(raw):>7} B  {encoding:<8} {path}")
            return len(raw), gzip.decompress(raw) if encoding == "gzip" else raw

        size, page = fetch(SEARCH_PATH)
        total += size
        parser = _Resources()
        parser.feed(page.decode())
        urls = list(dict.fromkeys(parser.urls))
        urls.append("/sw.js")  # app.js registers the service worker on the first visit
        for url in urls:
            if re.match(r"^https?://", url):
                continue  # nothing from other hosts but the tiles, which are excluded
            total += fetch(url)[0]
    return float(total)


def run(ctx: Context) -> list[Figure]:
    base = ctx.app_url()
    figures: list[Figure] = []

    ratio, page_rps, bare_rps = asyncio.run(_throughput(ctx, base))
    figures += [
        ("search_page_ratio", round(ratio, 3), "ratio"),
        ("search_page_rps", round(page_rps, 1), "requests/s"),
        ("healthz_rps", round(bare_rps, 1), "requests/s"),
    ]

    ctx.log("  first load of the search page, compressed:")
    size = first_load_bytes(ctx, base)
    figures.append(("bytes_search", size, "bytes"))
    if size > MAX_BYTES:
        ctx.miss(f"bytes_search = {size:.0f}, target <= {MAX_BYTES}")

    if not LIGHTHOUSE.exists():
        raise RuntimeError(f"{LIGHTHOUSE} is missing: run `make node-tools`")
    runs = int(os.environ.get("BENCH_LIGHTHOUSE_RUNS", "3"))
    reports = []
    for n in range(runs):
        ctx.log(f"  lighthouse search run {n + 1}/{runs} ...")
        reports.append(lighthouse(ctx, base + SEARCH_PATH, ctx.tmp / f"lh-search-{n}.json", None))
    for cat_id, name in CATEGORIES.items():
        score = statistics.median(round(r["categories"][cat_id]["score"] * 100) for r in reports)
        figures.append((f"lighthouse_search_{name}", score, "score"))
        if score < 100:
            failing = {a for r in reports for a, i in failing_audits(r).items() if cat_id in i["categories"]}
            ctx.miss(
                f"lighthouse_search_{name} = {score:g}, target 100 (audits: {', '.join(sorted(failing))})"
            )
    weight = statistics.median(r["audits"]["total-byte-weight"]["numericValue"] for r in reports)
    figures.append(("bytes_search_lighthouse", weight, "bytes"))
    if weight > MAX_BYTES:
        ctx.miss(f"bytes_search_lighthouse = {weight:.0f}, target <= {MAX_BYTES}")
    report_audits(ctx, "search", reports)
    return figures
