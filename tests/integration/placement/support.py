"""Placement test helpers: a family with a confirmed Kita demand notice, provider accounts linked to
facilities, a second client on the same app, and form posts with CSRF."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import httpx

from server.accounts import services as accounts
from server.applications import cases
from server.applications.tables import Application
from server.households import services as households
from server.placement.providers import link
from server.placement.tables import Offer, Reservation
from tests.integration.applications.support import Family, kita_values, new_uuid, put_draft, submit_json
from tests.integration.support import PASSWORD, AppClient, login, post_form

TENANT = "wuppertal"


@dataclass
class Submitted:
    application_id: int
    reference: str


async def submit_kita(
    client: httpx.AsyncClient,
    fam: Family,
    wishes: list[int],
    *,
    child_id: int | None = None,
    sibling: list[int] = (),
) -> Submitted:
    values = kita_values(fam)
    values["wishes"] = [str(w) for w in wishes]
    values["wishes-sibling"] = [str(w) for w in sibling]
    if child_id is not None:
        values["child"] = str(child_id)
    uuid = new_uuid()
    saved = await put_draft(client, uuid, 0, values)
    assert saved.status_code == 200, saved.text
    done = await submit_json(client, uuid, saved.json()["version"])
    assert done.status_code == 201, done.text
    row = (
        await Application.select(Application.id)
        .where(Application.reference == done.json()["reference"])
        .first()
    )
    return Submitted(application_id=row["id"], reference=done.json()["reference"])


async def confirm(submitted: Submitted) -> None:
    """The caseworker confirms the demand notice (submitted -> reserved)."""
    await cases.transition(
        TENANT, submitted.application_id, "reserved", "caseworker", None, "", expected="submitted"
    )


async def add_child(account_id: int, first_name: str, birth_date: dt.date) -> int:
    household = await households.household_for(TENANT, account_id)
    await households.save_child(
        household, households.ChildData(first_name=first_name, last_name="Beispiel", birth_date=birth_date)
    )
    overview = await households.overview(TENANT, account_id)
    return next(c.id for c in overview["children"] if c.first_name == first_name)


@asynccontextmanager
async def provider_client(
    app: object, email: str, facility_ids: list[int]
) -> AsyncIterator[tuple[AppClient, int]]:
    """A logged-in provider (in its own client, same app) working for these facilities."""
    account_id = await accounts.create_account(TENANT, email, PASSWORD, "provider")
    await link(TENANT, account_id, facility_ids)
    async with AppClient(app) as client:
        response = await login(client, TENANT, email)
        assert response.status_code == 303, response.text
        yield client, account_id


@asynccontextmanager
async def other_client(app: object) -> AsyncIterator[AppClient]:
    async with AppClient(app) as client:
        yield client


async def reservation_id(application_id: int, facility_id: int) -> int:
    row = await (
        Reservation.select(Reservation.id)
        .where((Reservation.application == application_id) & (Reservation.facility == facility_id))
        .first()
    )
    return row["id"]


async def statuses(application_id: int) -> dict[int, str]:
    """facility id -> reservation status of one application."""
    rows = await Reservation.select(Reservation.facility, Reservation.status).where(
        Reservation.application == application_id
    )
    return {r["facility"]: r["status"] for r in rows}


async def application_status(application_id: int) -> str:
    row = await Application.select(Application.status).where(Application.id == application_id).first()
    return row["status"]


def deadline_fields(day: dt.date) -> dict[str, str]:
    return {"frist-day": str(day.day), "frist-month": str(day.month), "frist-year": str(day.year)}


def month_of(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


async def make_offer(
    provider: httpx.AsyncClient,
    facility_id: int,
    reservations: list[int],
    *,
    start: dt.date | None = None,
    hours: int = 35,
    deadline: dt.date | None = None,
) -> httpx.Response:
    today = dt.date.today()
    start = start or (today.replace(day=1) + dt.timedelta(days=200))
    path = f"/{TENANT}/traeger/einrichtungen/{facility_id}/angebot"
    query = "&".join(f"vormerkung={r}" for r in reservations)
    form_page = f"{path}?{query}"
    data: dict[str, object] = {
        "vormerkung": [str(r) for r in reservations],
        "beginn": month_of(start),
        "stunden": str(hours),
        **deadline_fields(deadline or today + dt.timedelta(days=14)),
    }
    return await post_form(provider, path, data, form_page=form_page)  # type: ignore[arg-type]


async def last_offer_id() -> int:
    row = await Offer.select(Offer.id).order_by(Offer.id, ascending=False).first()
    return row["id"]


def offer_id_in(location: str) -> int:
    match = re.search(r"/angebote/(\d+)$", location)
    assert match, location
    return int(match.group(1))
