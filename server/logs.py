"""Structured JSON logs. Requests are logged by route template, never by concrete path (links carry
tokens) and without IP addresses, e-mail addresses or other personal data."""

from __future__ import annotations

import logging
import sys
import time

import structlog
from litestar.types import ASGIApp, Message, Receive, Scope, Send


def configure_logging(level: str = "INFO", json: bool = True) -> None:
    processors: list = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.processors.format_exc_info,
    ]
    processors.append(structlog.processors.JSONRenderer() if json else structlog.dev.ConsoleRenderer())
    structlog.configure(
        processors=processors,
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level.upper())),
        logger_factory=structlog.PrintLoggerFactory(file=sys.stderr),
        cache_logger_on_first_use=False,
    )


log = structlog.get_logger("portal")


def request_log_middleware(app: ASGIApp) -> ASGIApp:
    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await app(scope, receive, send_wrapper)
        finally:
            route = scope.get("path_template", "unmatched")
            tenant = scope["path"].split("/")[1] if route.startswith("/{tenant_slug") else None
            log.info(
                "request",
                method=scope["method"],
                route=route,
                tenant=tenant,
                status=status,
                ms=round((time.perf_counter() - started) * 1000, 1),
            )

    return wrapped
