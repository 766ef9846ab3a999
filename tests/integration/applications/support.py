"""A parent with a household and a few facilities, and the answers of a complete Kita demand notice."""

from __future__ import annotations

import datetime as dt
import uuid as uuidlib
from dataclasses import dataclass

import httpx

from server.dates import add_months
from server.facilities.services import FacilityInput, upsert_facilities
from server.facilities.tables import Facility
from server.households import services as households
from tests.integration.support import CSRF_COOKIE, logged_in_parent

STAND = dt.datetime(2026, 10, 1, 10, 0, tzinfo=dt.UTC)


@dataclass
class Family:
    account_id: int
    child_id: int
    guardian_id: int
    kitas: list[int]
    tagespflege: int


def facility(external_id: str, name: str, kind: str = "kita") -> FacilityInput:
    return FacilityInput(
        external_id=external_id,
        name=name,
        kind=kind,
        traeger_type="staedtisch",
        street="Beispielweg",
        house_number="1",
        postcode="42103",
        city="Wuppertal",
        district="Elberfeld",
        lat=51.2565,
        lon=7.1512,
        hours_offered=(25, 35, 45),
        places_updated_at=STAND,
        free_places=(),
    )


async def facilities(tenant: str = "wuppertal") -> tuple[list[int], int]:
    await upsert_facilities(
        tenant,
        [
            facility("k1", "Kita Sonnenschein"),
            facility("k2", "Kita Regenbogen"),
            facility("k3", "Kita Wolkenburg"),
            facility("k4", "Kita Sternschnuppe"),
            facility("t1", "Tagespflege Zwergenstube", "tagespflege"),
        ],
    )
    rows = await Facility.select(Facility.id, Facility.external_id).where(Facility.tenant == tenant)
    by_external = {r["external_id"]: r["id"] for r in rows}
    return [by_external[k] for k in ("k1", "k2", "k3", "k4")], by_external["t1"]


async def family(client: httpx.AsyncClient, email: str, tenant: str = "wuppertal") -> Family:
    account_id = await logged_in_parent(client, tenant, email)
    household = await households.household_for(tenant, account_id)
    await households.save_address(
        household,
        households.AddressData(
            street="Musterstraße",
            house_number="3",
            postcode="42103",
            city="Wuppertal" if tenant == "wuppertal" else "Iserlohn",
        ),
    )
    await households.save_guardian(
        household, households.GuardianData(first_name="Alex", last_name="Beispiel", relationship="elternteil")
    )
    await households.save_child(
        household,
        households.ChildData(first_name="Mia", last_name="Beispiel", birth_date=dt.date(2024, 3, 8)),
    )
    overview = await households.overview(tenant, account_id)
    kitas, tagespflege = await facilities(tenant)
    return Family(
        account_id=account_id,
        child_id=overview["children"][0].id,
        guardian_id=overview["guardians"][0].id,
        kitas=kitas,
        tagespflege=tagespflege,
    )


def start_date() -> dt.date:
    return add_months(dt.date.today().replace(day=1), 8)


def date_fields(name: str, day: dt.date) -> dict[str, str]:
    return {f"{name}-day": str(day.day), f"{name}-month": str(day.month), f"{name}-year": str(day.year)}


def kita_steps(fam: Family) -> dict[str, dict[str, str | list[str]]]:
    """Form posts of every step of a complete Kita demand notice."""
    return {
        "kind": {"child": str(fam.child_id), "main_residence": "ja"},
        "betreuung": {**date_fields("start", start_date()), "care_type": "kita", "hours": "35"},
        "wuensche": {"wishes": [str(fam.kitas[1]), str(fam.kitas[0])], "wishes-sibling": [str(fam.kitas[0])]},
        "familie": {"single_parent": "nein", f"employment-{fam.guardian_id}": "vollzeit"},
        "besonderes": {},
    }


def kita_values(fam: Family) -> dict[str, str | list[str]]:
    values: dict[str, str | list[str]] = {}
    for step_values in kita_steps(fam).values():
        values.update(step_values)
    values["_steps"] = list(kita_steps(fam))
    return values


def new_uuid() -> str:
    return str(uuidlib.uuid4())


def csrf_headers(client: httpx.AsyncClient) -> dict[str, str]:
    return {"x-csrftoken": client.cookies.get(CSRF_COOKIE) or ""}


async def put_draft(
    client: httpx.AsyncClient,
    uuid: str,
    version: int,
    values: dict,
    tenant: str = "wuppertal",
    service: str = "kita",
) -> httpx.Response:
    if client.cookies.get(CSRF_COOKIE) is None:
        await client.get(f"/{tenant}/")
    return await client.put(
        f"/{tenant}/entwuerfe/{uuid}",
        json={"service": service, "version": version, "values": values},
        headers=csrf_headers(client),
    )


DECLARATIONS = ["truthful", "forwarding", "privacy"]


async def submit_json(
    client: httpx.AsyncClient,
    uuid: str,
    version: int | None,
    tenant: str = "wuppertal",
    declarations=DECLARATIONS,
) -> httpx.Response:
    return await client.post(
        f"/{tenant}/entwuerfe/{uuid}/einreichen",
        json={"version": version, "declarations": declarations},
        headers=csrf_headers(client),
    )
