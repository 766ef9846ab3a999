"""The parent's side of a document request: the page with one proof slot per requested document (the proof
capture of the application steps, uploading to the request's own endpoints), and sending them.

    GET  /<tenant>/vorgaenge/<reference>/nachreichen/<request id>                          the page
    POST /<tenant>/vorgaenge/<reference>/nachreichen/<request id>                          "Unterlagen absenden"
    POST /<tenant>/vorgaenge/<reference>/nachreichen/<request id>/<slot>                   upload one file
    GET  /<tenant>/vorgaenge/<reference>/nachreichen/<request id>/<slot>                   the slot's pages (JSON)
    POST /<tenant>/vorgaenge/<reference>/nachreichen/<request id>/<slot>/<id>/loeschen     delete a page
    POST /<tenant>/vorgaenge/<reference>/nachreichen/<request id>/<slot>/reihenfolge       new order

Only the owner of the case gets in (another parent's case or request is 404); uploads go through the same
checks, encryption and idempotency as a draft's (server.documents with a RequestSlots holder).
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.di import Provide
from litestar.exceptions import NotFoundException
from litestar.exceptions.http_exceptions import RequestEntityTooLarge
from litestar.response import Redirect, Template

from server.accounts.tables import Account
from server.applications import cases
from server.applications import status as machine
from server.applications.cases import Case
from server.applications.definitions import Field, ProofSpec
from server.casework import requests
from server.casework.requests import RequestView
from server.documents.controllers import (
    UPLOAD_BODY_LIMIT,
    back_url,
    error_json,
    page_json,
    posted_order,
    provide_proof_parent,
    too_large,
    upload_form,
    uploaded_file,
    wants_html,
)
from server.documents.rejections import UploadRejected, message_for
from server.documents.services import Documents
from server.tenants.config import Tenant
from server.tenants.dependencies import provide_tenant
from server.web.i18n import _
from server.web.responses import page, redirect


def slot_fields(request: RequestView) -> list[Field]:
    """The requested documents as proof fields for the capture widget."""
    return [
        Field(
            id=item.slot,
            type="proof",
            label=item.title,
            hint=item.explanation,
            proof=ProofSpec(
                kind="nachforderung",
                accepted=_("Ein Foto je Seite oder ein PDF."),
                max_pages=requests.MAX_PAGES,
            ),
        )
        for item in request.items
    ]


class DocumentRequestController(Controller):
    path = "/{tenant_slug:str}/vorgaenge/{reference:str}/nachreichen/{request_id:int}"
    dependencies = {"tenant": Provide(provide_tenant), "account": Provide(provide_proof_parent)}
    include_in_schema = False
    exception_handlers = {RequestEntityTooLarge: too_large}

    async def _load(
        self, tenant: Tenant, account: Account, reference: str, request_id: int
    ) -> tuple[Case, RequestView]:
        case = await cases.get_case(tenant.slug, account.id, reference[:40])
        found = await requests.get(tenant.slug, case.id, request_id) if case else None
        if case is None or found is None:
            raise NotFoundException()
        return case, found

    def _base(self, tenant: Tenant, case: Case, found: RequestView) -> str:
        return f"/{tenant.slug}/vorgaenge/{case.reference}/nachreichen/{found.id}"

    async def _page(
        self,
        request: Request[Any, Any, Any],
        tenant: Tenant,
        account: Account,
        case: Case,
        found: RequestView,
        errors: dict[str, str] | None = None,
        status_code: int = 200,
    ) -> Template:
        documents: Documents = request.app.state.documents
        base = self._base(tenant, case, found)
        holder = requests.holder(case.id, found.id)
        open_now = found.is_open and case.status == requests.WAITS_FOR.get(found.kind)
        errors = dict(errors or {})
        code = request.query_params.get("nachweis_fehler")
        field = request.query_params.get("feld")
        if isinstance(code, str) and isinstance(field, str) and found.item(field):
            errors.setdefault(field, message_for(code))
        return page(
            request,
            "casework/parent_request.html",
            {
                "case": case,
                "request_view": found,
                "open_now": open_now,
                "fields": slot_fields(found),
                "proof_pages": {
                    item.slot: await documents.pages(tenant.slug, account.id, holder, item.slot)
                    for item in found.items
                }
                if open_now
                else {},
                "errors": errors,
                "values": {},
                "warnings": {},
                "ctx": None,
                "proof_slot_base": base,
                "proof_back": base,
                "proof_holder": f"anforderung-{found.id}",
            },
            status_code=status_code,
        )

    @get("/")
    async def show(
        self,
        request: Request[Any, Any, Any],
        tenant: Tenant,
        account: Account,
        reference: str,
        request_id: int,
    ) -> Template:
        case, found = await self._load(tenant, account, reference, request_id)
        return await self._page(request, tenant, account, case, found)

    @post("/")
    async def send(
        self,
        request: Request[Any, Any, Any],
        tenant: Tenant,
        account: Account,
        reference: str,
        request_id: int,
    ) -> Template | Redirect:
        case, found = await self._load(tenant, account, reference, request_id)
        try:
            await requests.fulfil(tenant.slug, case, account, found)
        except requests.Incomplete as exc:
            errors = {
                slot: _("Bitte fügen Sie mindestens eine Seite hinzu: {title}").format(
                    title=found.item(slot).title
                )
                for slot in exc.slots
                if found.item(slot)
            }
            return await self._page(request, tenant, account, case, found, errors, 422)
        except machine.TransitionNotAllowed:
            case, found = await self._load(tenant, account, reference, request_id)
            return await self._page(
                request,
                tenant,
                account,
                case,
                found,
                {"_": _("Diese Nachforderung ist schon erledigt. Ihre Unterlagen liegen dem Amt vor.")},
                409,
            )
        return redirect(request, f"/{tenant.slug}/vorgaenge/{case.reference}", "casework_documents_sent")

    # --- the slots' pages (JSON for capture.js, 303 for plain forms) --------------------------------------
    async def _slot(
        self, tenant: Tenant, account: Account, reference: str, request_id: int, slot: str
    ) -> tuple[Case, RequestView] | None:
        case = await cases.get_case(tenant.slug, account.id, reference[:40])
        found = await requests.get(tenant.slug, case.id, request_id) if case else None
        if case is None or found is None or found.item(slot) is None:
            return None
        return case, found

    @staticmethod
    def _not_found(request: Request[Any, Any, Any]) -> Response[Any]:
        if wants_html(request):
            raise NotFoundException()
        return error_json("not_found")

    @post("/{slot:str}", request_max_body_size=UPLOAD_BODY_LIMIT, status_code=201)
    async def upload(
        self,
        request: Request[Any, Any, Any],
        tenant: Tenant,
        account: Account,
        reference: str,
        request_id: int,
        slot: str,
    ) -> Response[Any]:
        loaded = await self._slot(tenant, account, reference, request_id, slot)
        if loaded is None:
            return self._not_found(request)
        case, found = loaded
        documents: Documents = request.app.state.documents
        html = wants_html(request)
        try:
            form = await upload_form(request, documents)
            data, key, filename = await uploaded_file(request, form, documents, slot)
            added = await documents.add_page(
                tenant.slug,
                account.id,
                requests.holder(case.id, found.id),
                slot,
                data,
                key,
                requests.MAX_PAGES,
                kind="nachforderung",
                filename=filename,
            )
        except UploadRejected as exc:
            if exc.code == "not_found" and html:
                raise NotFoundException() from None
            if html:
                target = back_url(
                    tenant, self._base(tenant, case, found), nachweis_fehler=exc.code, feld=slot
                )
                return redirect(request, target)
            return error_json(exc.code, exc.message, exc.status)
        if html:
            return redirect(
                request, back_url(tenant, self._base(tenant, case, found), nachweis="ok", feld=slot)
            )
        headers = {} if added.created else {"Idempotent-Replayed": "true"}
        return Response(
            page_json(tenant, added.page), status_code=201 if added.created else 200, headers=headers
        )

    @get("/{slot:str}")
    async def pages(
        self,
        request: Request[Any, Any, Any],
        tenant: Tenant,
        account: Account,
        reference: str,
        request_id: int,
        slot: str,
    ) -> Response[Any]:
        loaded = await self._slot(tenant, account, reference, request_id, slot)
        if loaded is None:
            return error_json("not_found")
        case, found = loaded
        documents: Documents = request.app.state.documents
        listed = await documents.pages(tenant.slug, account.id, requests.holder(case.id, found.id), slot)
        return Response([page_json(tenant, p) for p in listed])

    @post("/{slot:str}/{page_id:int}/loeschen", status_code=200)
    async def delete(
        self,
        request: Request[Any, Any, Any],
        tenant: Tenant,
        account: Account,
        reference: str,
        request_id: int,
        slot: str,
        page_id: int,
    ) -> Response[Any]:
        loaded = await self._slot(tenant, account, reference, request_id, slot)
        if loaded is None:
            return self._not_found(request)
        case, found = loaded
        documents: Documents = request.app.state.documents
        holder = requests.holder(case.id, found.id)
        if not await documents.delete_page(tenant.slug, account.id, holder, slot, page_id):
            return self._not_found(request)
        if wants_html(request):
            return redirect(
                request, back_url(tenant, self._base(tenant, case, found), nachweis="geloescht", feld=slot)
            )
        listed = await documents.pages(tenant.slug, account.id, holder, slot)
        return Response([page_json(tenant, p) for p in listed])

    @post("/{slot:str}/reihenfolge", status_code=200)
    async def reorder(
        self,
        request: Request[Any, Any, Any],
        tenant: Tenant,
        account: Account,
        reference: str,
        request_id: int,
        slot: str,
    ) -> Response[Any]:
        loaded = await self._slot(tenant, account, reference, request_id, slot)
        if loaded is None:
            return self._not_found(request)
        case, found = loaded
        documents: Documents = request.app.state.documents
        html = wants_html(request)
        base = self._base(tenant, case, found)
        try:
            order = await posted_order(request)
            listed = await documents.reorder(
                tenant.slug, account.id, requests.holder(case.id, found.id), slot, order
            )
        except UploadRejected as exc:
            if html:
                return redirect(request, back_url(tenant, base, nachweis_fehler=exc.code, feld=slot))
            return error_json(exc.code, exc.message, exc.status)
        if html:
            return redirect(request, back_url(tenant, base, nachweis="reihenfolge", feld=slot))
        return Response([page_json(tenant, p) for p in listed])
