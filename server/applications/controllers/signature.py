"""The written form on the parent's side: the pre-filled signature page to download, and (with the
paper mode) the signed page photographed back into the case."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get
from litestar.di import Provide
from litestar.exceptions import NotFoundException

from server.accounts.guards import provide_parent
from server.accounts.tables import Account
from server.applications import cases, consent
from server.applications.controllers.cases import extend_case_page
from server.applications.controllers.common import catalogue
from server.applications.controllers.pages import links
from server.applications.signature import SIGNATURE_MODES, signature_page_pdf
from server.tenants.config import Tenant
from server.tenants.dependencies import provide_tenant


@extend_case_page
async def signature_on_case_page(
    request: Request[Any, Any, Any], tenant: Tenant, case: Any
) -> dict[str, Any]:
    definition = catalogue(request).get(case.service)
    if definition is None or not definition.signature or case.status != "awaiting_signature":
        return {}
    return {
        "signature_mode": SIGNATURE_MODES[definition.signature],
        "signature_instructions": SIGNATURE_MODES[definition.signature].instructions(definition),
        "case_parts": ["applications/_signature.html"],
    }


class SignatureController(Controller):
    path = "/{tenant_slug:str}/vorgaenge/{reference:str}/unterschrift"
    dependencies = {"tenant": Provide(provide_tenant), "account": Provide(provide_parent)}
    include_in_schema = False

    @get("/seite.pdf")
    async def signature_page(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account, reference: str
    ) -> Response[bytes]:
        case = await cases.get_case(tenant.slug, account.id, reference[:40])
        definition = catalogue(request).get(case.service) if case else None
        if case is None or definition is None or not definition.signature:
            raise NotFoundException()
        signers = [account.email]
        state = await consent.of_application(tenant.slug, case.id)
        if state is not None and state.status == "agreed":
            signers.append(state.answered_by_email or state.email)
        body = signature_page_pdf(
            tenant,
            definition,
            case,
            links(request, tenant).status_url.format(reference=case.reference),
            signers,
        )
        return Response(
            body,
            media_type="application/pdf",
            headers={
                "Content-Disposition": f'inline; filename="{case.reference}-Unterschrift.pdf"',
                "Cache-Control": "private, no-cache",
            },
        )
