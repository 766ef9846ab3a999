"""Tenants are separate: accounts, sessions, and household records never cross a tenant or a household."""

from __future__ import annotations

import pytest

from server.households.tables import Child, Guardian
from tests.integration.households.forms import born_child, guardian
from tests.integration.support import create_parent, location, logged_in_parent, login, post_form


async def test_account_of_iserlohn_cannot_log_in_under_wuppertal(client, email):
    await create_parent("iserlohn", email)
    response = await login(client, "wuppertal", email)
    assert response.status_code == 422
    assert "E-Mail-Adresse oder Passwort ist falsch" in response.text
    assert (await login(client, "iserlohn", email)).status_code == 303


async def test_wuppertal_session_does_not_open_iserlohn_pages(client, email):
    await logged_in_parent(client, "wuppertal", email)
    assert (await client.get("/wuppertal/uebersicht", follow_redirects=False)).status_code == 200
    for path in ("/iserlohn/uebersicht", "/iserlohn/haushalt/", "/iserlohn/haushalt/kinder/neu"):
        response = await client.get(path, follow_redirects=False)
        assert response.status_code == 303, path
        assert location(response).startswith("/iserlohn/anmelden?weiter=/iserlohn/")
    form = await client.get("/iserlohn/anmelden")
    assert form.status_code == 200  # the login form, not a redirect into the Wuppertal session
    assert "Abmelden" not in form.text


async def test_wuppertal_session_cannot_post_to_iserlohn(client, email):
    await logged_in_parent(client, "wuppertal", email)
    response = await post_form(client, "/iserlohn/haushalt/kinder/neu", born_child())
    assert response.status_code == 401
    assert await Child.count() == 0


@pytest.fixture
async def foreign_records(client):
    """A Wuppertal household with a child and a guardian, created through the pages; returns their ids."""
    await logged_in_parent(client, "wuppertal", "erste.familie@beispiel.de")
    await post_form(client, "/wuppertal/haushalt/kinder/neu", born_child("Geheimkind", "Erstfamilie"))
    await post_form(
        client, "/wuppertal/haushalt/sorgeberechtigte/neu", guardian("Geheimvater", "Erstfamilie")
    )
    child = await Child.objects().first()
    person = await Guardian.objects().first()
    return {"kinder": child.id, "sorgeberechtigte": person.id}


@pytest.mark.parametrize("tenant", ["wuppertal", "iserlohn"])
@pytest.mark.parametrize("kind", ["kinder", "sorgeberechtigte"])
async def test_records_of_another_household_are_not_found(client, foreign_records, tenant, kind):
    await logged_in_parent(client, tenant, f"zweite.familie.{tenant}@beispiel.de")
    record = foreign_records[kind]
    changes = born_child("Gekapert", "Angreifer") if kind == "kinder" else guardian("Gekapert", "Angreifer")

    for path in (f"/{tenant}/haushalt/{kind}/{record}", f"/{tenant}/haushalt/{kind}/{record}/entfernen"):
        shown = await client.get(path)
        assert shown.status_code == 404, path
        assert "Seite nicht gefunden" in shown.text
        assert "Geheim" not in shown.text and "Erstfamilie" not in shown.text

    changed = await post_form(client, f"/{tenant}/haushalt/{kind}/{record}", changes)
    assert changed.status_code == 404
    removed = await post_form(client, f"/{tenant}/haushalt/{kind}/{record}/entfernen", {})
    assert removed.status_code == 404

    # The records are untouched, and the intruder's own household shows none of them.
    assert await Child.count().where(Child.last_name == "Erstfamilie") == 1
    assert await Guardian.count().where(Guardian.last_name == "Erstfamilie") == 1
    assert await Child.count().where(Child.last_name == "Angreifer") == 0
    assert await Guardian.count().where(Guardian.last_name == "Angreifer") == 0
    overview = await client.get(f"/{tenant}/haushalt/")
    assert "Geheim" not in overview.text


async def test_same_address_in_two_tenants_are_two_households(client, email):
    await logged_in_parent(client, "wuppertal", email)
    await post_form(client, "/wuppertal/haushalt/kinder/neu", born_child("Wupperkind"))
    await logged_in_parent(client, "iserlohn", email)
    overview = await client.get("/iserlohn/haushalt/")
    assert overview.status_code == 200
    assert "Wupperkind" not in overview.text
    assert "noch kein Kind eingetragen" in overview.text
