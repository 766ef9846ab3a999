"""Server-side sessions in a Litestar store (memory, files under var/ or Redis).

The cookie holds a random token; the store key is its SHA-256, so a leaked store does not leak usable
cookies. A new token is issued at every login (no session fixation) and the old one is deleted.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from typing import Any

import msgspec
from litestar import Request, Response
from litestar.datastructures import Cookie
from litestar.stores.base import Store
from litestar.types import ASGIApp, Receive, Scope, Send

COOKIE = "portal_session"


class SessionData(msgspec.Struct, frozen=True):
    account_id: int
    tenant: str
    role: str
    created: float


def _key(token: str) -> str:
    return "session:" + hashlib.sha256(token.encode()).hexdigest()


class Sessions:
    def __init__(self, store: Store, max_age: int, secure: bool) -> None:
        self.store = store
        self.max_age = max_age
        self.secure = secure
        self.cookie_name = ("__Host-" + COOKIE) if secure else COOKIE

    async def load(self, token: str | None) -> SessionData | None:
        if not token or len(token) > 100:
            return None
        raw = await self.store.get(_key(token), renew_for=self.max_age)
        if raw is None:
            return None
        try:
            return msgspec.json.decode(raw, type=SessionData)
        except msgspec.DecodeError:
            return None

    async def start(
        self, request: Request[Any, Any, Any], response: Response[Any], data: SessionData
    ) -> None:
        """Log in: drop any previous session and issue a fresh token."""
        await self.end(request, response)
        token = secrets.token_urlsafe(32)
        await self.store.set(_key(token), msgspec.json.encode(data), expires_in=self.max_age)
        # A browser-session cookie: the server-side expiry (renewed on each request) is what counts.
        response.set_cookie(self._cookie(token, None))

    async def end(self, request: Request[Any, Any, Any], response: Response[Any]) -> None:
        old = request.cookies.get(self.cookie_name)
        if old:
            await self.store.delete(_key(old))
            response.set_cookie(self._cookie("", 0))

    def _cookie(self, value: str, max_age: int | None) -> Cookie:
        return Cookie(
            key=self.cookie_name,
            value=value,
            max_age=max_age,
            path="/",
            httponly=True,
            secure=self.secure,
            samesite="lax",
        )

    def middleware(self, app: ASGIApp) -> ASGIApp:
        """Put the session (or None) into scope state as `session` for guards and handlers."""

        async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] == "http":
                token = _cookie_value(scope, self.cookie_name)
                scope.setdefault("state", {})["session"] = await self.load(token)
            await app(scope, receive, send)

        return wrapped


def _cookie_value(scope: Scope, name: str) -> str | None:
    for key, value in scope.get("headers", []):
        if key == b"cookie":
            for part in value.decode("latin-1").split(";"):
                k, _, v = part.strip().partition("=")
                if k == name:
                    return v
    return None


def now() -> float:
    return time.time()
