"""End-to-end fixtures: one portal server, one SMTP sink and one Chromium per test session.

The portal runs as a subprocess (migrated and seeded) against a throw-away SQLite database and sends its
mail to an in-process aiosmtpd server. Tests get a phone-sized (Pixel 7) browser context. Every page a test
lands on has to be checked with `pages.a11y`; a context fixture below fails the test if one was missed.
"""

from __future__ import annotations

import email
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from playwright.sync_api import BrowserContext, Playwright, expect

from e2e import pages

REPO_ROOT = Path(__file__).resolve().parent.parent
DEVICE = "Pixel 7"
SERVER_START_TIMEOUT = 20.0
ACTION_TIMEOUT_MS = 10_000  # a local server answers in milliseconds; fail fast instead of after 30 s
# Assertions wait as long as actions (Playwright's default is 5 s): with three workers, three Chromiums and
# three servers share two cores, and a page that answers in milliseconds alone can take seconds then.
expect.set_options(timeout=ACTION_TIMEOUT_MS)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- prerequisites: fail, never skip -------------------------------------------------------------------
def chromium_path() -> str:
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    if not path or not Path(path).is_file():
        pytest.fail(
            "Chromium not found: set CHROMIUM_PATH or install it (`make chromium`, or "
            "apt-get install chromium). The e2e tests cannot run without it.",
            pytrace=False,
        )
    return path


@pytest.fixture(scope="session", autouse=True)
def _prerequisites() -> None:
    chromium_path()
    if not pages.AXE_PATH.is_file():
        pytest.fail(f"axe-core not found at {pages.AXE_PATH}: run `make node-tools`.", pytrace=False)


# --- mail ------------------------------------------------------------------------------------------------
@dataclass
class Mailbox:
    """Every message the portal sent, in order of arrival."""

    port: int = 0
    messages: list[EmailMessage] = field(default_factory=list)
    _taken: set[int] = field(default_factory=set)
    _changed: threading.Condition = field(default_factory=threading.Condition)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd API
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        with self._changed:
            self.messages.append(message)  # type: ignore[arg-type]
            self._changed.notify_all()
        return "250 Message accepted for delivery"

    def _find(self, to: str, subject_contains: str) -> int | None:
        for index, message in enumerate(self.messages):
            if index in self._taken:
                continue
            if str(message["To"]).strip().lower() == to.lower() and subject_contains in str(
                message["Subject"]
            ):
                return index
        return None

    def wait_for_mail(self, to: str, subject_contains: str, timeout: float = 10) -> str:
        """The plain-text body of the next message to `to` whose subject contains `subject_contains`.

        The portal sends mail in a background task after the response, so this waits for it. Each message
        is handed out once, so asking twice waits for a second message.
        """
        deadline = time.monotonic() + timeout
        with self._changed:
            while (index := self._find(to, subject_contains)) is None:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    seen = [f"{m['To']}: {m['Subject']}" for m in self.messages]
                    raise AssertionError(
                        f"No mail to {to!r} with a subject containing {subject_contains!r} "
                        f"within {timeout} s; received: {seen or 'nothing'}"
                    )
                self._changed.wait(remaining)
            self._taken.add(index)
            message = self.messages[index]
        body = message.get_body(preferencelist=("plain",))
        assert body is not None, f"mail {message['Subject']!r} has no text/plain part"
        return body.get_content()


@pytest.fixture(scope="session")
def mailbox() -> Iterator[Mailbox]:
    box = Mailbox(port=free_port())
    controller = Controller(box, hostname="127.0.0.1", port=box.port)
    controller.start()
    try:
        yield box
    finally:
        controller.stop()


# --- the portal ----------------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def portal_env(tmp_path_factory: pytest.TempPathFactory, mailbox: Mailbox) -> dict[str, str]:
    """The portal's environment: a test may run the CLI against the same database and mail sink with it
    (e.g. `python -m server lapse-offers --now …`)."""
    tmp = tmp_path_factory.mktemp("portal")
    return {
        **os.environ,
        "PORTAL_ENV": "test",
        "SQLITE_PATH": str(tmp / "e2e.sqlite"),
        "VAR_DIR": str(tmp),
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(mailbox.port),
        "SMTP_STARTTLS": "false",
        "LOGIN_MAX_FAILURES_PER_IP": "1000",
        "LOG_LEVEL": "WARNING",
    }


@pytest.fixture(scope="session")
def portal(portal_env: dict[str, str]) -> Iterator[str]:
    """The running portal's base URL (http://127.0.0.1:PORT), migrated and seeded with the demo accounts."""
    env = portal_env
    tmp = Path(env["VAR_DIR"])
    port = free_port()
    for command in ("migrate", "seed"):
        done = subprocess.run(
            [sys.executable, "-m", "server", command], env=env, cwd=REPO_ROOT, capture_output=True, text=True
        )
        if done.returncode != 0:
            pytest.fail(
                f"`python -m server {command}` failed ({done.returncode}):\n{done.stdout}\n{done.stderr}",
                pytrace=False,
            )
    log_path = tmp / "server.log"
    base = f"http://127.0.0.1:{port}"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "server", "serve", "--port", str(port)],
            env=env,
            cwd=REPO_ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_healthy(base, proc, log_path)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def wait_until_healthy(base: str, proc: subprocess.Popen[bytes], log_path: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    last_error = ""
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(
                f"The portal exited with code {proc.returncode} while starting:\n{log_path.read_text()}",
                pytrace=False,
            )
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
            last_error = repr(exc)
        time.sleep(0.1)
    proc.terminate()
    pytest.fail(
        f"The portal did not answer /healthz within {SERVER_START_TIMEOUT} s ({last_error}):\n"
        f"{log_path.read_text()}",
        pytrace=False,
    )


@pytest.fixture(scope="session")
def base_url(portal: str) -> str:
    """pytest-playwright passes this to every browser context, so tests may use relative URLs."""
    return portal


# --- the browser -----------------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    args = [
        *browser_type_launch_args.get("args", []),
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
    ]
    return {**browser_type_launch_args, "executable_path": chromium_path(), "args": args}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any], playwright: Playwright) -> dict[str, Any]:
    return {
        **browser_context_args,
        **playwright.devices[DEVICE],
        "locale": "de-DE",
        "timezone_id": "Europe/Berlin",
        # Smooth scrolling animates a focused element into view; on a loaded CI machine the animation
        # can lag behind the assertion that the focus is on screen. Reduced motion scrolls at once.
        "reduced_motion": "reduce",
    }


@pytest.fixture
def context(new_context: Any, request: pytest.FixtureRequest) -> Iterator[BrowserContext]:
    """A phone context that records every page shown, so a test cannot forget an accessibility check."""
    ctx: BrowserContext = new_context()
    ctx.set_default_timeout(ACTION_TIMEOUT_MS)
    ledger = pages.A11yLedger.attach(ctx)
    yield ctx
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.passed:
        unchecked = ledger.unchecked()
        assert not unchecked, "These pages were shown but never checked with pages.a11y(page): " + ", ".join(
            sorted(unchecked)
        )


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
