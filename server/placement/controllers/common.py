"""Shared by the placement controllers: links for the mail notices, mail delivery after the response, the
tenant's placement settings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from litestar import Request
from litestar.background_tasks import BackgroundTask

from server.placement.config import PlacementConfig, local_today, placement_config
from server.placement.messages import Links
from server.tenants.config import Tenant
from server.web.i18n import _


def links(request: Request[Any, Any, Any], tenant: Tenant) -> Links:
    base = request.app.state.settings.base_url or str(request.base_url).rstrip("/")
    return Links(portal_name=_("Familienportal {name}").format(name=tenant.name), base=base)


def config(tenant: Tenant) -> PlacementConfig:
    return placement_config(tenant.settings)


def deliver(request: Request[Any, Any, Any], mail_ids: Sequence[int]) -> BackgroundTask | None:
    if not mail_ids:
        return None
    delivery = request.app.state.mail_delivery

    async def send() -> None:
        for mail_id in mail_ids:
            await delivery.deliver(mail_id)

    return BackgroundTask(send)


def today() -> dt.date:
    """Today in the municipality's calendar (Europe/Berlin)."""
    return local_today()
