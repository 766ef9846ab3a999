"""A family with a school child, and walking the school services (OGS, Schülerfahrkosten, Schüler-BAföG)
through their form posts: start, one post per step, check answers, submit."""

from __future__ import annotations

import datetime as dt
import re
import uuid as uuidlib
from email.message import EmailMessage

import httpx

from server.applications.catalogue.ogs import DEFINITION as OGS
from server.households import services as households
from tests.integration.applications.support import date_fields
from tests.integration.support import body_of, location, logged_in_parent, post_form
from tests.unit.documents.corpus import small_jpeg

FIRST_YEAR = OGS.field("school_year").options[0].value  # type: ignore[union-attr]
PUPIL_BORN = dt.date(int(FIRST_YEAR) - 7, 5, 4)  # seven when the school year begins


async def school_family(client: httpx.AsyncClient, email: str, tenant: str = "wuppertal") -> str:
    """A logged-in parent whose household has an address, a guardian and one school child; returns the
    child's id."""
    account_id = await logged_in_parent(client, tenant, email)
    household = await households.household_for(tenant, account_id)
    await households.save_address(
        household,
        households.AddressData(
            street="Schulstraße", house_number="12", postcode="42103", city=tenant.capitalize()
        ),
    )
    await households.save_guardian(
        household, households.GuardianData(first_name="Anna", last_name="Beispiel", relationship="elternteil")
    )
    await households.save_child(
        household, households.ChildData(first_name="Lina", last_name="Beispiel", birth_date=PUPIL_BORN)
    )
    overview = await households.overview(tenant, account_id)
    return str(overview["children"][0].id)


async def start(client: httpx.AsyncClient, service: str, tenant: str = "wuppertal") -> str:
    """A new draft; returns its base path /<tenant>/antraege/<service>/<uuid>."""
    response = await post_form(
        client, f"/{tenant}/antraege/{service}/neu", {}, form_page=f"/{tenant}/antraege/{service}"
    )
    assert response.status_code == 303, response.text[:500]
    return location(response).rsplit("/", 1)[0]


async def upload(client: httpx.AsyncClient, base: str, slot: str, tenant: str = "wuppertal") -> None:
    uuid = base.rsplit("/", 1)[1]
    response = await client.post(
        f"/{tenant}/entwuerfe/{uuid}/nachweise/{slot}",
        files={"datei": ("seite.jpg", small_jpeg(), "image/jpeg")},
        headers={
            "x-csrftoken": client.cookies.get("portal_csrf") or "",
            "Idempotency-Key": str(uuidlib.uuid4()),
            "Accept": "application/json",
        },
    )
    assert response.status_code == 201, response.text


async def walk(
    client: httpx.AsyncClient,
    base: str,
    steps: dict[str, dict[str, str]],
    proofs: dict[str, list[str]] | None = None,
) -> str:
    """Post every step (uploading its proofs first); returns where the last post led."""
    target = ""
    for step_id, values in steps.items():
        for slot in (proofs or {}).get(step_id, []):
            await client.get(f"{base}/{step_id}")
            await upload(client, base, slot)
        response = await post_form(client, f"{base}/{step_id}", values)
        assert response.status_code == 303, (step_id, response.text[:3000])
        target = location(response)
    return target


async def submit(client: httpx.AsyncClient, base: str, declarations: list[str]) -> str:
    """Confirm the declarations on the check-answers page and submit; returns the case's reference."""
    check = await client.get(f"{base}/pruefen")
    assert check.status_code == 200
    match = re.search(r'name="_version" value="(\d+)"', check.text)
    assert match, check.text[:3000]
    form = {"_version": match.group(1), **{f"decl-{d}": "ja" for d in declarations}}
    done = await post_form(client, f"{base}/pruefen", form)
    assert done.status_code == 303, done.text[:3000]
    assert location(done).endswith("/eingereicht")
    return location(done).split("/")[3]


OGS_DECLARATIONS = ["truthful", "binding", "privacy"]


def ogs_steps(
    child_id: str, other_email: str = "", other_name: str = "Ben Beispiel"
) -> dict[str, dict[str, str]]:
    """An OGS registration; with `other_email` joint custody (the other parent is asked), else sole custody."""
    custody = (
        {"sole_custody": "nein", "other_parent_name": other_name, "other_parent_email": other_email}
        if other_email
        else {"sole_custody": "ja"}
    )
    return {
        "kind": {"pupil": child_id},
        "schule": {"school_year": FIRST_YEAR, "school": "Grundschule Am Hang", "grade": "2"},
        "betreuung": {"days_per_week": "ja", "lunch": "ja"},
        "sorgerecht": custody,
        "familie": {"single_parent": "nein", "both_full_time": "nein"},
        "weiteres": {"sibling_in_ogs": "nein"},
    }


async def submit_ogs(client: httpx.AsyncClient, child_id: str, other_email: str = "") -> str:
    base = await start(client, "ogs")
    proofs = {} if other_email else {"sorgerecht": ["sole_custody_proof"]}
    assert await walk(client, base, ogs_steps(child_id, other_email), proofs) == f"{base}/pruefen"
    return await submit(client, base, OGS_DECLARATIONS)


def consent_link(message: EmailMessage, tenant: str = "wuppertal") -> str:
    """The path of the consent link in an invitation or reminder."""
    match = re.search(rf"http://testserver\.local(/{tenant}/zustimmung/[A-Za-z0-9_-]+)", body_of(message))
    assert match, body_of(message)
    return match.group(1)


def date_of(day: dt.date, name: str) -> dict[str, str]:
    return date_fields(name, day)
