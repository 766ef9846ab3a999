from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.exceptions import NotFoundException

from server.tenants.config import Tenant


class UnknownTenant(NotFoundException):
    """The first path segment names no municipality of this installation."""


async def provide_tenant(request: Request[Any, Any, Any], tenant_slug: str) -> Tenant:
    tenant = request.app.state.tenants.get(tenant_slug)
    if tenant is None:
        raise UnknownTenant(detail=tenant_slug)
    request.state.tenant = tenant
    return tenant
