"""Run every tests/bench/bench_*.py module (or those named on the command line); see __init__.py."""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time
import traceback
from pathlib import Path

from tests.bench import Context, log


def format_value(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}".rstrip("0")


def main(selected: list[str]) -> int:
    names = sorted(
        m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if m.name.startswith("bench_")
    )
    if selected:
        names = [n for n in names if any(s in n for s in selected)]
    if not names:
        log("[bench] no benchmark module matched")
        return 1
    crashed: list[str] = []
    ctx = Context()
    try:
        for name in names:
            log(f"[bench] {name} ...")
            started = time.monotonic()
            try:
                figures = importlib.import_module(f"tests.bench.{name}").run(ctx)
            except Exception:
                traceback.print_exc(file=sys.stderr)
                crashed.append(name)
                continue
            for figure, value, unit in figures:
                print(f"{figure}: {format_value(value)} {unit}", flush=True)
            log(f"[bench] {name} done in {time.monotonic() - started:.0f} s")
    finally:
        ctx.close()
    log("")
    log("=== Benchmark summary ===")
    log(f"Missed targets ({len(ctx.misses)}):" if ctx.misses else "All targets met.")
    for message in ctx.misses:
        log(f"  - {message}")
    for message in ctx.notes:
        log(f"Note: {message}")
    if crashed:
        log(f"CRASHED: {', '.join(crashed)}")
    return 1 if crashed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
