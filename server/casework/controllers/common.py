"""Shared by the casework controllers: the staff case of the URL (404 for another tenant's), links for
the mail notices, mail delivery after the response, and the audit of what a page showed."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.datastructures import CacheControlHeader
from litestar.exceptions import NotFoundException

from server.accounts.tables import Account
from server.applications.definitions import ServiceDefinition
from server.audit.services import record
from server.casework import cases
from server.casework.cases import StaffCase
from server.casework.requests import Links
from server.notifications.after_response import public_base_url
from server.tenants.config import Tenant
from server.web.i18n import _

NO_STORE_PAGE = CacheControlHeader(no_store=True, private=True)


def links(request: Request[Any, Any, Any], tenant: Tenant) -> Links:
    base = public_base_url(request)
    return Links(
        portal_name=_("Familienportal {name}").format(name=tenant.name),
        mailbox_url=f"{base}/{tenant.slug}/postfach/",
    )


def definition_of(request: Request[Any, Any, Any], service: str) -> ServiceDefinition | None:
    return request.app.state.catalogue.get(service)


async def staff_case(tenant: Tenant, reference: str) -> StaffCase:
    found = await cases.find(tenant.slug, reference)
    if found is None:
        raise NotFoundException()
    return found


async def viewed(tenant: Tenant, account: Account, staff: StaffCase, page: str) -> None:
    """Audit that a staff member saw the case's data (which page, no data itself)."""
    await record(
        tenant.slug,
        account,
        "application.view",
        "application",
        staff.case.id,
        staff.case.reference,
        {"page": page},
    )


def case_url(tenant: Tenant, reference: str, suffix: str = "") -> str:
    return f"/{tenant.slug}/sachbearbeitung/{reference}{suffix}"
