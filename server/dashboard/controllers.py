from __future__ import annotations

import datetime as dt
import json
from typing import Any

from litestar import Controller, Request, get
from litestar.di import Provide
from litestar.response import Template

from server.accounts.guards import provide_account
from server.accounts.services import PARENT
from server.accounts.tables import Account
from server.applications import cases, drafts
from server.applications import status as machine
from server.applications.controllers.common import offline_pages as service_offline_pages
from server.applications.controllers.common import offline_tag
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


async def dashboard_offline_tag(tenant: Tenant, account: Account) -> str:
    from server.applications.context import Context
    from server.applications.services import favourites, household_snapshot

    ctx = Context(
        tenant=tenant,
        today=dt.date.today(),
        household=await household_snapshot(tenant.slug, account),
        favourites=await favourites(tenant.slug, account.id),
    )
    return offline_tag(ctx)


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
        services = request.app.state.catalogue
        own_drafts = [
            {"draft": d, "definition": services.get(d.service)}
            for d in await drafts.list_drafts(tenant.slug, account.id)
            if services.get(d.service) is not None
        ]
        own_cases = [
            {"case": c, "definition": services.get(c.service), "info": machine.info(c.status)}
            for c in await cases.list_cases(tenant.slug, account.id)
        ]
        offered = [services.get(s) for s in tenant.services if services.get(s) is not None]
        # Pages the service worker keeps so a parent can start or continue any service offline.
        offline_pages = [f"/{tenant.slug}/uebersicht", f"/{tenant.slug}/antraege/"]
        for definition in offered:
            offline_pages += service_offline_pages(tenant.slug, definition)
        return page(
            request,
            "dashboard/parent.html",
            {
                **data,
                "drafts": own_drafts,
                "cases": own_cases,
                "services": offered,
                "offline_pages": json.dumps(
                    {"urls": offline_pages, "tag": await dashboard_offline_tag(tenant, account)}
                ),
            },
        )
