"""Shared by the application controllers: the service of a URL, raw form values, page data for offline use."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import msgspec
from litestar import Request
from litestar.exceptions import NotFoundException

from server.applications.conditions import RawValue
from server.applications.context import Context
from server.applications.definitions import ServiceDefinition
from server.applications.engine import client_definition, field_ids, owner_field
from server.applications.registry import Catalogue
from server.tenants.config import Tenant
from server.text import without_controls

LIST_TYPES = {"multichoice", "facility_ranking"}


def catalogue(request: Request[Any, Any, Any]) -> Catalogue:
    return request.app.state.catalogue


def enabled_services(request: Request[Any, Any, Any], tenant: Tenant) -> list[ServiceDefinition]:
    services = catalogue(request)
    return [d for service_id in tenant.services if (d := services.get(service_id)) is not None]


def definition_for(request: Request[Any, Any, Any], tenant: Tenant, service: str) -> ServiceDefinition:
    """The service of this URL, if this municipality offers it (otherwise 404)."""
    definition = catalogue(request).get(service)
    if definition is None or service not in tenant.services:
        raise NotFoundException()
    return definition


def list_keys(definition: ServiceDefinition) -> set[str]:
    """Raw keys that hold several values (checkbox groups, the ranking and its sibling ticks)."""
    keys: set[str] = set()
    for _step, field in definition.fields():
        if field.type in LIST_TYPES:
            keys |= {field.id, f"{field.id}-sibling"}
    return keys


async def posted_values(
    request: Request[Any, Any, Any], definition: ServiceDefinition
) -> dict[str, RawValue]:
    """The form's values that belong to the definition's fields, lists where a field has several."""
    form = await request.form()
    ids = field_ids(definition)
    many = list_keys(definition)
    values: dict[str, RawValue] = {}
    for key in form:
        if not isinstance(key, str) or owner_field(key, ids) is None:
            continue
        if key in many:
            values[key] = [
                without_controls(v).strip()[:4000] for v in form.getall(key) if isinstance(v, str)
            ][:60]
        else:
            value = form.get(key)
            if isinstance(value, str):
                values[key] = without_controls(value).strip()[:4000]
    return values


async def form_meta(request: Request[Any, Any, Any]) -> dict[str, str]:
    """The engine's own form fields (version, action), which start with an underscore."""
    form = await request.form()
    return {k: v for k, v in form.items() if isinstance(k, str) and k.startswith("_") and isinstance(v, str)}


def parse_version(raw: str | None) -> int | None:
    if raw is None or not raw.isascii() or not raw.isdigit() or len(raw) > 9:
        return None
    return int(raw)


def offline_tag(ctx: Context) -> str:
    """Changes whenever the household or the Merkliste changes: the offline template pages show both."""
    seen = msgspec.json.encode([ctx.household, [f.id for f in ctx.favourites], ctx.tenant.version])
    return hashlib.sha256(seen).hexdigest()[:16]


def offline_pages(tenant_slug: str, definition: ServiceDefinition) -> list[str]:
    from server.applications.drafts import TEMPLATE_UUID

    template = f"/{tenant_slug}/antraege/{definition.id}/{TEMPLATE_UUID}"
    return [
        f"/{tenant_slug}/antraege/{definition.id}",
        f"{template}/",
        *(f"{template}/{s.id}" for s in definition.steps),
    ]


def page_data(
    definition: ServiceDefinition,
    ctx: Context,
    uuid: str,
    version: int,
    values: dict[str, RawValue],
    *,
    template: bool,
    step: str = "",
) -> str:
    """What drafts.js needs on a page (also when the page comes from the offline cache): the draft as the
    server knows it, the step order and conditions, and what conditions may ask about the household."""
    facts = ctx.facts()
    data = {
        "uuid": uuid,
        "service": definition.id,
        "tenant": ctx.tenant.slug,
        "version": version,
        "values": values,
        "template": template,
        "step": step,
        "definition": client_definition(definition),
        "facts": {
            "today": facts.today.isoformat(),
            "children": {k: v.isoformat() for k, v in facts.children.items()},
        },
        "facilities": {
            str(f.id): {"name": f.name, "kind": f.kind, "district": f.district}
            for f in ctx.facilities.values()
        },
        # The service's blank pages, kept by the service worker so this draft can go on offline, and a tag
        # that changes when what they show (household, Merkliste) changes, so they are fetched again.
        "offline": offline_pages(ctx.tenant.slug, definition),
        "offline_tag": offline_tag(ctx),
    }
    return json.dumps(data, ensure_ascii=False)
