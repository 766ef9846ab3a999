"""What the parent's case page shows of casework: which office works the case and when it last did, open
document requests with their deadline (and whether it passed), and the Bescheid once it is there.

Registered with the case page (server.applications.controllers.cases.extend_case_page); the template part
is rendered inside the page's self-refreshing status block.
"""

from __future__ import annotations

from typing import Any

from litestar import Request

from server.applications.cases import Case
from server.audit.services import last_office_activity
from server.casework import requests
from server.casework.decisions import decision_of
from server.tenants.config import Tenant

PART = "casework/_parent_case.html"


async def case_extension(request: Request[Any, Any, Any], tenant: Tenant, case: Case) -> dict[str, Any]:
    waiting = {"documents_requested": "documents", "awaiting_signature": requests.SIGNATURE}.get(case.status)
    open_requests = [
        r for r in await requests.requests_of(tenant.slug, case.id) if r.is_open and r.kind == waiting
    ]
    return {
        "status_parts": [PART],
        "office_activity": await last_office_activity(tenant.slug, case.reference),
        "open_requests": open_requests,
        "decision": await decision_of(tenant.slug, case.id),
    }
