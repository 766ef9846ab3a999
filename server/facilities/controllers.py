"""Directory pages: the search (list and map), a facility's page, the Merkliste and the comparison."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import parse_qsl, urlencode

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.di import Provide
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Template

from server.accounts.guards import provide_optional_account, provide_parent, safe_next
from server.accounts.services import PARENT
from server.accounts.tables import Account
from server.facilities import favourites
from server.facilities.geocoder import DISTRICT, Place, fold
from server.facilities.query import (
    FIELDS,
    PAGE_SIZE,
    RADIUS_CHOICES,
    month_options,
    parse_search,
    query_string,
    search_query,
)
from server.facilities.schemas import CONCEPT_TAGS, KINDS, KITA_HOURS, TRAEGER_TYPES, FacilityRecord
from server.facilities.search import child_age_at, reference_date
from server.facilities.views import HELPERS, result_view
from server.households import services as households
from server.tenants.config import Tenant
from server.tenants.dependencies import provide_tenant
from server.web.i18n import _
from server.web.responses import page

HOUSE_NUMBER = re.compile(r"\s+\d+\s*[a-z]?(\s*-\s*\d+\s*[a-z]?)?$", re.IGNORECASE)
MAX_COMPARE = 3


def today() -> dt.date:
    return dt.date.today()


def _name(label: str) -> str:
    """The place's own name: "Friedrich-Ebert-Straße" of "Friedrich-Ebert-Straße, Elberfeld"."""
    return label.split(",", 1)[0]


def pick_place(text: str, places: list[Place]) -> tuple[Place | None, list[Place]]:
    """The place the parent meant, or the candidates to choose from when the text is ambiguous."""
    if not places:
        return None, []
    wanted = fold(text)
    exact = [p for p in places if fold(p.label) == wanted]
    if exact:
        return exact[0], []
    without_number = fold(HOUSE_NUMBER.sub("", text))
    same_name = [p for p in places if fold(_name(p.label)) in (wanted, without_number)]
    if len(same_name) == 1:
        return same_name[0], []
    if len(places) == 1:
        return places[0], []
    return None, same_name or places


async def household_children(account: Account | None, tenant: Tenant) -> list[Any]:
    if account is None or account.role != PARENT:
        return []
    return list((await households.overview(tenant.slug, account.id))["children"])


def child_label(child: Any) -> str:
    name = " ".join(p for p in (child.first_name, child.last_name) if p) or _("Ihr Kind")
    if child.birth_date:
        return _("{name}, geboren am {date}").format(name=name, date=HELPERS["date_de"](child.birth_date))
    return _("{name}, erwartet am {date}").format(
        name=name, date=HELPERS["date_de"](child.expected_birth_date)
    )


def map_config(tenant: Tenant) -> dict[str, Any]:
    m = tenant.map
    return {
        "tiles": m.tile_url,
        "attribution": m.attribution,
        "subdomains": m.subdomains,
        "max_zoom": m.max_zoom,
        "center": f"{m.center[0]},{m.center[1]}",
        "zoom": m.zoom,
    }


class FacilityController(Controller):
    path = "/{tenant_slug:str}/kitas"
    dependencies = {"tenant": Provide(provide_tenant), "account": Provide(provide_optional_account)}
    include_in_schema = False

    @get("/", name="facility_search")
    async def search(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account | None
    ) -> Template | Redirect:
        # A plain form submission sends every field, also the empty ones: redirect to the short URL that
        # is worth sharing (with JavaScript, search.js leaves them out before sending).
        given = parse_qsl(request.scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        kept = [(name, value) for name, value in given if value.strip()]
        if len(kept) != len(given):
            return Redirect(
                f"/{tenant.slug}/kitas" + (f"?{urlencode(kept)}" if kept else ""), status_code=303
            )
        state = request.app.state
        day = today()
        form = parse_search(request.query_params, day)
        children = await household_children(account, tenant)
        place: Place | None = None
        suggestions: list[Place] = []
        birth_date = None
        chosen_child = None
        if form.child_id is not None:
            chosen_child = next((c for c in children if c.id == form.child_id), None)
            if chosen_child is None:
                form.error(
                    "kind",
                    _("Bitte wählen Sie ein Kind aus Ihrem Haushalt.")
                    if account is not None
                    else _("Melden Sie sich an, um ein Kind aus Ihrem Haushalt auszuwählen."),
                )
            else:
                birth_date = chosen_child.birth_date or chosen_child.expected_birth_date
        if form.place_text and "ort" not in form.errors:
            candidates = await state.geocoder.lookup(tenant.slug, form.place_text, limit=8)
            place, suggestions = pick_place(form.place_text, candidates)
            if place is None and not suggestions:
                form.error(
                    "ort",
                    _(
                        "Zu „{text}“ kennen wir in {city} keinen Stadtteil und keine Straße. Bitte prüfen Sie "
                        "die Schreibweise oder wählen Sie einen Vorschlag aus der Liste."
                    ).format(text=form.place_text, city=tenant.name),
                )
        form.errors = {name: form.errors[name] for name in FIELDS if name in form.errors}
        result = None
        query = None
        if form.ok and not suggestions and form.submitted:
            centre = (place.lat, place.lon) if place else None
            district = place.district if place and place.kind == DISTRICT else None
            query = search_query(form, centre=centre, district=district, birth_date=birth_date)
            result = await state.directory.search(tenant.slug, query, day)
        age = None
        if query is not None and query.child_birth_date is not None:
            age = child_age_at(query.child_birth_date, reference_date(query, day))
        pages = 0 if result is None else (result.total + PAGE_SIZE - 1) // PAGE_SIZE
        hits = []
        if result is not None and query is not None:
            from_month = query.free_from or query.start_month or day.replace(day=1)
            hits = [
                {"view": result_view(h.facility, from_month), "distance": HELPERS["km"](h.distance_km)}
                for h in result.hits
            ]
        context = {
            "form": form,
            "place": place,
            "suggestions": suggestions,
            "result": result,
            "hits": hits,
            "query": query,
            "age_months": age,
            "child_unborn": query is not None and query.child_birth_date is not None and age is None,
            "children": [(str(c.id), child_label(c)) for c in children],
            "chosen_child": chosen_child,
            "districts": state.geocoder.districts(tenant.slug),
            "months": month_options(day),
            "radius_choices": RADIUS_CHOICES,
            "kinds": KINDS,
            "traeger_types": TRAEGER_TYPES,
            "concept_tags": CONCEPT_TAGS,
            "kita_hours": KITA_HOURS,
            "pages": pages,
            "page_url": lambda n: (
                f"/{tenant.slug}/kitas?{query_string(form, seite=str(n) if n > 1 else None)}"
            ),
            "suggestion_url": lambda p: (
                f"/{tenant.slug}/kitas?{query_string(form, ort=p.label, lat=None, lon=None, seite=None)}"
            ),
            "map": map_config(tenant),
            "first_month": day.replace(day=1),
            **HELPERS,
        }
        return page(request, "facilities/search.html", context, status_code=200 if form.ok else 422)

    @get("/orte", name="facility_places")
    async def places(self, request: Request[Any, Any, Any], tenant: Tenant, ort: str = "") -> Template:
        """Suggestions for the place field (a <datalist>'s options), as the parent types."""
        text = ort.strip()[:100]
        state = request.app.state
        found = await state.geocoder.lookup(tenant.slug, text, limit=8) if len(text) >= 2 else []
        return page(
            request,
            "facilities/_places.html",
            {"places": found or state.geocoder.districts(tenant.slug)},
            fragment="options",
        )

    @get("/{facility_id:int}", name="facility_detail")
    async def detail(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account | None, facility_id: int
    ) -> Template:
        record = await request.app.state.directory.get(tenant.slug, facility_id)
        if record is None:
            raise NotFoundException()
        on_list = None
        if account is not None and account.role == PARENT:
            on_list = facility_id in await favourites.favourite_ids(tenant.slug, account.id)
        context = {
            "facility": record,
            "on_list": on_list,
            "signed_in_parent": account is not None and account.role == PARENT,
            "concept_tags": CONCEPT_TAGS,
            "map": map_config(tenant),
            **HELPERS,
        }
        return page(request, "facilities/detail.html", context)


class MergeRequest(msgspec.Struct, forbid_unknown_fields=False):
    ids: list[int] = msgspec.field(default_factory=list)


def _item(tenant: Tenant, record: FacilityRecord) -> dict[str, Any]:
    """What the device keeps of a facility, so the Merkliste shows it without the network."""
    return {
        "id": record.id,
        "name": record.name,
        "kind": KINDS.get(record.kind, record.kind),
        "address": HELPERS["address"](record),
        "district": record.district,
        "url": f"/{tenant.slug}/kitas/{record.id}",
    }


def _parse_ids(values: list[str]) -> list[int]:
    ids: list[int] = []
    for value in values:
        for part in value.split(","):
            part = part.strip()
            if part.isascii() and part.isdigit() and len(part) < 10:
                ids.append(int(part))
    return list(dict.fromkeys(ids))


class FavouritesController(Controller):
    path = "/{tenant_slug:str}/merkliste"
    dependencies = {"tenant": Provide(provide_tenant), "account": Provide(provide_optional_account)}
    include_in_schema = False

    async def _records(self, request: Request[Any, Any, Any], tenant: Tenant, ids: list[int]) -> list[Any]:
        directory = request.app.state.directory
        found = [await directory.get(tenant.slug, i) for i in ids]
        return [r for r in found if r is not None]

    @get("/", name="favourites")
    async def favourites_page(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account | None
    ) -> Template:
        parent = account is not None and account.role == PARENT
        records = []
        if parent:
            assert account is not None
            records = await self._records(
                request, tenant, await favourites.favourite_ids(tenant.slug, account.id)
            )
        context = {"records": records, "signed_in_parent": parent, **HELPERS}
        return page(request, "facilities/favourites.html", context)

    @get("/vergleich", name="favourites_compare")
    async def compare(self, request: Request[Any, Any, Any], tenant: Tenant) -> Template:
        # One more than allowed is enough to say "too many"; a long crafted list costs no more lookups.
        ids = _parse_ids(request.query_params.getall("ids", []))[: MAX_COMPARE + 1]
        records = await self._records(request, tenant, ids)  # ids of another tenant find nothing
        problem = None
        if len(records) < 2:
            problem = _(
                "Bitte wählen Sie auf der Merkliste zwei oder drei Einrichtungen zum Vergleichen aus."
            )
        elif len(records) > MAX_COMPARE:
            problem = _("Sie können höchstens drei Einrichtungen vergleichen. Bitte wählen Sie weniger aus.")
        context = {
            "records": records if problem is None else [],
            "problem": problem,
            "concept_tags": CONCEPT_TAGS,
            "first_month": today().replace(day=1),
            **HELPERS,
        }
        return page(request, "facilities/compare.html", context, status_code=200 if problem is None else 422)

    @post("/abgleich", name="favourites_merge", status_code=200)
    async def merge(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account | None
    ) -> Response[dict[str, Any]]:
        """The device's list after login: add what the account lacks; answer the account's whole list."""
        if account is None or account.role != PARENT:
            return Response({"error": "login required"}, status_code=401)
        try:
            body = msgspec.json.decode(await request.body(), type=MergeRequest)
        except (msgspec.DecodeError, msgspec.ValidationError):
            return Response({"error": _("Die Merkliste konnte nicht gelesen werden.")}, status_code=400)
        ids = await favourites.merge(tenant.slug, account.id, body.ids[: favourites.MAX_FAVOURITES])
        records = await self._records(request, tenant, ids)
        return Response(
            {"ids": [r.id for r in records], "items": [_item(tenant, r) for r in records]},
            headers={"Cache-Control": "no-store"},
        )

    @post("/{facility_id:int}", name="favourite_add", dependencies={"account": Provide(provide_parent)})
    async def add(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account, facility_id: int
    ) -> Redirect:
        if not await favourites.add(tenant.slug, account.id, facility_id):
            raise NotFoundException()
        return await self._back(request, tenant, facility_id)

    @post(
        "/{facility_id:int}/entfernen",
        name="favourite_remove",
        dependencies={"account": Provide(provide_parent)},
    )
    async def remove(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account, facility_id: int
    ) -> Redirect:
        await favourites.remove(tenant.slug, account.id, facility_id)
        return await self._back(request, tenant, facility_id)

    async def _back(self, request: Request[Any, Any, Any], tenant: Tenant, facility_id: int) -> Redirect:
        form = await request.form()
        target = form.get("weiter") if isinstance(form.get("weiter"), str) else None
        fallback = f"/{tenant.slug}/kitas/{facility_id}"
        return Redirect(safe_next(tenant, target) if target else fallback, status_code=303)
