from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get
from litestar.di import Provide
from litestar.response import Template

from server.accounts.guards import provide_account
from server.accounts.services import PARENT
from server.accounts.tables import Account
from server.households import services as households
from server.tenants.config import Tenant
from server.tenants.dependencies import provide_tenant
from server.web.i18n import _
from server.web.responses import page

ROLE_NAMES = {
    "caseworker": _("Sachbearbeitung"),
    "provider": _("Träger / Kita"),
    "admin": _("Administration"),
}


class DashboardController(Controller):
    path = "/{tenant_slug:str}/uebersicht"
    dependencies = {"tenant": Provide(provide_tenant), "account": Provide(provide_account)}
    include_in_schema = False

    @get("/", name="dashboard")
    async def dashboard(self, request: Request[Any, Any, Any], tenant: Tenant, account: Account) -> Template:
        if account.role != PARENT:
            return page(
                request, "dashboard/staff.html", {"role_name": ROLE_NAMES.get(account.role, account.role)}
            )
        data = await households.overview(tenant.slug, account.id)
        return page(request, "dashboard/parent.html", data)
