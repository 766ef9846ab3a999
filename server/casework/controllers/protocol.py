"""The admins' audit search: who saw or changed what, when. Searching is itself audited (audit.search,
with the names of the filters used, not the searched e-mail address; no case reference on the event, so a
search is never shown to a parent as work on their case).

    GET /<tenant>/verwaltung/protokoll?email=…&aktion=…&aktenzeichen=…&von=2026-01-01&bis=2026-01-31
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from litestar import Controller, Request, get
from litestar.di import Provide
from litestar.response import Template

from server.accounts.guards import provide_admin
from server.accounts.tables import Account
from server.audit.services import ACTIONS, record, search
from server.casework.controllers.common import NO_STORE_PAGE
from server.tenants.config import Tenant
from server.tenants.dependencies import provide_tenant
from server.web.forms import EMAIL
from server.web.i18n import _
from server.web.responses import page

LIMIT = 200
FIELDS = ("email", "aktion", "aktenzeichen", "von", "bis")


def _date(raw: str, name: str, errors: dict[str, str]) -> dt.date | None:
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        errors[name] = _("Bitte geben Sie ein Datum an, zum Beispiel 2026-03-31.")
        return None


class ProtocolController(Controller):
    path = "/{tenant_slug:str}/verwaltung/protokoll"
    dependencies = {"tenant": Provide(provide_tenant), "account": Provide(provide_admin)}
    include_in_schema = False
    # Staff pages hold families' data: never kept, not even by the service worker (sw.js skips no-store).
    cache_control = NO_STORE_PAGE

    @get("/", name="audit_protocol")
    async def protocol(self, request: Request[Any, Any, Any], tenant: Tenant, account: Account) -> Template:
        values = {k: str(request.query_params.get(k, "")).strip()[:254] for k in FIELDS}
        errors: dict[str, str] = {}
        email = values["email"].lower()
        if email and not EMAIL.match(email):
            errors["email"] = _("Bitte geben Sie eine E-Mail-Adresse im Format name@beispiel.de ein.")
        action = values["aktion"]
        if action and action not in ACTIONS:
            errors["aktion"] = _("Diese Aktion gibt es nicht.")
        reference = values["aktenzeichen"].upper()[:32]
        since = _date(values["von"], "von", errors)
        until = _date(values["bis"], "bis", errors)
        if since and until and until < since:
            errors["bis"] = _("Das Ende des Zeitraums muss nach dem Beginn liegen.")
        entries = []
        if not errors:
            entries = await search(
                tenant.slug,
                actor_email=email,
                action=action,
                reference=reference,
                since=since,
                until=until,
                limit=LIMIT,
            )
        await record(
            tenant.slug,
            account,
            "audit.search",
            "audit",
            None,
            "",
            {
                "filters": [k for k in FIELDS if values[k]],
                "action": action if action in ACTIONS else "",
                "reference": reference,
                "results": len(entries),
            },
        )
        return page(
            request,
            "casework/protocol.html",
            {
                "values": values,
                "errors": errors,
                "entries": entries,
                "actions": ACTIONS,
                "limited": len(entries) >= LIMIT,
                "searched": any(values.values()),
            },
            status_code=422 if errors else 200,
        )
