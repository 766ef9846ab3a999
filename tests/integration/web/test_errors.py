"""German error pages: unknown tenant, unknown page, no access, login needed, too large."""

from __future__ import annotations

from server.accounts import services as accounts
from tests.integration.support import PASSWORD, location, login, post_form


async def test_unknown_tenant(client):
    for path in (
        "/nirgendwo/",
        "/nirgendwo/anmelden",
        "/nirgendwo/haushalt/",
        "/nirgendwo/manifest.webmanifest",
    ):
        response = await client.get(path, follow_redirects=False)
        assert response.status_code == 404, path
        assert "Diese Kommune gibt es hier nicht" in response.text
    page = (await client.get("/nirgendwo/")).text
    assert 'href="/wuppertal/"' in page and 'href="/iserlohn/"' in page  # offers the list
    assert '<html lang="de">' in page


async def test_unknown_tenant_on_post(client):
    response = await post_form(
        client, "/nirgendwo/anmelden", {"email": "a@b.de", "password": "x"}, form_page="/"
    )
    assert response.status_code == 404
    assert "Diese Kommune gibt es hier nicht" in response.text


async def test_unknown_page_of_a_tenant(client):
    response = await client.get("/wuppertal/gibt-es-nicht")
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.text
    assert "Familienportal Wuppertal" in response.text  # the tenant's layout


async def test_post_to_a_protected_page_without_login(client):
    data = {
        "born": "yes",
        "first_name": "Mia",
        "last_name": "B",
        "birth_date-day": "1",
        "birth_date-month": "1",
        "birth_date-year": "2024",
    }
    response = await post_form(
        client, "/wuppertal/haushalt/kinder/neu", data, form_page="/wuppertal/anmelden"
    )
    assert response.status_code == 401
    assert "Bitte melden Sie sich an" in response.text


async def test_staff_see_their_dashboard_but_no_household(client):
    await accounts.create_staff("wuppertal", "sachbearbeitung@beispiel.de", PASSWORD, "caseworker")
    await login(client, "wuppertal", "sachbearbeitung@beispiel.de")
    dashboard = await client.get("/wuppertal/uebersicht")
    assert dashboard.status_code == 200
    assert "Übersicht für Mitarbeitende" in dashboard.text
    assert "Sachbearbeitung" in dashboard.text
    household = await client.get("/wuppertal/haushalt/")
    assert household.status_code == 403
    assert "Kein Zugriff" in household.text


async def test_too_large_body(client):
    await client.get("/wuppertal/anmelden")
    response = await client.post(
        "/wuppertal/anmelden",
        content=b"email=" + b"a" * (2 * 1024 * 1024),
        headers={"content-type": "application/x-www-form-urlencoded"},
        follow_redirects=False,
    )
    assert response.status_code == 413
    assert "Die Eingabe ist zu groß" in response.text


async def test_start_pages(client):
    chooser = await client.get("/")
    assert chooser.status_code == 200
    assert 'href="/wuppertal/"' in chooser.text
    start = await client.get("/iserlohn/")
    assert start.status_code == 200
    assert "Familienportal Iserlohn" in start.text
    assert "Demo" in start.text
    assert location(await client.get("/wuppertal/uebersicht", follow_redirects=False)).startswith(
        "/wuppertal/"
    )
