"""The service worker (served from the root so it may control every tenant), the offline page, health."""

from __future__ import annotations

import json
from typing import Any

from litestar import Request, Response, get
from litestar.response import Template

from server.web.responses import page


@get("/sw.js", include_in_schema=False)
async def service_worker(request: Request[Any, Any, Any]) -> Response[str]:
    assets = request.app.state.assets
    source = request.app.state.service_worker_source
    body = source.replace("__VERSION__", assets.version).replace(
        "__SHELL__", json.dumps(["/offline", *assets.shell_urls()])
    )
    return Response(
        body,
        media_type="text/javascript",
        headers={"Cache-Control": "no-cache", "Service-Worker-Allowed": "/"},
    )


@get("/offline", include_in_schema=False)
async def offline(request: Request[Any, Any, Any]) -> Template:
    return page(request, "web/offline.html")


@get("/healthz", include_in_schema=False)
async def healthz(request: Request[Any, Any, Any]) -> Response[dict[str, str]]:
    from server.accounts.tables import Account

    try:
        await Account.raw("SELECT 1")
    except Exception:  # noqa: BLE001 - report, don't crash, when the database is away
        return Response({"status": "unavailable", "database": "down"}, status_code=503)
    return Response({"status": "ok", "database": "up"})
