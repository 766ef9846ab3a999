"""Security headers on every response, and a strict Content-Security-Policy (no inline script or style)."""

from __future__ import annotations

from litestar.datastructures import MutableScopeHeaders
from litestar.types import ASGIApp, Message, Receive, Scope, Send

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


def security_headers_middleware(secure: bool):
    headers_to_set = dict(BASE_HEADERS)
    if secure:
        headers_to_set["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"

    def middleware(app: ASGIApp) -> ASGIApp:
        async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "http":
                await app(scope, receive, send)
                return
            path = scope["path"]
            versioned_static = path.startswith("/static/") and b"v=" in scope.get("query_string", b"")

            async def send_with_headers(message: Message) -> None:
                if message["type"] == "http.response.start":
                    headers = MutableScopeHeaders.from_message(message)
                    for key, value in headers_to_set.items():
                        headers[key] = value
                    if versioned_static:
                        headers["Cache-Control"] = "public, max-age=31536000, immutable"
                    elif "cache-control" not in headers:
                        # Pages may hold personal data: never in shared caches, always revalidated.
                        headers["Cache-Control"] = "private, no-cache"
                await send(message)

            await app(scope, receive, send_with_headers)

        return wrapped

    return middleware
