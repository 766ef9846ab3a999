"""Lighthouse 12 (mobile preset) on the start, login and dashboard pages: median scores and bytes.

Figures: lighthouse_<page>_<category> (0-100 score) and bytes_<page> (total-byte-weight, i.e. transfer
size). BENCH_LIGHTHOUSE_RUNS (default 3) runs per page; CHROMIUM_PATH overrides /usr/bin/chromium.
Audits scoring below 1 are listed on stderr with their elements or values.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
from pathlib import Path

import httpx

from tests.bench import DEMO_PARENT, DEMO_PASSWORD, ROOT, Context, Figure

LIGHTHOUSE = ROOT / ".tools" / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --no-first-run"
)
CATEGORIES = {
    "performance": "performance",
    "accessibility": "accessibility",
    "best-practices": "best_practices",
    "seo": "seo",
}
PAGES = {
    "start": ("/wuppertal/", False),
    "login": ("/wuppertal/anmelden", False),
    "dashboard": ("/wuppertal/uebersicht", True),
}  # page: (path, needs login)
MAX_BYTES = 40 * 1024
ATTEMPTS = 3
IGNORED_MODES = {"notApplicable", "informative", "manual", "error"}


def login_cookie(base: str) -> str:
    """Log the demo parent in; return a Cookie header value with the session and CSRF cookies."""
    with httpx.Client(base_url=base, follow_redirects=False, timeout=10) as client:
        client.get("/wuppertal/anmelden").raise_for_status()
        csrf = client.cookies["portal_csrf"]
        response = client.post(
            "/wuppertal/anmelden",
            data={
                "email": DEMO_PARENT,
                "password": DEMO_PASSWORD,
                "_csrf_token": csrf,
                "next": "/wuppertal/uebersicht",
            },
        )
        if response.status_code not in (302, 303) or "portal_session" not in client.cookies:
            raise RuntimeError(f"login failed: HTTP {response.status_code}")
        return f"portal_session={client.cookies['portal_session']}; portal_csrf={csrf}"


def lighthouse(ctx: Context, url: str, out: Path, headers: Path | None) -> dict:
    """One Lighthouse run. Chrome's trace recording fails now and then on a busy machine (NO_NAVSTART,
    "prevented page load with an interstitial"), so a failed run is retried twice."""
    command = [
        str(LIGHTHOUSE),
        url,
        "--output=json",
        f"--output-path={out}",
        "--quiet",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
    ]
    if headers is not None:
        command.append(f"--extra-headers={headers}")
    env = dict(os.environ, CHROME_PATH=os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium")
    for attempt in range(1, ATTEMPTS + 1):
        out.unlink(missing_ok=True)
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
        if done.returncode == 0 and out.exists():
            break
        problem = done.stderr.strip().splitlines()[-1:] or [f"exit {done.returncode}"]
        ctx.log(f"    lighthouse attempt {attempt}/{ATTEMPTS} failed: {problem[0]}")
    else:
        raise RuntimeError(f"lighthouse failed {ATTEMPTS} times on {url}:\n{done.stderr[-3000:]}")
    report = json.loads(out.read_text())
    if report.get("runtimeError"):
        raise RuntimeError(f"lighthouse on {url}: {report['runtimeError']}")
    if report.get("finalDisplayedUrl", url).split("?")[0] != url.split("?")[0]:
        raise RuntimeError(f"{url} ended at {report['finalDisplayedUrl']} (not logged in?)")
    return report


def describe(item: dict) -> str:
    """One line for an audit details item: the element, URL or text it is about, and its numbers."""
    node = item.get("node") if isinstance(item.get("node"), dict) else None
    parts = []
    if node:
        parts += [node.get("selector", ""), node.get("snippet", ""), node.get("explanation", "")]
    for key in ("url", "groupLabel", "description", "label", "directive", "severity"):
        if isinstance(item.get(key), str):
            parts.append(item[key])
    if isinstance(item.get("source"), dict) and item["source"].get("url"):
        parts.append(f"at {item['source']['url']}:{item['source'].get('line', '')}")
    for key in ("wastedBytes", "wastedMs", "totalBytes", "transferSize", "duration"):
        if isinstance(item.get(key), int | float):
            parts.append(f"{key}={item[key]:.0f}")
    return " | ".join(" ".join(p.split()) for p in parts if p)[:300]


def failing_audits(report: dict) -> dict[str, dict]:
    """Audits scoring < 1, with the categories (and weights) they belong to."""
    refs: dict[str, list[str]] = {}
    for cat_id, category in report["categories"].items():
        for ref in category["auditRefs"]:
            refs.setdefault(ref["id"], []).append(
                f"{cat_id}" + (f" w={ref['weight']:.2g}" if ref["weight"] else "")
            )
    failing = {}
    for audit_id, audit in report["audits"].items():
        if (
            audit.get("score") is None
            or audit["score"] >= 1
            or audit.get("scoreDisplayMode") in IGNORED_MODES
        ):
            continue
        items = (audit.get("details") or {}).get("items") or []
        failing[audit_id] = {
            "title": audit["title"],
            "score": audit["score"],
            "value": audit.get("displayValue", ""),
            "categories": ", ".join(refs.get(audit_id, ["-"])),
            "items": [d for d in (describe(i) for i in items[:5] if isinstance(i, dict)) if d],
        }
    return failing


def report_audits(ctx: Context, page: str, reports: list[dict]) -> None:
    runs = len(reports)
    seen: dict[str, tuple[int, dict]] = {}
    for report in reports:
        for audit_id, info in failing_audits(report).items():
            count, worst = seen.get(audit_id, (0, info))
            seen[audit_id] = (count + 1, min(worst, info, key=lambda i: i["score"]))
    warnings = {w for r in reports for w in r.get("runWarnings", [])}
    for warning in warnings:
        ctx.log(f"  [{page}] Lighthouse warning: {warning}")
    if not seen:
        ctx.log(f"  [{page}] no audit scored < 1")
        return
    ctx.log(f"  [{page}] audits scoring < 1 (worst run shown):")
    for audit_id, (count, info) in sorted(seen.items(), key=lambda kv: kv[1][1]["categories"]):
        value = f" ({info['value']})" if info["value"] else ""
        ctx.log(
            f"    {audit_id} [{info['categories']}] score {info['score']:.2f}{value}, in {count}/{runs} runs:"
            f" {info['title']}"
        )
        for line in info["items"]:
            ctx.log(f"        - {line}")


def run(ctx: Context) -> list[Figure]:
    if not LIGHTHOUSE.exists():
        raise RuntimeError(f"{LIGHTHOUSE} is missing: run `make node-tools`")
    runs = int(os.environ.get("BENCH_LIGHTHOUSE_RUNS", "3"))
    base = ctx.app_url()
    headers = ctx.tmp / "lighthouse-headers.json"
    headers.write_text(json.dumps({"Cookie": login_cookie(base)}))
    figures: list[Figure] = []
    for page, (path, private) in PAGES.items():
        reports = []
        for n in range(runs):
            ctx.log(f"  lighthouse {page} run {n + 1}/{runs} ...")
            out = ctx.tmp / f"lh-{page}-{n}.json"
            reports.append(lighthouse(ctx, base + path, out, headers if private else None))
        per_run = "; ".join(
            f"{c} " + "/".join(f"{r['categories'][c]['score'] * 100:.0f}" for r in reports)
            for c in CATEGORIES
        )
        cpu = "/".join(f"{r['environment']['benchmarkIndex']:.0f}" for r in reports)
        ctx.log(f"  [{page}] scores per run: {per_run} (CPU benchmarkIndex {cpu})")
        failing_seo = {
            a for r in reports for a, info in failing_audits(r).items() if "seo" in info["categories"]
        }
        for cat_id, name in CATEGORIES.items():
            score = statistics.median(round(r["categories"][cat_id]["score"] * 100) for r in reports)
            figure = f"lighthouse_{page}_{name}"
            figures.append((figure, score, "score"))
            if score >= 100:
                continue
            if cat_id == "seo" and private and failing_seo == {"is-crawlable"}:
                ctx.note(
                    f"{figure} = {score:g} is expected: the private page is rightly noindex (is-crawlable)"
                )
            else:
                ctx.miss(f"{figure} = {score:g}, target 100")
        size = statistics.median(r["audits"]["total-byte-weight"]["numericValue"] for r in reports)
        figures.append((f"bytes_{page}", size, "bytes"))
        if size > MAX_BYTES:
            ctx.miss(f"bytes_{page} = {size:.0f}, target <= {MAX_BYTES}")
        report_audits(ctx, page, reports)
    return figures
