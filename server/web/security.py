"""Security headers on every response, and a strict Content-Security-Policy (no inline script or style)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from litestar.datastructures import MutableScopeHeaders
from litestar.types import Message, Scope

# A source for img-src: exactly scheme://host[:port], nothing that could widen or break the policy.
ORIGIN = re.compile(r"^https?://[a-z0-9.-]+(?::[0-9]{1,5})?$", re.IGNORECASE)


def content_security_policy(img_origins: Iterable[str] = ()) -> str:
    """The policy: everything from this origin only, no inline script or style; images also from the map
    tile servers of the configured tenants (Leaflet sets element styles through the CSSOM, which style-src
    does not govern, so the map needs no 'unsafe-inline')."""
    extra = sorted({o.lower() for o in img_origins if ORIGIN.match(o)})
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            " ".join(["img-src 'self' data: blob:", *extra]),
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


CSP = content_security_policy()

BASE_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(self), geolocation=(self), microphone=(), payment=(), usb=()",
}


def security_headers_hook(secure: bool, img_origins: Iterable[str] = ()):
    """A before-send hook: it sees every response, also errors answered outside any route (404, 405, CSRF)."""
    headers_to_set = {**BASE_HEADERS, "Content-Security-Policy": content_security_policy(img_origins)}
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
