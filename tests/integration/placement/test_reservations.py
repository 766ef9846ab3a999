"""Reservations are created with the demand notice; a provider sees only its own facilities' reservations of
confirmed demand notices, with only the data the allocation needs."""

from __future__ import annotations

import datetime as dt

import pytest

from server.audit.tables import AuditEvent
from server.placement.tables import Reservation
from tests.integration.applications.support import family
from tests.integration.placement.support import (
    TENANT,
    add_child,
    confirm,
    other_client,
    provider_client,
    reservation_id,
    submit_kita,
)
from tests.integration.support import login

pytestmark = pytest.mark.asyncio


async def test_submission_creates_one_reservation_per_wish(client, email):
    fam = await family(client, email)
    done = await submit_kita(client, fam, [fam.kitas[1], fam.kitas[0]], sibling=[fam.kitas[0]])
    rows = (
        await Reservation.select()
        .where(Reservation.application == done.application_id)
        .order_by(Reservation.rank)
    )
    assert [(r["facility"], r["rank"], r["sibling"], r["status"]) for r in rows] == [
        (fam.kitas[1], 1, False, "active"),
        (fam.kitas[0], 2, True, "active"),
    ]
    assert {r["child_first_name"] for r in rows} == {"Mia"}
    assert {r["account"] for r in rows} == {fam.account_id}
    assert {r["tenant"] for r in rows} == {TENANT}


async def test_provider_sees_only_its_facilities_and_only_what_the_allocation_needs(client, email):
    fam = await family(client, email)
    done = await submit_kita(client, fam, [fam.kitas[0], fam.kitas[1]], sibling=[fam.kitas[0]])
    async with (
        provider_client(client.app, "traeger.a@beispiel.de", [fam.kitas[0]]) as (mine, _mine_id),
        provider_client(client.app, "traeger.b@beispiel.de", [fam.kitas[1]]) as (other, _other_id),
    ):
        home = await mine.get(f"/{TENANT}/traeger/")
        assert home.status_code == 200
        assert "Kita Sonnenschein" in home.text and "Kita Regenbogen" not in home.text

        # Not confirmed yet: nothing to decide.
        page = await mine.get(f"/{TENANT}/traeger/einrichtungen/{fam.kitas[0]}/vormerkungen")
        assert page.status_code == 200 and "data-reservation=" not in page.text

        await confirm(done)
        page = await mine.get(f"/{TENANT}/traeger/einrichtungen/{fam.kitas[0]}/vormerkungen")
        assert page.status_code == 200
        html = page.text
        rid = await reservation_id(done.application_id, fam.kitas[0])
        assert f'data-reservation="{rid}"' in html
        assert "Mia" in html
        # 35 h, full-time single earner (not single parent) -> 0 + sibling 3 points.
        assert "Geschwisterkind in der Einrichtung: 3" in html
        # Nothing else about the family: no last name, birth date, address, e-mail, employment, income.
        for private in (
            "Beispiel",
            "08.03.2024",
            "2024-03-08",
            "Musterstraße 3",
            email,
            "Alex",
            "Vollzeit",
            "vollzeit",
            "Einkommen",
            done.reference,
        ):
            assert private not in html, private
        assert await AuditEvent.count().where(AuditEvent.action == "reservation.view") == 1

        # Another provider's facility, its reservations and offer form: 404 like something that does not exist.
        for path in (
            f"/{TENANT}/traeger/einrichtungen/{fam.kitas[1]}",
            f"/{TENANT}/traeger/einrichtungen/{fam.kitas[1]}/vormerkungen",
            f"/{TENANT}/traeger/einrichtungen/{fam.kitas[1]}/angebote",
            f"/{TENANT}/traeger/einrichtungen/{fam.kitas[1]}/plaetze",
            f"/{TENANT}/traeger/einrichtungen/{fam.kitas[1]}/daten",
            f"/{TENANT}/traeger/einrichtungen/{fam.kitas[1]}/angebot?vormerkung={rid}",
            f"/{TENANT}/traeger/einrichtungen/999999/vormerkungen",
        ):
            assert (await mine.get(path)).status_code == 404, path
        # The other provider sees the same child for its own facility, but not the first one's reservation.
        theirs = await other.get(f"/{TENANT}/traeger/einrichtungen/{fam.kitas[1]}/vormerkungen")
        assert "Mia" in theirs.text and "Geschwisterkind in der Einrichtung" not in theirs.text
        wrong = await other.get(f"/{TENANT}/traeger/einrichtungen/{fam.kitas[1]}/angebot?vormerkung={rid}")
        assert wrong.status_code == 404


async def test_reservations_are_sorted_by_points_then_registration(client, email):
    fam = await family(client, email)
    mia = await submit_kita(client, fam, [fam.kitas[0]])  # 0 points, registered first
    ben_id = await add_child(fam.account_id, "Ben", dt.date(2023, 9, 1))
    ben = await submit_kita(client, fam, [fam.kitas[0]], child_id=ben_id, sibling=[fam.kitas[0]])  # 3 points
    lea_id = await add_child(fam.account_id, "Lea", dt.date(2023, 11, 1))
    lea = await submit_kita(client, fam, [fam.kitas[0]], child_id=lea_id)  # 0 points, registered last
    for done in (mia, ben, lea):
        await confirm(done)
    async with provider_client(client.app, "traeger@beispiel.de", [fam.kitas[0]]) as (provider, _):
        html = (await provider.get(f"/{TENANT}/traeger/einrichtungen/{fam.kitas[0]}/vormerkungen")).text
    # All three are 3 years or older at the desired start: one table, best score first, then the earlier
    # registration.
    assert 'data-reservations="ue3"' in html and 'data-reservations="u3"' not in html
    assert html.index(">Ben<") < html.index(">Mia<") < html.index(">Lea<")
    # Siblings of one family can be offered a place together.
    assert "Gemeinsam mit Mia, Lea anbieten" in html


async def test_provider_pages_are_for_providers_only(client, email):
    fam = await family(client, email)
    # A parent gets 403 (logged in, wrong role); anonymous is sent to the login.
    assert (await client.get(f"/{TENANT}/traeger/")).status_code == 403
    async with other_client(client.app) as anonymous:
        response = await anonymous.get(f"/{TENANT}/traeger/", follow_redirects=False)
        assert response.status_code in (302, 303) and "/anmelden" in response.headers["location"]
    # A provider of the same name in another tenant does not see Wuppertal's facilities.
    from server.accounts import services as accounts
    from server.placement.providers import link

    iserlohn_id = await accounts.create_account(
        "iserlohn", "traeger@beispiel.de", "Sonnige-Wiese-Fahrrad-7", "provider"
    )
    assert (
        await link("iserlohn", iserlohn_id, fam.kitas) == 0
    )  # facilities of another tenant are never linked
    async with other_client(client.app) as staff:
        assert (await login(staff, "iserlohn", "traeger@beispiel.de")).status_code == 303
        assert (
            await staff.get(f"/iserlohn/traeger/einrichtungen/{fam.kitas[0]}/vormerkungen")
        ).status_code == 404
        # Its session belongs to Iserlohn: at Wuppertal it is logged out.
        response = await staff.get(f"/{TENANT}/traeger/", follow_redirects=False)
        assert response.status_code in (302, 303) and "/anmelden" in response.headers["location"]
