"""The caseworkers' inbox and the case detail page with notes, assignment and plain status changes.

GET  /<tenant>/sachbearbeitung/                         inbox (filters in the URL)
GET  /<tenant>/sachbearbeitung/<reference>              the case (audited: application.view)
POST /<tenant>/sachbearbeitung/<reference>/notizen      an internal note
POST /<tenant>/sachbearbeitung/<reference>/zuweisung    take the case / give it to a colleague
POST /<tenant>/sachbearbeitung/<reference>/status       a status change the table allows (no form)
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import Provide
from litestar.response import Redirect, Template

from server.accounts.guards import provide_caseworker
from server.accounts.tables import Account
from server.applications import status as machine
from server.casework import cases, detail, inbox, requests
from server.casework.cases import StaffCase
from server.casework.controllers.common import NO_STORE_PAGE, case_url, definition_of, staff_case, viewed
from server.casework.decisions import decision_of
from server.casework.rules import NOTE_MAX
from server.tenants.config import Tenant
from server.tenants.dependencies import provide_tenant
from server.web.forms import Form, read_form
from server.web.i18n import _
from server.web.responses import page, redirect


async def detail_context(
    request: Request[Any, Any, Any], tenant: Tenant, account: Account, staff: StaffCase
) -> dict[str, Any]:
    case = staff.case
    definition = definition_of(request, case.service)
    all_requests = await requests.requests_of(tenant.slug, case.id)
    offered, elsewhere = detail.actions(case, account.role)
    return {
        "staff": staff,
        "case": case,
        "definition": definition,
        "info": machine.info(case.status),
        "statuses": machine.STATUSES,
        "proofs": await detail.proofs(tenant.slug, case, definition, all_requests),
        "requests": all_requests,
        "decision": await decision_of(tenant.slug, case.id),
        "notes": await cases.notes(tenant.slug, case.id),
        "colleagues": await cases.colleagues(tenant.slug),
        "actions": offered,
        "elsewhere": elsewhere,
        "timeline": await cases.timeline(tenant.slug, case),
        "note_form": Form({}),
        "me": account,
    }


class CaseworkController(Controller):
    path = "/{tenant_slug:str}/sachbearbeitung"
    dependencies = {"tenant": Provide(provide_tenant), "account": Provide(provide_caseworker)}
    include_in_schema = False
    # Staff pages hold families' data: never kept, not even by the service worker (sw.js skips no-store).
    cache_control = NO_STORE_PAGE

    @get("/", name="casework_inbox")
    async def inbox(self, request: Request[Any, Any, Any], tenant: Tenant, account: Account) -> Template:
        services = {s for s in tenant.services if definition_of(request, s) is not None}
        params = {k: v for k, v in request.query_params.items() if isinstance(v, str)}
        query, errors = inbox.parse(params, services)
        result = await inbox.search(tenant.slug, query, account.id, services)
        return page(
            request,
            "casework/inbox.html",
            {
                "query": query,
                "errors": errors,
                "result": result,
                "services": [definition_of(request, s) for s in sorted(services)],
                "definitions": request.app.state.catalogue,
                "statuses": machine.STATUSES,
                "sorts": inbox.SORTS,
                "now": dt.datetime.now(dt.UTC),
            },
            status_code=422 if errors else 200,
            fragment="results",
        )

    @get("/{reference:str}", name="casework_case")
    async def case(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account, reference: str
    ) -> Template:
        staff = await staff_case(tenant, reference)
        await viewed(tenant, account, staff, "case")
        return page(request, "casework/case.html", await detail_context(request, tenant, account, staff))

    async def _problem(
        self,
        request: Request[Any, Any, Any],
        tenant: Tenant,
        account: Account,
        reference: str,
        message: str,
        note_form: Form | None = None,
    ) -> Template:
        """The case page again with a problem at the top (the re-read is a view, audited)."""
        staff = await staff_case(tenant, reference)
        await viewed(tenant, account, staff, "case")
        context = await detail_context(request, tenant, account, staff)
        context["problem"] = message
        if note_form is not None:
            context["note_form"] = note_form
            context["problem_anchor"] = "notiz"
        return page(request, "casework/case.html", context, status_code=409 if note_form is None else 422)

    @post("/{reference:str}/notizen")
    async def add_note(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account, reference: str
    ) -> Template | Redirect:
        staff = await staff_case(tenant, reference)
        form = await read_form(request)
        text = form.required("notiz", _("Bitte schreiben Sie eine Notiz."), NOTE_MAX)
        if not form.ok:
            return await self._problem(
                request, tenant, account, reference, form.errors["notiz"], note_form=form
            )
        await cases.add_note(tenant.slug, staff.case, account, text)
        return redirect(request, case_url(tenant, reference, "#notizen"), "casework_note_saved")

    @post("/{reference:str}/zuweisung")
    async def assign(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account, reference: str
    ) -> Template | Redirect:
        staff = await staff_case(tenant, reference)
        form = await read_form(request)
        raw = form["zustaendig"]
        if raw == "ich":
            target: int | None = account.id
        elif raw in {"", "niemand"}:
            target = None
        elif raw.isascii() and raw.isdigit() and len(raw) < 10:
            target = int(raw)
        else:
            target = -1
        try:
            await cases.assign(tenant.slug, staff, account, target)
        except cases.AssignProblem:
            return await self._problem(
                request, tenant, account, reference, _("Bitte wählen Sie eine Person aus Ihrem Amt aus.")
            )
        return redirect(request, case_url(tenant, reference), "casework_assigned")

    @post("/{reference:str}/status")
    async def change_status(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account, reference: str
    ) -> Template | Redirect:
        staff = await staff_case(tenant, reference)
        form = await read_form(request)
        target, expected = form["ziel"], form["stand"]
        allowed = detail.plain_targets(staff.case, account.role)
        if target not in allowed or expected != staff.case.status:
            return await self._problem(request, tenant, account, reference, changed_meanwhile())
        try:
            await cases.change_status(tenant.slug, staff, account, target)
        except machine.TransitionNotAllowed:
            return await self._problem(request, tenant, account, reference, changed_meanwhile())
        return redirect(request, case_url(tenant, reference), "casework_status_changed")


def changed_meanwhile() -> str:
    return _(
        "Der Stand dieses Antrags hat sich gerade geändert, vermutlich durch eine Kollegin oder einen Kollegen. "
        "Bitte prüfen Sie den aktuellen Stand und versuchen Sie es dann noch einmal."
    )
