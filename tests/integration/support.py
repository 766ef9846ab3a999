"""Helpers for integration tests: the test mailbox, CSRF-aware form posts, and account shortcuts."""

from __future__ import annotations

import asyncio
import email
import re
import socket
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from email import policy
from email.message import EmailMessage
from typing import Any

import httpx

from server.accounts import services as accounts

BASE_URL = "http://testserver.local"
PASSWORD = "Sonnige-Wiese-Fahrrad-7"
CSRF_COOKIE = "portal_csrf"
SESSION_COOKIE = "portal_session"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    """An aiosmtpd handler that keeps every message it receives (the server runs in its own thread)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self._messages: list[EmailMessage] = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd API
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        with self._lock:
            self._messages.append(message)  # type: ignore[arg-type]
        return "250 Message accepted for delivery"

    def clear(self) -> None:
        with self._lock:
            self._messages.clear()

    def messages_to(self, recipient: str) -> list[EmailMessage]:
        with self._lock:
            return [m for m in self._messages if m["To"].lower() == recipient.lower()]

    async def wait_for(self, recipient: str, count: int = 1, patience: float = 10.0) -> EmailMessage:
        """The `count`-th message to `recipient`, waiting for delivery (mail goes out after the response)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + patience
        while True:
            found = self.messages_to(recipient)
            if len(found) >= count:
                return found[count - 1]
            if loop.time() > deadline:
                raise AssertionError(f"no message no. {count} to {recipient} arrived (got {len(found)})")
            await asyncio.sleep(0.02)


def body_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return part.get_content()


def link_in(message: EmailMessage, kind: str) -> str:
    """The path of the confirmation (`bestaetigen`) or reset (`passwort-neu`) link in a message."""
    match = re.search(rf"http://testserver\.local(/[a-z-]+/{kind}/[A-Za-z0-9_-]+)", body_of(message))
    assert match, body_of(message)
    return match.group(1)


def csrf_token(client: httpx.AsyncClient) -> str | None:
    return client.cookies.get(CSRF_COOKIE)


async def post_form(
    client: httpx.AsyncClient, path: str, data: dict[str, str], *, form_page: str | None = None
) -> httpx.Response:
    """POST a form like a browser: fetch a page first when there is no CSRF cookie yet, then send its token."""
    if csrf_token(client) is None:
        await client.get(form_page or path)
    if csrf_token(client) is None:  # e.g. a POST-only path: any page hands out the token
        await client.get("/")
    token = csrf_token(client)
    assert token, "no CSRF cookie was set"
    return await client.post(path, data={**data, "_csrf_token": token}, follow_redirects=False)


def session_cookie(client: httpx.AsyncClient) -> str | None:
    return client.cookies.get(SESSION_COOKIE)


async def register(
    client: httpx.AsyncClient, tenant: str, address: str, password: str = PASSWORD, **fields: str
) -> httpx.Response:
    data = {"email": address, "password": password, "password_confirm": password, "terms": "yes", **fields}
    return await post_form(client, f"/{tenant}/registrieren", data)


async def login(
    client: httpx.AsyncClient, tenant: str, address: str, password: str = PASSWORD, next_path: str = ""
) -> httpx.Response:
    data = {"email": address, "password": password, "next": next_path}
    return await post_form(client, f"/{tenant}/anmelden", data)


async def logout(client: httpx.AsyncClient, tenant: str) -> httpx.Response:
    return await post_form(client, f"/{tenant}/abmelden", {}, form_page=f"/{tenant}/uebersicht")


async def create_parent(tenant: str, address: str, password: str = PASSWORD) -> int:
    """A parent account with a confirmed address, straight in the database (for tests not about sign-up)."""
    return await accounts.create_account(tenant, address, password, accounts.PARENT)


async def logged_in_parent(client: httpx.AsyncClient, tenant: str, address: str) -> int:
    account_id = await create_parent(tenant, address)
    response = await login(client, tenant, address)
    assert response.status_code == 303, response.text
    return account_id


def location(response: httpx.Response) -> str:
    return response.headers["location"]


async def eventually(check: Any, patience: float = 10.0) -> Any:
    """Poll an async `check()` until it returns something truthy (for work done after the response)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + patience
    while True:
        result = await check()
        if result:
            return result
        if loop.time() > deadline:
            raise AssertionError(f"condition not met: {check.__name__}")
        await asyncio.sleep(0.02)


class AppClient(httpx.AsyncClient):
    """An HTTP client for the app, on the test's own event loop.

    Litestar 2's AsyncTestClient runs the lifespan and every request in a separate event loop in a portal
    thread (litestar-org/litestar#1920), so the PostgreSQL pool the app opens at start-up would be shared
    with the test's own database calls across two loops. Here app, lifespan and test share one loop.
    """

    def __init__(self, app: Any, base_url: str = BASE_URL) -> None:
        super().__init__(transport=httpx.ASGITransport(app=app), base_url=base_url, follow_redirects=True)
        self.app = app


@asynccontextmanager
async def lifespan(app: Any) -> AsyncIterator[None]:
    """Run the ASGI lifespan (start-up and shut-down handlers) of `app` on the current loop."""
    to_app: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    from_app: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    scope = {"type": "lifespan", "asgi": {"version": "3.0", "spec_version": "2.0"}, "state": {}}
    task = asyncio.create_task(app(scope, to_app.get, from_app.put))
    await to_app.put({"type": "lifespan.startup"})
    started = await from_app.get()
    if started["type"] != "lifespan.startup.complete":
        await task
        raise RuntimeError(f"app start-up failed: {started}")
    try:
        yield
    finally:
        await to_app.put({"type": "lifespan.shutdown"})
        stopped = await from_app.get()
        await task
        if stopped["type"] != "lifespan.shutdown.complete":
            raise RuntimeError(f"app shut-down failed: {stopped}")
