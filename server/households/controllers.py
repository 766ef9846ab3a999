"""Household pages: overview, address, children and guardians (add, change, remove)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import Provide
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Template

from server.accounts.guards import provide_parent
from server.accounts.tables import Account
from server.households import services
from server.households.services import RELATIONSHIPS
from server.households.validation import address_from_form, child_from_form, guardian_from_form
from server.tenants.config import Tenant
from server.tenants.dependencies import provide_tenant
from server.web.forms import Form, date_parts, read_form
from server.web.responses import page, redirect


def child_form(child: Any) -> Form:
    values = {"first_name": child.first_name, "last_name": child.last_name}
    values["born"] = "yes" if child.birth_date else "no"
    for prefix, value in (
        ("birth_date", child.birth_date),
        ("expected_birth_date", child.expected_birth_date),
    ):
        values.update({f"{prefix}-{k}": v for k, v in date_parts(value).items()})
    return Form(values)


def guardian_form(guardian: Any) -> Form:
    values = {
        "first_name": guardian.first_name,
        "last_name": guardian.last_name,
        "relationship": guardian.relationship,
        "phone": guardian.phone,
    }
    values.update({f"birth_date-{k}": v for k, v in date_parts(guardian.birth_date).items()})
    return Form(values)


class HouseholdController(Controller):
    path = "/{tenant_slug:str}/haushalt"
    dependencies = {"tenant": Provide(provide_tenant), "account": Provide(provide_parent)}
    include_in_schema = False

    @get("/", name="household")
    async def overview(self, request: Request[Any, Any, Any], tenant: Tenant, account: Account) -> Template:
        data = await services.overview(tenant.slug, account.id)
        return page(request, "households/overview.html", {**data, "relationships": RELATIONSHIPS})

    # --- address ----------------------------------------------------------------------------------
    @get("/anschrift")
    async def address_form(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account
    ) -> Template:
        household = await services.household_for(tenant.slug, account.id)
        form = Form({k: getattr(household, k) for k in ("street", "house_number", "postcode", "city")})
        if not form["city"]:
            form.values["city"] = tenant.name
        return page(request, "households/address.html", {"form": form})

    @post("/anschrift")
    async def address(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account
    ) -> Template | Redirect:
        form = await read_form(request)
        data = address_from_form(form)
        if data is None:
            return page(request, "households/address.html", {"form": form}, status_code=422)
        await services.save_address(await services.household_for(tenant.slug, account.id), data)
        return redirect(request, f"/{tenant.slug}/haushalt/", "address_saved")

    # --- children ---------------------------------------------------------------------------------
    @get("/kinder/neu")
    async def new_child_form(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account
    ) -> Template:
        return page(request, "households/child.html", {"form": Form({}), "child_id": None})

    @post("/kinder/neu")
    async def new_child(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account
    ) -> Template | Redirect:
        return await self._save_child(request, tenant, account, None)

    @get("/kinder/{child_id:int}")
    async def child_form(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account, child_id: int
    ) -> Template:
        household = await services.household_for(tenant.slug, account.id)
        child = await services.get_child(household, child_id)
        if child is None:
            raise NotFoundException()
        return page(request, "households/child.html", {"form": child_form(child), "child_id": child_id})

    @post("/kinder/{child_id:int}")
    async def change_child(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account, child_id: int
    ) -> Template | Redirect:
        return await self._save_child(request, tenant, account, child_id)

    async def _save_child(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account, child_id: int | None
    ) -> Template | Redirect:
        household = await services.household_for(tenant.slug, account.id)
        if child_id is not None and await services.get_child(household, child_id) is None:
            raise NotFoundException()
        form = await read_form(request)
        data = child_from_form(form, dt.date.today())
        if data is None:
            return page(
                request, "households/child.html", {"form": form, "child_id": child_id}, status_code=422
            )
        await services.save_child(household, data, child_id)
        return redirect(request, f"/{tenant.slug}/haushalt/", "child_saved")

    @get("/kinder/{child_id:int}/entfernen")
    async def remove_child_form(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account, child_id: int
    ) -> Template:
        household = await services.household_for(tenant.slug, account.id)
        child = await services.get_child(household, child_id)
        if child is None:
            raise NotFoundException()
        name = " ".join(p for p in (child.first_name, child.last_name) if p)
        return page(request, "households/remove.html", {"name": name, "back": f"/{tenant.slug}/haushalt/"})

    @post("/kinder/{child_id:int}/entfernen")
    async def remove_child(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account, child_id: int
    ) -> Redirect:
        household = await services.household_for(tenant.slug, account.id)
        if await services.get_child(household, child_id) is None:
            raise NotFoundException()
        await services.remove_child(household, child_id)
        return redirect(request, f"/{tenant.slug}/haushalt/", "child_removed")

    # --- guardians --------------------------------------------------------------------------------
    @get("/sorgeberechtigte/neu")
    async def new_guardian_form(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account
    ) -> Template:
        return page(
            request,
            "households/guardian.html",
            {"form": Form({}), "guardian_id": None, "relationships": RELATIONSHIPS},
        )

    @post("/sorgeberechtigte/neu")
    async def new_guardian(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account
    ) -> Template | Redirect:
        return await self._save_guardian(request, tenant, account, None)

    @get("/sorgeberechtigte/{guardian_id:int}")
    async def guardian_form(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account, guardian_id: int
    ) -> Template:
        household = await services.household_for(tenant.slug, account.id)
        guardian = await services.get_guardian(household, guardian_id)
        if guardian is None:
            raise NotFoundException()
        return page(
            request,
            "households/guardian.html",
            {"form": guardian_form(guardian), "guardian_id": guardian_id, "relationships": RELATIONSHIPS},
        )

    @post("/sorgeberechtigte/{guardian_id:int}")
    async def change_guardian(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account, guardian_id: int
    ) -> Template | Redirect:
        return await self._save_guardian(request, tenant, account, guardian_id)

    async def _save_guardian(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account, guardian_id: int | None
    ) -> Template | Redirect:
        household = await services.household_for(tenant.slug, account.id)
        if guardian_id is not None and await services.get_guardian(household, guardian_id) is None:
            raise NotFoundException()
        form = await read_form(request)
        data = guardian_from_form(form, dt.date.today())
        if data is None:
            return page(
                request,
                "households/guardian.html",
                {"form": form, "guardian_id": guardian_id, "relationships": RELATIONSHIPS},
                status_code=422,
            )
        await services.save_guardian(household, data, guardian_id)
        return redirect(request, f"/{tenant.slug}/haushalt/", "guardian_saved")

    @get("/sorgeberechtigte/{guardian_id:int}/entfernen")
    async def remove_guardian_form(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account, guardian_id: int
    ) -> Template:
        household = await services.household_for(tenant.slug, account.id)
        guardian = await services.get_guardian(household, guardian_id)
        if guardian is None:
            raise NotFoundException()
        name = f"{guardian.first_name} {guardian.last_name}"
        return page(request, "households/remove.html", {"name": name, "back": f"/{tenant.slug}/haushalt/"})

    @post("/sorgeberechtigte/{guardian_id:int}/entfernen")
    async def remove_guardian(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account, guardian_id: int
    ) -> Redirect:
        household = await services.household_for(tenant.slug, account.id)
        if await services.get_guardian(household, guardian_id) is None:
            raise NotFoundException()
        await services.remove_guardian(household, guardian_id)
        return redirect(request, f"/{tenant.slug}/haushalt/", "guardian_removed")
