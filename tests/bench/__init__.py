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
        self._servers: dict[str, subprocess.Popen[bytes]] = {}
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
        if not self._url:
            self._url = self.start_portal(self.app_env(), "bench")
        return self._url

    def start_portal(self, env: dict[str, str], name: str) -> str:
        """Migrate, seed and serve a portal with this environment (e.g. another database); it is stopped
        by close(). Returns its base URL."""
        for command in ("migrate", "seed"):
            done = subprocess.run(
                [sys.executable, "-m", "server", command],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                timeout=300,
            )
            if done.returncode:
                raise RuntimeError(f"`python -m server {command}` failed:\n{done.stdout}{done.stderr}")
        port = free_port()
        server_log = self.tmp / f"{name}-server.log"
        with server_log.open("wb") as out:
            server = subprocess.Popen(
                [sys.executable, "-m", "server", "serve", "--port", str(port)],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        url = f"http://127.0.0.1:{port}"
        self._servers[url] = server
        deadline = time.monotonic() + 30
        while True:
            if server.poll() is not None:
                raise RuntimeError(
                    f"the portal exited with {server.returncode}:\n"
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
        log(f"[bench] {name} portal running at {url} (data in {self.tmp})")
        return url

    def stop_portal(self, url: str) -> None:
        server = self._servers.pop(url, None)
        if server is not None and server.poll() is None:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        if url == self._url:
            self._url = ""

    def stop_portals(self) -> None:
        for url in list(self._servers):
            self.stop_portal(url)

    def close(self) -> None:
        self.stop_portals()
        self._tmp.cleanup()
