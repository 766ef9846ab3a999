"""A provider's offer: its state, the family's contact data once the parent accepted, taking an open offer
back, and after acceptance "Betreuungsvertrag geschlossen" or "kein Vertrag" (each with a confirmation)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import Provide
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Template

from server.accounts.guards import provide_provider
from server.accounts.tables import Account
from server.audit.services import record
from server.notifications.after_response import deliver_after
from server.placement import offers, providers
from server.placement import views as offer_views
from server.placement.controllers.common import links
from server.placement.controllers.provider import HELPERS
from server.tenants.config import Tenant
from server.tenants.dependencies import provide_tenant
from server.web.i18n import _
from server.web.responses import page, redirect

# URL action: (event, flash key, confirmation question, explanation, button, button style)
ACTIONS: dict[str, tuple[str, str, str, str, str, str]] = {
    "zuruecknehmen": (
        "withdraw",
        "offer_withdrawn",
        _("Angebot zurücknehmen?"),
        _("Die Familie erhält eine Nachricht. Die Vormerkungen des Kindes sind danach wieder aktiv."),
        _("Ja, Angebot zurücknehmen"),
        "button--warning",
    ),
    "vertrag": (
        "contract",
        "contract_saved",
        _("Betreuungsvertrag geschlossen?"),
        _(
            "Vermerken Sie das erst, wenn der Vertrag unterschrieben ist. Die Bedarfsanzeige ist damit erledigt."
        ),
        _("Ja, Betreuungsvertrag geschlossen"),
        "",
    ),
    "kein-vertrag": (
        "no_contract",
        "no_contract_saved",
        _("Kein Betreuungsvertrag?"),
        _(
            "Wenn kein Vertrag zustande kommt, gibt das Portal den Platz frei, und die übrigen Wünsche des "
            "Kindes sind wieder vorgemerkt."
        ),
        _("Ja, kein Vertrag"),
        "button--warning",
    ),
}


class ProviderOfferController(Controller):
    path = "/{tenant_slug:str}/traeger/angebote"
    dependencies = {"tenant": Provide(provide_tenant), "account": Provide(provide_provider)}
    include_in_schema = False

    async def _offer(
        self, tenant: Tenant, account: Account, offer_id: int
    ) -> tuple[offer_views.OfferSummary, providers.OwnFacility]:
        found = await offer_views.get_offer(tenant.slug, offer_id)
        own = await providers.own_facility(tenant.slug, account.id, found.facility) if found else None
        if found is None or own is None:
            raise NotFoundException()
        return found, own

    async def _context(
        self, tenant: Tenant, account: Account, offer: offer_views.OfferSummary
    ) -> dict[str, Any]:
        contact = None
        if offer.status == "accepted":
            # Contact data only once the parent accepted this offer; reading it is audited.
            contact = await offer_views.family_contact(tenant.slug, offer)
            for child in offer.children:
                await record(tenant.slug, account, "offer.view", "offer", offer.id, child.reference)
        return {"p": HELPERS, "offer": offer, "contact": contact, "actions": ACTIONS}

    @get("/{offer_id:int}", name="provider_offer")
    async def detail(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account, offer_id: int
    ) -> Template:
        offer, own = await self._offer(tenant, account, offer_id)
        context = await self._context(tenant, account, offer)
        return page(request, "placement/provider_offer.html", {**context, "facility": own})

    @get("/{offer_id:int}/{action:str}")
    async def confirm(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account, offer_id: int, action: str
    ) -> Template:
        if action not in ACTIONS:
            raise NotFoundException()
        offer, own = await self._offer(tenant, account, offer_id)
        return page(
            request,
            "placement/provider_confirm.html",
            {"p": HELPERS, "offer": offer, "facility": own, "action": action, "texts": ACTIONS[action]},
        )

    @post("/{offer_id:int}/{action:str}")
    async def act(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account, offer_id: int, action: str
    ) -> Template | Redirect:
        if action not in ACTIONS:
            raise NotFoundException()
        offer, own = await self._offer(tenant, account, offer_id)
        event, flash_key = ACTIONS[action][0], ACTIONS[action][1]
        try:
            outcome = await offers.close_offer(
                tenant.slug,
                offer.id,
                event,
                account,
                links(request, tenant),
                facility_ids=[own.id],  # type: ignore[arg-type]
            )
        except offers.OfferProblem as exc:
            if exc.code == "unknown":
                raise NotFoundException() from exc
            fresh, _own = await self._offer(tenant, account, offer_id)
            context = await self._context(tenant, account, fresh)
            context["problem"] = offers.PROBLEMS.get(exc.code, offers.PROBLEMS["changed"])
            return page(
                request, "placement/provider_offer.html", {**context, "facility": own}, status_code=409
            )
        return redirect(
            request,
            f"/{tenant.slug}/traeger/angebote/{offer.id}",
            flash_key,
            deliver_after(request, *outcome.mail_ids),
        )
