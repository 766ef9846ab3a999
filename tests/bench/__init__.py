"""Benchmarks: `make bench` (= `python -m tests.bench [NAME ...]`).

Adding a benchmark: create `tests/bench/bench_<name>.py` with

    def run(ctx: Context) -> list[tuple[str, float, str]]:
        base = ctx.app_url()          # the portal, started once per `make bench` (shared, seeded)
        ...
        if value > target:
            ctx.miss(f"<figure> = {value}, target <= {target}")
        return [("<figure>", value, "<unit>")]

Each returned figure is printed as one stdout line `name: value unit`; nothing else goes to stdout
(use ctx.log for progress and details: it writes to stderr). Benchmarks report, they don't assert:
a missed target is recorded with ctx.miss (ctx.note for remarks) and summarised on stderr at the end.
A benchmark that raises is reported and makes the run exit non-zero; the others still run.
`python -m tests.bench lighthouse` runs only the modules whose name contains one of the arguments.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
DEMO_PASSWORD = "Demo-Familie-2026"  # noqa: S105 - the seeded demo accounts' published password
DEMO_PARENT = "familie.beispiel@wuppertal.example"

Figure = tuple[str, float, str]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Context:
    """What benchmarks share: a temp dir, the running portal, and the collected target misses."""

    def __init__(self) -> None:
        self._tmp = tempfile.TemporaryDirectory(prefix="portal-bench-")
        self.tmp = Path(self._tmp.name)
        self.misses: list[str] = []
        self.notes: list[str] = []
        self._server: subprocess.Popen[bytes] | None = None
        self._url = ""

    log = staticmethod(log)

    def miss(self, message: str) -> None:
        self.misses.append(message)

    def note(self, message: str) -> None:
        self.notes.append(message)

    def app_env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            PORTAL_ENV="test",
            SQLITE_PATH=str(self.tmp / "bench.sqlite"),
            VAR_DIR=str(self.tmp),
            LOG_LEVEL="WARNING",
            DATABASE_URL="",
            REDIS_URL="",
        )
        return env

    def app_url(self) -> str:
        """Migrate, seed and serve the portal (once) on a free port; return its base URL."""
        if self._url:
            return self._url
        env = self.app_env()
        for command in ("migrate", "seed"):
            done = subprocess.run(
                [sys.executable, "-m", "server", command],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                timeout=120,
            )
            if done.returncode:
                raise RuntimeError(f"`python -m server {command}` failed:\n{done.stdout}{done.stderr}")
        port = free_port()
        server_log = self.tmp / "server.log"
        with server_log.open("wb") as out:
            self._server = subprocess.Popen(
                [sys.executable, "-m", "server", "serve", "--port", str(port)],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            if self._server.poll() is not None:
                raise RuntimeError(
                    f"the portal exited with {self._server.returncode}:\n"
                    f"{server_log.read_text(errors='replace')[-3000:]}"
                )
            try:
                if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the portal did not answer /healthz within 30 s")
            time.sleep(0.2)
        log(f"[bench] portal running at {url} (data in {self.tmp})")
        self._url = url
        return url

    def close(self) -> None:
        if self._server is not None and self._server.poll() is None:
            self._server.terminate()
            try:
                self._server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._server.kill()
                self._server.wait()
        self._tmp.cleanup()
