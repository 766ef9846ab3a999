"""Who is logged in, for which tenant, in which role."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from litestar import Request
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException

from server.accounts.services import PARENT, get_account
from server.accounts.tables import Account
from server.tenants.config import Tenant


class LoginRequired(NotAuthorizedException):
    """Raised for a page that needs a login; answered with a redirect to the tenant's login page."""

    def __init__(self, tenant: Tenant, next_path: str) -> None:
        super().__init__(detail="login required")
        self.login_url = f"/{tenant.slug}/anmelden?weiter={quote(next_path, safe='/')}"


async def provide_account(request: Request[Any, Any, Any], tenant: Tenant) -> Account:
    """The logged-in account of *this* tenant; a session of another tenant does not count here."""
    session = request.state.get("session")
    account = None
    if session is not None and session.tenant == tenant.slug:
        account = await get_account(tenant.slug, session.account_id)
    if account is None or not account.active:
        raise LoginRequired(tenant, request.url.path)
    request.state.account = account
    return account


async def provide_parent(request: Request[Any, Any, Any], tenant: Tenant) -> Account:
    account = await provide_account(request, tenant)
    if account.role != PARENT:
        raise PermissionDeniedException(detail="parents only")
    return account


CASEWORKERS = ("caseworker", "admin")


async def provide_caseworker(request: Request[Any, Any, Any], tenant: Tenant) -> Account:
    """Staff of the youth office who work cases (admins may too)."""
    account = await provide_account(request, tenant)
    if account.role not in CASEWORKERS:
        raise PermissionDeniedException(detail="caseworkers only")
    return account


async def provide_provider(request: Request[Any, Any, Any], tenant: Tenant) -> Account:
    """Staff of a Kita provider (Träger): sees only its own facilities' data."""
    account = await provide_account(request, tenant)
    if account.role != "provider":
        raise PermissionDeniedException(detail="providers only")
    return account


async def provide_admin(request: Request[Any, Any, Any], tenant: Tenant) -> Account:
    account = await provide_account(request, tenant)
    if account.role != "admin":
        raise PermissionDeniedException(detail="admins only")
    return account


async def provide_optional_account(request: Request[Any, Any, Any], tenant: Tenant) -> Account | None:
    try:
        return await provide_account(request, tenant)
    except LoginRequired:
        return None


def safe_next(tenant: Tenant, value: str | None) -> str:
    """Only a path inside this tenant is a valid target after login (no open redirect)."""
    default = f"/{tenant.slug}/uebersicht"
    if not value or not value.startswith(f"/{tenant.slug}/") or "//" in value or "\\" in value:
        return default
    return value
