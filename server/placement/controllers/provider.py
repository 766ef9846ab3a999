"""Provider (Träger) pages under /<tenant>/traeger/: the provider's facilities, their reservations (only the
data the allocation needs), making an offer, the facility data the provider keeps and its free places.
Another provider's facility answers 404, like one that does not exist."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import Provide
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Template
from piccolo.query.functions.aggregate import Count

from server.accounts.guards import provide_provider
from server.accounts.tables import Account
from server.audit.services import record
from server.dates import month_label
from server.facilities.query import month_value
from server.facilities.schemas import CONCEPT_TAGS
from server.facilities.tables import Facility
from server.facilities.views import date_de
from server.notifications.after_response import deliver_after
from server.placement import forms, offers, providers
from server.placement import views as offer_views
from server.placement.controllers.common import config, links, today
from server.placement.reservations import Candidate, candidates
from server.placement.rules import OFFERABLE
from server.placement.tables import Offer, Reservation
from server.tenants.config import Tenant
from server.tenants.dependencies import provide_tenant
from server.web.forms import Form, read_form
from server.web.responses import page, redirect

HELPERS = {
    "month_label": month_label,
    "date_de": date_de,
    "age_text": offer_views.age_text,
    "age_groups": offer_views.AGE_GROUP_LABELS,
}


async def _counts(tenant: str, facility_ids: list[int]) -> dict[int, dict[str, int]]:
    counts: dict[int, dict[str, int]] = {
        fid: {"reservations": 0, "open": 0, "accepted": 0} for fid in facility_ids
    }
    if not facility_ids:
        return counts
    waiting = await (
        Reservation.select(Reservation.facility, Count(alias="n"))
        .where(
            (Reservation.tenant == tenant)
            & Reservation.facility.is_in(facility_ids)
            & (Reservation.status == "active")
            & Reservation.application.status.is_in(list(OFFERABLE))
        )
        .group_by(Reservation.facility)
    )
    for row in waiting:
        counts[row["facility"]]["reservations"] = row["n"]
    for status, key in (("open", "open"), ("accepted", "accepted")):
        rows = await (
            Offer.select(Offer.facility, Count(alias="n"))
            .where(
                (Offer.tenant == tenant)
                & Offer.facility.is_in(facility_ids)
                & (Offer.status == status)
                & (Offer.contract == "")
            )
            .group_by(Offer.facility)
        )
        for row in rows:
            counts[row["facility"]][key] = row["n"]
    return counts


def _ids(values: list[Any]) -> list[int]:
    """Reservation ids from a query or form (at most a few: one offer is for one child or its siblings)."""
    return [int(v) for v in values if isinstance(v, str) and v.isascii() and v.isdigit() and len(v) < 10][:6]


class ProviderController(Controller):
    path = "/{tenant_slug:str}/traeger"
    dependencies = {"tenant": Provide(provide_tenant), "account": Provide(provide_provider)}
    include_in_schema = False

    async def _facility(self, tenant: Tenant, account: Account, facility_id: int) -> providers.OwnFacility:
        found = await providers.own_facility(tenant.slug, account.id, facility_id)
        if found is None:
            raise NotFoundException()
        return found

    def _page(
        self, request: Request[Any, Any, Any], template: str, context: dict[str, Any], **kw: Any
    ) -> Template:
        return page(request, f"placement/{template}", {"p": HELPERS, **context}, **kw)

    @get("/", name="provider_home")
    async def home(self, request: Request[Any, Any, Any], tenant: Tenant, account: Account) -> Template:
        own = await providers.facilities_of(tenant.slug, account.id)
        counts = await _counts(tenant.slug, [f.id for f in own])
        return self._page(request, "provider_home.html", {"facilities": own, "counts": counts})

    @get("/einrichtungen/{facility_id:int}", name="provider_facility")
    async def facility(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account, facility_id: int
    ) -> Template:
        own = await self._facility(tenant, account, facility_id)
        counts = (await _counts(tenant.slug, [own.id]))[own.id]
        return self._page(request, "provider_facility.html", {"facility": own, "counts": counts})

    # --- reservations and offers ----------------------------------------------------------------------

    @get("/einrichtungen/{facility_id:int}/vormerkungen", name="provider_reservations")
    async def reservations(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account, facility_id: int
    ) -> Template:
        own = await self._facility(tenant, account, facility_id)
        found = await candidates(tenant.slug, own.id, config(tenant).points)
        # Staff reading personal data is audited (one event for the list, naming the reservations).
        if found:
            await record(
                tenant.slug,
                account,
                "reservation.view",
                "facility",
                own.id,
                "",
                {"reservations": [c.id for c in found]},
            )
        groups = {g: [c for c in found if c.age_group == g] for g in ("u3", "ue3")}
        return self._page(
            request, "reservations.html", {"facility": own, "groups": groups, "total": len(found)}
        )

    async def _chosen(self, tenant: Tenant, own: providers.OwnFacility, ids: list[int]) -> list[Candidate]:
        found = {c.id: c for c in await candidates(tenant.slug, own.id, config(tenant).points)}
        chosen = [found[i] for i in dict.fromkeys(ids) if i in found]
        if not chosen or len(chosen) != len(set(ids)):
            raise NotFoundException()
        return chosen

    @get("/einrichtungen/{facility_id:int}/angebot", name="provider_offer_form")
    async def offer_form(
        self,
        request: Request[Any, Any, Any],
        tenant: Tenant,
        account: Account,
        facility_id: int,
    ) -> Template:
        own = await self._facility(tenant, account, facility_id)
        chosen = await self._chosen(tenant, own, _ids(request.query_params.getall("vormerkung", [])))
        first = chosen[0]
        form = Form(forms.offer_defaults(first.start, first.hours, own, config(tenant), today()))
        return self._offer_page(request, own, chosen, form)

    def _offer_page(
        self,
        request: Request[Any, Any, Any],
        own: providers.OwnFacility,
        chosen: list[Candidate],
        form: Form,
        status_code: int = 200,
        problem: str = "",
    ) -> Template:
        months = [(month_value(m), month_label(m)) for m in forms.offer_months(today())]
        hours = [(str(h), str(h)) for h in forms.hour_choices(own)]
        return self._page(
            request,
            "offer_form.html",
            {
                "facility": own,
                "chosen": chosen,
                "form": form,
                "months": months,
                "hours": hours,
                "problem": problem,
            },
            status_code=status_code,
        )

    @post("/einrichtungen/{facility_id:int}/angebot")
    async def make_offer(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account, facility_id: int
    ) -> Template | Redirect:
        own = await self._facility(tenant, account, facility_id)
        raw = await request.form()
        ids = _ids(raw.getall("vormerkung") if "vormerkung" in raw else [])
        chosen = await self._chosen(tenant, own, ids)
        form = await read_form(request)
        start, hours, deadline = forms.parse_offer(form, own, config(tenant), today())
        if not form.ok or start is None or hours is None or deadline is None:
            return self._offer_page(request, own, chosen, form, status_code=422)
        try:
            outcome = await offers.create_offer(
                tenant.slug,
                account,
                own.id,
                own.name,
                [c.id for c in chosen],
                start,
                hours,
                deadline,
                links(request, tenant),
            )
        except offers.OfferProblem as exc:
            problem = offers.PROBLEMS.get(exc.code, offers.PROBLEMS["changed"])
            return self._offer_page(request, own, chosen, form, status_code=409, problem=problem)
        return redirect(
            request,
            f"/{tenant.slug}/traeger/angebote/{outcome.offer_id}",
            "offer_created",
            deliver_after(request, *outcome.mail_ids),
        )

    @get("/einrichtungen/{facility_id:int}/angebote", name="provider_offers")
    async def offers_page(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account, facility_id: int
    ) -> Template:
        own = await self._facility(tenant, account, facility_id)
        found = await offer_views.facility_offers(tenant.slug, own.id)
        return self._page(request, "offers.html", {"facility": own, "offers": found})

    # --- facility data and free places ------------------------------------------------------------------

    @get("/einrichtungen/{facility_id:int}/daten", name="provider_facility_data")
    async def data_page(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account, facility_id: int
    ) -> Template:
        own = await self._facility(tenant, account, facility_id)
        data = await providers.facility_data(tenant.slug, own.id)
        form = Form({n: getattr(data, n) for n in providers.EDITABLE})
        return self._data_page(request, own, form, list(data.concept_tags))

    def _data_page(
        self,
        request: Request[Any, Any, Any],
        own: providers.OwnFacility,
        form: Form,
        tags: list[str],
        status_code: int = 200,
    ) -> Template:
        return self._page(
            request,
            "facility_data.html",
            {"facility": own, "form": form, "tags": tags, "all_tags": CONCEPT_TAGS},
            status_code=status_code,
        )

    @post("/einrichtungen/{facility_id:int}/daten")
    async def save_data(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account, facility_id: int
    ) -> Template | Redirect:
        own = await self._facility(tenant, account, facility_id)
        raw = await request.form()
        tags = [t for t in raw.getall("konzept") if isinstance(t, str)] if "konzept" in raw else []
        form = await read_form(request)
        data = forms.parse_facility_data(form, tags)
        if not form.ok:
            return self._data_page(request, own, form, tags, status_code=422)
        async with Facility._meta.db.transaction():
            changed = await providers.save_facility_data(tenant.slug, own.id, data)
            if changed:
                await record(
                    tenant.slug, account, "facility.update", "facility", own.id, "", {"fields": changed}
                )
        # This process's directory shows it at once (the others notice the version change within seconds).
        request.app.state.directory.invalidate(tenant.slug)
        return redirect(request, f"/{tenant.slug}/traeger/einrichtungen/{own.id}", "facility_saved")

    @get("/einrichtungen/{facility_id:int}/plaetze", name="provider_free_places")
    async def places_page(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account, facility_id: int
    ) -> Template:
        own = await self._facility(tenant, account, facility_id)
        months = providers.place_months(today())
        stored = await providers.free_places(tenant.slug, own.id, months)
        form = Form(
            {forms.place_field(m, g): str(stored.get((m, g), 0)) for m in months for g in own.age_groups}
        )
        return self._places_page(request, own, months, form)

    def _places_page(
        self,
        request: Request[Any, Any, Any],
        own: providers.OwnFacility,
        months: list[Any],
        form: Form,
        status_code: int = 200,
    ) -> Template:
        rows = [(month_label(m), [(g, forms.place_field(m, g)) for g in own.age_groups]) for m in months]
        return self._page(
            request,
            "free_places.html",
            {"facility": own, "rows": rows, "form": form},
            status_code=status_code,
        )

    @post("/einrichtungen/{facility_id:int}/plaetze")
    async def save_places(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account, facility_id: int
    ) -> Template | Redirect:
        own = await self._facility(tenant, account, facility_id)
        months = providers.place_months(today())
        form = await read_form(request)
        places = forms.parse_free_places(form, months, own.age_groups)
        if not form.ok:
            return self._places_page(request, own, months, form, status_code=422)
        async with Facility._meta.db.transaction():
            await providers.save_free_places(tenant.slug, own.id, months, places)
            await record(
                tenant.slug,
                account,
                "places.update",
                "facility",
                own.id,
                "",
                {f"{month_value(m)}-{g}": n for (m, g), n in sorted(places.items()) if n},
            )
        request.app.state.directory.invalidate(tenant.slug)
        return redirect(request, f"/{tenant.slug}/traeger/einrichtungen/{own.id}", "places_saved")
