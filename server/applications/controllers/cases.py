"""A parent's view of a submitted application: receipt, status with timeline (refreshing itself while
open, the last known state offline), the receipt PDF, and withdrawing before the decision."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.di import Provide
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Template

from server.accounts.guards import provide_parent
from server.accounts.tables import Account
from server.applications import cases
from server.applications import status as machine
from server.applications.cases import Case
from server.applications.controllers.common import catalogue
from server.applications.receipt import receipt_pdf
from server.dates import local
from server.tenants.config import Tenant
from server.tenants.dependencies import provide_tenant
from server.web.i18n import _
from server.web.responses import page, redirect

# The status block asks for news this often while the page is open (seconds).
POLL_SECONDS = 20


def next_step_for(case: Case, definition: Any) -> dict[str, Any] | None:
    step = definition.next_steps.get(case.status) if definition else None
    text, days = (step.text, step.days) if step else machine.DEFAULT_NEXT.get(case.status, ("", 0))
    if not text:
        return None
    by = local(case.status_changed_at + dt.timedelta(days=days)).date() if days else None
    return {"text": text, "by": by}


# Other features add to the parent's case page (consent, document requests, offers …): an extension returns
# context keys, and template names in "case_parts" are included below the status block, those in
# "status_parts" inside it (refreshed with it while the page is open).
CaseExtension = Callable[[Request[Any, Any, Any], Tenant, Case], Awaitable[dict[str, Any]]]
CASE_EXTENSIONS: list[CaseExtension] = []


def extend_case_page(extension: CaseExtension) -> CaseExtension:
    if extension not in CASE_EXTENSIONS:
        CASE_EXTENSIONS.append(extension)
    return extension


async def case_context(request: Request[Any, Any, Any], tenant: Tenant, case: Case) -> dict[str, Any]:
    definition = catalogue(request).get(case.service)
    info = machine.info(case.status)
    context: dict[str, Any] = {
        "case": case,
        "definition": definition,
        "info": info,
        "events": await cases.events(tenant.slug, case.id),
        "statuses": machine.STATUSES,
        "next": next_step_for(case, definition),
        "as_of": dt.datetime.now(dt.UTC),
        "poll": None if machine.is_final(case.flow, case.status) else POLL_SECONDS,
        "case_parts": [],
        "status_parts": [],
    }
    for extension in CASE_EXTENSIONS:
        extra = await extension(request, tenant, case)
        parts = extra.pop("case_parts", [])
        status_parts = extra.pop("status_parts", [])
        context.update(extra)
        context["case_parts"].extend(parts)
        context["status_parts"].extend(status_parts)
    return context


class CaseController(Controller):
    path = "/{tenant_slug:str}/vorgaenge"
    dependencies = {"tenant": Provide(provide_tenant), "account": Provide(provide_parent)}
    include_in_schema = False

    async def _case(self, tenant: Tenant, account: Account, reference: str) -> Case:
        case = await cases.get_case(tenant.slug, account.id, reference[:40])
        if case is None:
            raise NotFoundException()
        return case

    async def _context(self, request: Request[Any, Any, Any], tenant: Tenant, case: Case) -> dict[str, Any]:
        return await case_context(request, tenant, case)

    @get("/{reference:str}", name="case")
    async def status_page(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account, reference: str
    ) -> Template:
        case = await self._case(tenant, account, reference)
        return page(
            request, "applications/case.html", await self._context(request, tenant, case), fragment="status"
        )

    @get("/{reference:str}/eingereicht")
    async def receipt_page(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account, reference: str
    ) -> Template:
        case = await self._case(tenant, account, reference)
        context = await self._context(request, tenant, case)
        return page(request, "applications/receipt.html", context)

    @get("/{reference:str}/antrag.pdf")
    async def receipt_file(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account, reference: str
    ) -> Response[bytes]:
        case = await self._case(tenant, account, reference)
        definition = catalogue(request).get(case.service)
        if definition is None:
            raise NotFoundException()
        body = receipt_pdf(tenant, definition, case)
        return Response(
            body,
            media_type="application/pdf",
            headers={
                "Content-Disposition": f'inline; filename="{case.reference}.pdf"',
                "Cache-Control": "private, no-cache",
            },
        )

    @get("/{reference:str}/zurueckziehen")
    async def withdraw_page(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account, reference: str
    ) -> Template:
        case = await self._case(tenant, account, reference)
        return page(request, "applications/withdraw.html", await self._context(request, tenant, case))

    @post("/{reference:str}/zurueckziehen")
    async def withdraw(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account, reference: str
    ) -> Template | Redirect:
        case = await self._case(tenant, account, reference)
        if not case.can_withdraw:
            context = await self._context(request, tenant, case)
            context["error"] = _(
                "Dieser Antrag kann nicht mehr zurückgezogen werden, weil schon entschieden wurde."
            )
            return page(request, "applications/withdraw.html", context, status_code=409)
        try:
            await cases.transition(
                tenant.slug,
                case.id,
                "withdrawn",
                "parent",
                account.id,
                _("Von Ihnen zurückgezogen."),
                expected=case.status,
            )
        except machine.TransitionNotAllowed:
            context = await self._context(request, tenant, await self._case(tenant, account, reference))
            context["error"] = _(
                "Der Stand hat sich gerade geändert. Bitte prüfen Sie ihn und versuchen Sie es erneut."
            )
            return page(request, "applications/withdraw.html", context, status_code=409)
        return redirect(request, f"/{tenant.slug}/vorgaenge/{case.reference}", "withdrawn")
