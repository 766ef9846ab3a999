"""A family with a submitted income declaration (with a photographed proof), and staff clients.

The family's names carry letters a careless encoding would break (Łukasz, Wójcik-Müller); they double as
the markers a response must never show to someone who may not see the case.
"""

from __future__ import annotations

import datetime as dt
import uuid as uuidlib
from dataclasses import dataclass
from typing import Any

import httpx

from server.accounts import services as accounts
from server.applications.tables import Application
from server.households import services as households
from tests.integration.applications.support import csrf_headers, date_fields, put_draft, start_date
from tests.integration.support import AppClient, create_parent, login, post_form
from tests.unit.documents.corpus import small_jpeg

TENANT = "wuppertal"
CHILD_FIRST, CHILD_LAST = "Łukasz", "Wójcik-Müller"
GUARDIAN_FIRST, GUARDIAN_LAST = "Zofia", "Wójcik-Müller"
INCOME = "47.311,00"
# What identifies the family in a response (never shown to someone who may not see the case).
MARKERS = (CHILD_FIRST, GUARDIAN_FIRST, "Wójcik", "47.311")


@dataclass
class Family:
    client: AppClient
    email: str
    account_id: int
    child_id: int
    guardian_id: int


@dataclass
class Submitted:
    family: Family
    reference: str
    application_id: int


async def family(
    client: AppClient,
    email: str,
    tenant: str = TENANT,
    names: tuple[str, str, str] = (GUARDIAN_FIRST, CHILD_FIRST, CHILD_LAST),
) -> Family:
    """A logged-in parent with an address, a guardian and a child (first names and the family name)."""
    guardian_first, child_first, last = names
    account_id = await create_parent(tenant, email)
    response = await login(client, tenant, email)
    assert response.status_code == 303, response.text
    household = await households.household_for(tenant, account_id)
    await households.save_address(
        household,
        households.AddressData(street="Kirchstraße", house_number="7a", postcode="42103", city="Wuppertal"),
    )
    await households.save_guardian(
        household,
        households.GuardianData(first_name=guardian_first, last_name=last, relationship="mutter"),
    )
    await households.save_child(
        household,
        households.ChildData(first_name=child_first, last_name=last, birth_date=dt.date(2023, 5, 4)),
    )
    overview = await households.overview(tenant, account_id)
    return Family(
        client=client,
        email=email,
        account_id=account_id,
        child_id=overview["children"][0].id,
        guardian_id=overview["guardians"][0].id,
    )


def income_values(fam: Family) -> dict[str, Any]:
    steps = {
        "kind": {
            "child": str(fam.child_id),
            "care_type": "kita",
            "hours": "35",
            **date_fields("care_start", start_date()),
            "facility_name": "Kita Sonnenschein",
        },
        "beitragspflichtige": {f"liable-{fam.guardian_id}": "ja"},
        "grundlage": {"basis": "einkommen"},
        "einkommen": {"income_year": "2025", "income_employment": INCOME, "civil_servant": "nein"},
        "belege": {},
        "geschwister": {"sibling_in_care": "nein"},
        "zahlung": {"sepa": "nein"},
    }
    values: dict[str, Any] = {}
    for step_values in steps.values():
        values.update(step_values)
    values["_steps"] = list(steps)
    return values


async def upload(client: httpx.AsyncClient, path: str, data: bytes | None = None) -> httpx.Response:
    return await client.post(
        path,
        files={"datei": ("seite.jpg", data or small_jpeg(), "image/jpeg")},
        headers={
            **csrf_headers(client),
            "Idempotency-Key": f"key-{uuidlib.uuid4()}",
            "Accept": "application/json",
        },
    )


async def submitted_case(client: AppClient, email: str, tenant: str = TENANT) -> Submitted:
    """A parent (logged in on `client`) with a submitted income declaration and one proof page."""
    return await submit_income(client, await family(client, email, tenant), tenant)


async def income_draft(client: AppClient, fam: Family, tenant: str = TENANT) -> tuple[str, int]:
    """A complete income declaration draft with one proof page: (uuid, page id)."""
    uuid = str(uuidlib.uuid4())
    saved = await put_draft(client, uuid, 0, income_values(fam), tenant=tenant, service="elternbeitrag")
    assert saved.status_code in (200, 201), saved.text
    uploaded = await upload(client, f"/{tenant}/entwuerfe/{uuid}/nachweise/income_proof")
    assert uploaded.status_code == 201, uploaded.text
    return uuid, uploaded.json()["id"]


async def submit_income(client: AppClient, fam: Family, tenant: str = TENANT) -> Submitted:
    """Another submitted income declaration of this family."""
    uuid, _page = await income_draft(client, fam, tenant)
    done = await client.post(
        f"/{tenant}/entwuerfe/{uuid}/einreichen",
        json={"version": None, "declarations": ["truthful"]},
        headers=csrf_headers(client),
    )
    assert done.status_code == 201, done.text
    reference = done.json()["reference"]
    row = await Application.select(Application.id).where(Application.reference == reference).first()
    return Submitted(family=fam, reference=reference, application_id=row["id"])


async def staff_client(
    app: Any, role: str = "caseworker", tenant: str = TENANT, email: str | None = None
) -> AppClient:
    """A second client on the same app, logged in as a new staff account of `tenant`."""
    email = email or f"{role}.{uuidlib.uuid4().hex[:8]}@{tenant}.example"
    await accounts.create_account(tenant, email, "Sonnige-Wiese-Fahrrad-7", role)
    client = AppClient(app)
    response = await login(client, tenant, email)
    assert response.status_code == 303, response.text
    client.email = email  # type: ignore[attr-defined]
    return client


async def staff_post(client: httpx.AsyncClient, path: str, data: dict[str, Any]) -> httpx.Response:
    return await post_form(client, path, data)


def case_path(reference: str, suffix: str = "", tenant: str = TENANT) -> str:
    return f"/{tenant}/sachbearbeitung/{reference}{suffix}"
