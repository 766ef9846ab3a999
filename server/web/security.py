"""Security headers on every response, and a strict Content-Security-Policy (no inline script or style)."""

from __future__ import annotations

from litestar.datastructures import MutableScopeHeaders
from litestar.types import Message, Scope

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "manifest-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

BASE_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(self), geolocation=(self), microphone=(), payment=(), usb=()",
}


def security_headers_hook(secure: bool):
    """A before-send hook: it sees every response, also errors answered outside any route (404, 405, CSRF)."""
    headers_to_set = dict(BASE_HEADERS)
    if secure:
        headers_to_set["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"

    async def add_headers(message: Message, scope: Scope) -> None:
        if message["type"] != "http.response.start":
            return
        headers = MutableScopeHeaders.from_message(message)
        for key, value in headers_to_set.items():
            headers[key] = value
        versioned_static = scope["path"].startswith("/static/") and b"v=" in scope.get("query_string", b"")
        if versioned_static:
            headers["Cache-Control"] = "public, max-age=31536000, immutable"
        elif "cache-control" not in headers:
            # Pages may hold personal data: never in shared caches, always revalidated.
            headers["Cache-Control"] = "private, no-cache"

    return add_headers
