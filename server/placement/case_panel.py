"""The placement part of a Kita case page: the wishes with their state and any open offer (a case page
extension of server.applications)."""

from __future__ import annotations

from typing import Any

from litestar import Request

from server.applications.cases import Case
from server.applications.controllers.cases import extend_case_page
from server.placement.reservations import for_application, open_offers_for
from server.tenants.config import Tenant


@extend_case_page
async def case_panel(request: Request[Any, Any, Any], tenant: Tenant, case: Case) -> dict[str, Any]:
    if case.flow != "kita":
        return {}
    return {
        "placement": {
            "wishes": await for_application(tenant.slug, case.id),
            "open_offers": await open_offers_for(tenant.slug, case.id),
        },
        "status_parts": ["placement/_case_panel.html"],
    }
