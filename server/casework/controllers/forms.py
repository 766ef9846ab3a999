"""The office's two forms on a case: asking for documents, and deciding with a Bescheid.

GET/POST /<tenant>/sachbearbeitung/<reference>/nachforderung    document request (request.create)
GET/POST /<tenant>/sachbearbeitung/<reference>/entscheidung     decision and Bescheid (decision.issue)
GET      /<tenant>/sachbearbeitung/<reference>/bescheid.pdf     the Bescheid issued (document.view)
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.di import Provide
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Template

from server.accounts.guards import provide_caseworker
from server.accounts.tables import Account
from server.applications import status as machine
from server.audit.services import record
from server.casework import decisions, requests, rules
from server.casework.cases import StaffCase
from server.casework.controllers.common import (
    NO_STORE_PAGE,
    case_url,
    definition_of,
    links,
    staff_case,
    viewed,
)
from server.casework.controllers.inbox import changed_meanwhile
from server.db_errors import is_unique_violation
from server.notifications.after_response import deliver_after
from server.tenants.config import Tenant
from server.tenants.dependencies import provide_tenant
from server.web.forms import Form, date_parts, read_form
from server.web.i18n import _
from server.web.responses import page, redirect


def request_form_defaults(today: dt.date) -> Form:
    deadline = today + dt.timedelta(days=rules.DEFAULT_REQUEST_DAYS)
    return Form({f"frist-{k}": v for k, v in date_parts(deadline).items()})


def already_decided(staff: StaffCase) -> str:
    return _(
        "Über diesen Antrag wurde gerade schon entschieden (Stand: {status}). Ihre Entscheidung wurde nicht "
        "gespeichert; es wurde kein zweiter Bescheid erstellt."
    ).format(status=machine.info(staff.case.status).label)


class CaseFormsController(Controller):
    path = "/{tenant_slug:str}/sachbearbeitung/{reference:str}"
    dependencies = {"tenant": Provide(provide_tenant), "account": Provide(provide_caseworker)}
    include_in_schema = False
    # Staff pages hold families' data: never kept, not even by the service worker (sw.js skips no-store).
    cache_control = NO_STORE_PAGE

    # --- document request ----------------------------------------------------------------------------------
    def _request_page(
        self,
        request: Request[Any, Any, Any],
        account: Account,
        staff: StaffCase,
        form: Form,
        status_code: int = 200,
        problem: str = "",
    ) -> Template:
        can_request = machine.can(staff.case.flow, staff.case.status, "documents_requested", account.role)
        return page(
            request,
            "casework/request.html",
            {
                "staff": staff,
                "case": staff.case,
                "definition": definition_of(request, staff.case.service),
                "form": form,
                "rows": range(1, rules.MAX_ITEMS + 1),
                "can_request": can_request,
                "problem": problem,
            },
            status_code=status_code,
        )

    @get("/nachforderung")
    async def request_form(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account, reference: str
    ) -> Template:
        staff = await staff_case(tenant, reference)
        return self._request_page(request, account, staff, request_form_defaults(rules.office_today()))

    @post("/nachforderung")
    async def send_request(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account, reference: str
    ) -> Template | Redirect:
        staff = await staff_case(tenant, reference)
        form = await read_form(request)
        if not machine.can(staff.case.flow, staff.case.status, "documents_requested", account.role):
            return self._request_page(request, account, staff, form, 409, changed_meanwhile())
        data = rules.read_request(form, rules.office_today())
        if data is None:
            return self._request_page(request, account, staff, form, 422)
        try:
            _request_id, mail_id = await requests.create(
                tenant.slug, staff.case, account, data, links(request, tenant)
            )
        except machine.TransitionNotAllowed:
            return self._request_page(request, account, staff, form, 409, changed_meanwhile())
        except Exception as exc:
            if not is_unique_violation(exc):  # a second open request at the same moment
                raise
            return self._request_page(request, account, staff, form, 409, changed_meanwhile())
        return redirect(
            request, case_url(tenant, reference), "casework_request_sent", deliver_after(request, mail_id)
        )

    # --- decision --------------------------------------------------------------------------------------------
    async def _decision_page(
        self,
        request: Request[Any, Any, Any],
        tenant: Tenant,
        account: Account,
        staff: StaffCase,
        form: Form,
        status_code: int = 200,
        problem: str = "",
    ) -> Template:
        # The form shows the case's computed rows (income, fee): a view of the family's data.
        await viewed(tenant, account, staff, "decision")
        return page(
            request,
            "casework/decision.html",
            {
                "staff": staff,
                "case": staff.case,
                "definition": definition_of(request, staff.case.service),
                "form": form,
                "options": rules.decision_options(staff.case.flow, staff.case.status, account.role),
                "with_fee": staff.case.service in rules.FEE_SERVICES,
                "problem": problem,
            },
            status_code=status_code,
        )

    @get("/entscheidung")
    async def decision_form(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account, reference: str
    ) -> Template:
        staff = await staff_case(tenant, reference)
        fee, month = rules.proposed_fee(staff.case.service, staff.case.computed)
        return await self._decision_page(
            request, tenant, account, staff, Form({"beitrag": fee, "beitrag_ab": month})
        )

    @post("/entscheidung")
    async def decide(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account, reference: str
    ) -> Template | Redirect:
        staff = await staff_case(tenant, reference)
        form = await read_form(request)
        options = rules.decision_options(staff.case.flow, staff.case.status, account.role)
        if not options or form["stand"] != staff.case.status:
            return await self._decision_page(
                request, tenant, account, staff, form, 409, already_decided(staff)
            )
        data = rules.read_decision(form, staff.case.service, options)
        if data is None:
            return await self._decision_page(request, tenant, account, staff, form, 422)
        try:
            issued = await decisions.issue(
                request.app.state.documents,
                tenant,
                definition_of(request, staff.case.service),
                staff.case,
                account,
                data,
                links(request, tenant),
            )
        except Exception as exc:
            if not isinstance(exc, machine.TransitionNotAllowed) and not is_unique_violation(exc):
                raise
            staff = await staff_case(tenant, reference)
            return await self._decision_page(
                request, tenant, account, staff, form, 409, already_decided(staff)
            )
        return redirect(
            request, case_url(tenant, reference), "casework_decided", deliver_after(request, issued.mail_id)
        )

    @get("/bescheid.pdf")
    async def bescheid(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account, reference: str
    ) -> Response[bytes]:
        staff = await staff_case(tenant, reference)
        decision = await decisions.decision_of(tenant.slug, staff.case.id)
        if decision is None:
            raise NotFoundException()
        body = await request.app.state.documents.store.get(decision.pdf_key)
        await record(
            tenant.slug,
            account,
            "document.view",
            "decision",
            decision.id,
            staff.case.reference,
            {"decision": decision.id},
        )
        return Response(
            body,
            media_type="application/pdf",
            headers={
                "Content-Disposition": f'inline; filename="Bescheid-{staff.case.reference}.pdf"',
                "Cache-Control": "private, no-store",
            },
        )
