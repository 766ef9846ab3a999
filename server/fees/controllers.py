"""The public parent-fee calculator (no login): GET shows the form, POST shows the result on the same page.

POST rather than GET keeps the family's income out of URLs, logs and browser history; it needs no session,
only the CSRF token every form carries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from litestar import Controller, Request, Router, get, post
from litestar.di import Provide
from litestar.exceptions import NotFoundException
from litestar.response import Template

from server.fees.config import FeeRegistry, FeeSchedule
from server.fees.forms import (
    MAX_CHILDREN,
    benefit_options,
    calculator_from_form,
    care_options,
    hours_options,
    initial_values,
    month_label,
    month_options,
)
from server.fees.rules import FeeError, FeeResult, calculate, euro
from server.fees.views import table_views
from server.logs import log
from server.tenants.config import Tenant
from server.tenants.dependencies import provide_tenant
from server.web.forms import Form, read_form
from server.web.i18n import _
from server.web.responses import page

TEMPLATE = "fees/calculator.html"


def today() -> dt.date:
    return dt.date.today()


async def provide_schedule(tenant: Tenant, fee_registry: FeeRegistry) -> FeeSchedule:
    schedule = fee_registry.get(tenant.slug)
    if schedule is None:
        raise NotFoundException()
    return schedule


def _context(schedule: FeeSchedule, form: Form, day: dt.date, result: FeeResult | None) -> dict[str, Any]:
    return {
        "form": form,
        "schedule": schedule,
        "result": result,
        "month_label": month_label(result.month) if result else "",
        "children_numbers": range(1, MAX_CHILDREN + 1),
        "months": month_options(day),
        "hours_options": hours_options(schedule),
        "care_options": care_options(),
        "benefit_options": benefit_options(),
        "tables": table_views(schedule),
        "euro": euro,
    }


class FeeCalculatorController(Controller):
    path = "/{tenant_slug:str}/elternbeitrag-rechner"
    dependencies = {"tenant": Provide(provide_tenant), "schedule": Provide(provide_schedule)}
    include_in_schema = False

    @get("/", name="fee_calculator")
    async def form(self, request: Request[Any, Any, Any], tenant: Tenant, schedule: FeeSchedule) -> Template:
        day = today()
        return page(request, TEMPLATE, _context(schedule, Form(initial_values(day)), day, None))

    @post("/")
    async def calculate(
        self, request: Request[Any, Any, Any], tenant: Tenant, schedule: FeeSchedule
    ) -> Template:
        day = today()
        form = await read_form(request)
        data = calculator_from_form(form, schedule, day)
        result = None
        if data is not None:
            household, month = data
            try:
                result = calculate(schedule, household, month)
            except FeeError:  # the form's checks should make this impossible; never a 500
                log.warning("fee_calculation_refused", tenant=tenant.slug)
                form.error(
                    "calculator",
                    _("Mit diesen Angaben können wir den Beitrag nicht berechnen. Bitte prüfen Sie sie."),
                )
        status = 200 if result is not None else 422
        return page(request, TEMPLATE, _context(schedule, form, day, result), status_code=status)


def fee_calculator(tenants: Iterable[Tenant]) -> Router:
    """The calculator's routes with every tenant's fee schedule, loaded and checked now (at app start):
    a broken fees.toml raises FeeConfigError and the app does not start."""
    registry = FeeRegistry.from_tenants(tenants)

    def provide_registry() -> FeeRegistry:
        return registry

    return Router(
        path="/",
        route_handlers=[FeeCalculatorController],
        dependencies={"fee_registry": Provide(provide_registry, sync_to_thread=False)},
        include_in_schema=False,
    )
