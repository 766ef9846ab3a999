"""The parent's mailbox pages: list, one message (marked read when opened), its attachment, e-mail settings."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.di import Provide
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Template

from server.accounts.guards import provide_parent
from server.accounts.tables import Account
from server.mailbox import services
from server.tenants.config import Tenant
from server.tenants.dependencies import provide_tenant
from server.web.responses import page, redirect


class MailboxController(Controller):
    path = "/{tenant_slug:str}/postfach"
    dependencies = {"tenant": Provide(provide_tenant), "account": Provide(provide_parent)}
    include_in_schema = False

    @get("/", name="mailbox")
    async def inbox(self, request: Request[Any, Any, Any], tenant: Tenant, account: Account) -> Template:
        messages = await services.inbox(tenant.slug, account.id)
        return page(request, "mailbox/list.html", {"messages": messages, "kinds": services.KINDS})

    @get("/einstellungen")
    async def settings_page(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account
    ) -> Template:
        chosen = await services.preferences(tenant.slug, account.id)
        return page(request, "mailbox/settings.html", {"kinds": services.KINDS, "chosen": chosen})

    @post("/einstellungen")
    async def save_settings(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account
    ) -> Redirect:
        form = await request.form()
        chosen = (
            {v for v in form.getall("kind") if isinstance(v, str) and v in services.KINDS}
            if "kind" in form
            else set()
        )
        await services.save_preferences(tenant.slug, account.id, chosen)
        return redirect(request, f"/{tenant.slug}/postfach/", "mail_preferences_saved")

    @get("/{message_id:int}")
    async def message(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account, message_id: int
    ) -> Template:
        found = await services.get(tenant.slug, account.id, message_id)
        if found is None:
            raise NotFoundException()
        return page(request, "mailbox/message.html", {"message": found, "kinds": services.KINDS})

    @get("/{message_id:int}/anhang")
    async def attachment(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account, message_id: int
    ) -> Response[bytes]:
        found = await services.attachment_key(tenant.slug, account.id, message_id)
        if found is None:
            raise NotFoundException()
        key, name = found
        body = await request.app.state.documents.store.get(key)
        safe_name = "".join(c if c.isalnum() or c in "-_." else "_" for c in name) or "anhang.pdf"
        return Response(
            body,
            media_type="application/pdf",
            headers={
                "Content-Disposition": f'inline; filename="{safe_name}"',
                "Cache-Control": "private, no-store",
            },
        )
