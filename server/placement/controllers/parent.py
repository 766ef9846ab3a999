"""The parent's side of an offer: /<tenant>/vorgaenge/<reference>/angebot/<offer id> (owner only) with
"Platz annehmen" and "Angebot ablehnen", each behind a confirmation page (declining warns about the legal
claim)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import Provide
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Template

from server.accounts.guards import provide_parent
from server.accounts.tables import Account
from server.applications import cases
from server.notifications.after_response import deliver_after
from server.placement import offers
from server.placement import views as offer_views
from server.placement.controllers.common import links
from server.placement.controllers.provider import HELPERS
from server.tenants.config import Tenant
from server.tenants.dependencies import provide_tenant
from server.web.responses import page, redirect

# URL answer: (event, flash key)
ANSWERS = {"annehmen": ("accept", "offer_accepted"), "ablehnen": ("decline", "offer_declined")}


class ParentOfferController(Controller):
    path = "/{tenant_slug:str}/vorgaenge/{reference:str}/angebot"
    dependencies = {"tenant": Provide(provide_tenant), "account": Provide(provide_parent)}
    include_in_schema = False

    async def _offer(
        self, tenant: Tenant, account: Account, reference: str, offer_id: int
    ) -> tuple[cases.Case, offer_views.OfferSummary]:
        case = await cases.get_case(tenant.slug, account.id, reference[:40])
        found = await offer_views.get_offer(tenant.slug, offer_id) if case else None
        if (
            case is None
            or found is None
            or found.account != account.id
            or case.id not in {c.application for c in found.children}
        ):
            raise NotFoundException()
        return case, found

    async def _context(
        self, tenant: Tenant, case: cases.Case, offer: offer_views.OfferSummary
    ) -> dict[str, Any]:
        return {
            "p": HELPERS,
            "case": case,
            "offer": offer,
            "facility": await offer_views.facility_contact(tenant.slug, offer.facility),
            "wishes": await offer_views.family_wishes(tenant.slug, offer),
        }

    @get("/{offer_id:int}", name="parent_offer")
    async def detail(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account, reference: str, offer_id: int
    ) -> Template:
        case, offer = await self._offer(tenant, account, reference, offer_id)
        return page(request, "placement/offer.html", await self._context(tenant, case, offer))

    @get("/{offer_id:int}/{answer:str}")
    async def confirm(
        self,
        request: Request[Any, Any, Any],
        tenant: Tenant,
        account: Account,
        reference: str,
        offer_id: int,
        answer: str,
    ) -> Template:
        if answer not in ANSWERS:
            raise NotFoundException()
        case, offer = await self._offer(tenant, account, reference, offer_id)
        context = await self._context(tenant, case, offer)
        return page(request, "placement/offer_confirm.html", {**context, "answer": answer})

    @post("/{offer_id:int}/{answer:str}")
    async def answer(
        self,
        request: Request[Any, Any, Any],
        tenant: Tenant,
        account: Account,
        reference: str,
        offer_id: int,
        answer: str,
    ) -> Template | Redirect:
        if answer not in ANSWERS:
            raise NotFoundException()
        case, offer = await self._offer(tenant, account, reference, offer_id)
        event, flash_key = ANSWERS[answer]
        try:
            outcome = await offers.close_offer(
                tenant.slug,
                offer.id,
                event,
                account,
                links(request, tenant),
                parent_id=account.id,  # type: ignore[arg-type]
            )
        except offers.OfferProblem as exc:
            if exc.code == "unknown":
                raise NotFoundException() from exc
            case, fresh = await self._offer(tenant, account, reference, offer_id)
            context = await self._context(tenant, case, fresh)
            context["problem"] = offers.PROBLEMS.get(exc.code, offers.PROBLEMS["changed"])
            return page(request, "placement/offer.html", context, status_code=409)
        return redirect(
            request,
            f"/{tenant.slug}/vorgaenge/{case.reference}/angebot/{offer.id}",
            flash_key,
            deliver_after(request, *outcome.mail_ids),
        )
