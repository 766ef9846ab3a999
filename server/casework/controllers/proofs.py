"""The office's proof viewer. Every read is audited (document.view), the page and each image and PDF.

GET /<tenant>/sachbearbeitung/<reference>/nachweise/<document id>                   the viewer
GET /<tenant>/sachbearbeitung/<reference>/nachweise/<document id>/nachweis.pdf      all pages as one PDF
GET /<tenant>/sachbearbeitung/<reference>/nachweise/<document id>/seiten/<page id>  one photographed page
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get
from litestar.di import Provide
from litestar.exceptions import NotFoundException
from litestar.response import Template

from server.accounts.guards import provide_caseworker
from server.accounts.tables import Account
from server.audit.services import record
from server.casework import detail, requests
from server.casework.cases import StaffCase
from server.casework.controllers.common import NO_STORE_PAGE, definition_of, staff_case
from server.tenants.config import Tenant
from server.tenants.dependencies import provide_tenant
from server.web.responses import page

NO_STORE = {"Cache-Control": "private, no-store"}


async def document_viewed(
    tenant: Tenant, account: Account, staff: StaffCase, document_id: int, **details: Any
) -> None:
    await record(
        tenant.slug,
        account,
        "document.view",
        "document",
        document_id,
        staff.case.reference,
        {"document": document_id, **details},
    )


class ProofViewerController(Controller):
    path = "/{tenant_slug:str}/sachbearbeitung/{reference:str}/nachweise/{document_id:int}"
    dependencies = {"tenant": Provide(provide_tenant), "account": Provide(provide_caseworker)}
    include_in_schema = False
    # Staff pages hold families' data: never kept, not even by the service worker (sw.js skips no-store).
    cache_control = NO_STORE_PAGE

    @get("/")
    async def viewer(
        self,
        request: Request[Any, Any, Any],
        tenant: Tenant,
        account: Account,
        reference: str,
        document_id: int,
    ) -> Template:
        staff = await staff_case(tenant, reference)
        pages = await request.app.state.documents.case_pages(tenant.slug, staff.case.id, document_id)
        if not pages:
            raise NotFoundException()
        definition = definition_of(request, staff.case.service)
        all_requests = await requests.requests_of(tenant.slug, staff.case.id)
        proof = next(
            (
                p
                for p in await detail.proofs(tenant.slug, staff.case, definition, all_requests)
                if p.id == document_id
            ),
            None,
        )
        await document_viewed(tenant, account, staff, document_id, view="viewer")
        return page(
            request,
            "casework/proof.html",
            {"staff": staff, "case": staff.case, "proof": proof, "pages": pages, "document_id": document_id},
        )

    @get("/nachweis.pdf")
    async def pdf(
        self,
        request: Request[Any, Any, Any],
        tenant: Tenant,
        account: Account,
        reference: str,
        document_id: int,
    ) -> Response[bytes]:
        staff = await staff_case(tenant, reference)
        body = await request.app.state.documents.proof_pdf(
            tenant.slug, document_id, f"{staff.case.reference} – Nachweis", application_id=staff.case.id
        )
        if body is None:
            raise NotFoundException()
        await document_viewed(tenant, account, staff, document_id, view="pdf")
        return Response(
            body,
            media_type="application/pdf",
            headers={
                "Content-Disposition": f'inline; filename="{staff.case.reference}-nachweis-{document_id}.pdf"',
                **NO_STORE,
            },
        )

    @get("/seiten/{page_id:int}")
    async def page_image(
        self,
        request: Request[Any, Any, Any],
        tenant: Tenant,
        account: Account,
        reference: str,
        document_id: int,
        page_id: int,
    ) -> Response[bytes]:
        staff = await staff_case(tenant, reference)
        pages = await request.app.state.documents.case_pages(tenant.slug, staff.case.id, document_id)
        if not any(p.id == page_id and p.mime.startswith("image/") for p in pages):
            raise NotFoundException()
        found = await request.app.state.documents.case_page_file(tenant.slug, staff.case.id, page_id)
        if found is None:
            raise NotFoundException()
        mime, body = found
        await document_viewed(tenant, account, staff, document_id, page=page_id)
        return Response(body, media_type=mime, headers={"Content-Disposition": "inline", **NO_STORE})
