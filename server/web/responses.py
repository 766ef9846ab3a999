"""Page rendering with the shared layout context, and redirects carrying a flash message."""

from __future__ import annotations

from typing import Any

from jinja2_fragments.litestar import HTMXBlockTemplate
from litestar import Request
from litestar.background_tasks import BackgroundTask
from litestar.response import Redirect, Template

from server.web import flash


def layout_context(request: Request[Any, Any, Any]) -> dict[str, Any]:
    state = request.app.state
    tenant = request.state.get("tenant")
    session = request.state.get("session")
    return {
        "tenant": tenant,
        # The navigation trusts the session; pages that show account data load the account itself.
        "signed_in_role": session.role if session and tenant and session.tenant == tenant.slug else None,
        "account": request.state.get("account"),
        "session": request.state.get("session"),
        "flash": flash.message_for(request.cookies.get(flash.COOKIE)),
        "flash_key": request.cookies.get(flash.COOKIE),
        "dev_outbox": state.settings.env == "development" and not state.settings.uses_smtp,
        "tenants": state.tenants,
    }


def page(
    request: Request[Any, Any, Any],
    template: str,
    context: dict[str, Any] | None = None,
    *,
    status_code: int = 200,
    fragment: str | None = None,
) -> Template:
    """The full page, or only the block `fragment` for a targeted (non-boosted) htmx request."""
    full_context = {**layout_context(request), **(context or {})}
    headers = {"Vary": "HX-Request"}
    cookies = []
    if request.cookies.get(flash.COOKIE):
        cookies.append(flash.clear_flash_cookie(request.app.state.settings.cookies_secure))
    targeted = request.headers.get("hx-request") == "true" and request.headers.get("hx-boosted") != "true"
    if fragment and targeted and request.headers.get("hx-history-restore-request") != "true":
        return HTMXBlockTemplate(
            template_name=template,
            block_name=fragment,
            context=full_context,
            status_code=status_code,
            headers=headers,
            cookies=cookies,
        )
    return Template(
        template_name=template,
        context=full_context,
        status_code=status_code,
        headers=headers,
        cookies=cookies,
    )


def redirect(
    request: Request[Any, Any, Any],
    url: str,
    flash_key: str | None = None,
    background: BackgroundTask | None = None,
) -> Redirect:
    cookies = [flash.flash_cookie(flash_key, request.app.state.settings.cookies_secure)] if flash_key else []
    return Redirect(path=url, status_code=303, cookies=cookies, background=background)
