"""Shared by the placement controllers: links for the mail notices and the tenant's placement settings."""

from __future__ import annotations

import datetime as dt
from typing import Any

from litestar import Request

from server.notifications.after_response import public_base_url
from server.placement.config import PlacementConfig, local_today, placement_config
from server.placement.messages import Links
from server.tenants.config import Tenant
from server.web.i18n import _


def links(request: Request[Any, Any, Any], tenant: Tenant) -> Links:
    base = public_base_url(request)
    return Links(portal_name=_("Familienportal {name}").format(name=tenant.name), base=base)


def config(tenant: Tenant) -> PlacementConfig:
    return placement_config(tenant.settings)


def today() -> dt.date:
    """Today in the municipality's calendar (Europe/Berlin)."""
    return local_today()
