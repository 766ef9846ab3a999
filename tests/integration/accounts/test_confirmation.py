"""Confirmation links: single use, unknown, expired, bound to their tenant; unconfirmed accounts cannot log in."""

from __future__ import annotations

import datetime as dt

from server.accounts.tables import Account, EmailToken
from tests.integration.support import link_in, location, login, post_form, register


async def registered_link(client, inbox, email, tenant="wuppertal") -> str:
    assert (await register(client, tenant, email)).status_code == 303
    return link_in(await inbox.wait_for(email), "bestaetigen")


async def test_confirmation_link_works_only_once(client, inbox, email):
    link = await registered_link(client, inbox, email)
    assert (await post_form(client, link, {})).status_code == 303
    again = await post_form(client, link, {})
    assert again.status_code == 410
    assert "bereits verwendet" in again.text
    assert "/wuppertal/anmelden" in again.text  # offers the login


async def test_unknown_confirmation_link(client):
    response = await post_form(
        client, "/wuppertal/bestaetigen/erfunden-123", {}, form_page="/wuppertal/registrieren"
    )
    assert response.status_code == 404
    assert "Dieser Link ist ungültig" in response.text
    over_long = await post_form(client, "/wuppertal/bestaetigen/" + "a" * 500, {})
    assert over_long.status_code == 404


async def test_expired_confirmation_link(client, inbox, email):
    link = await registered_link(client, inbox, email)
    past = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    await EmailToken.update({EmailToken.expires_at: past}, force=True)
    response = await post_form(client, link, {})
    assert response.status_code == 410
    assert "abgelaufen" in response.text
    account = await Account.objects().where(Account.email == email).first()
    assert account.email_confirmed_at is None


async def test_confirmation_link_of_another_tenant_is_unknown_there(client, inbox, email):
    link = await registered_link(client, inbox, email, tenant="iserlohn")
    token = link.rsplit("/", 1)[1]
    response = await post_form(client, f"/wuppertal/bestaetigen/{token}", {})
    assert response.status_code == 404
    # Still usable where it belongs.
    assert (await post_form(client, link, {})).status_code == 303


async def test_unconfirmed_account_cannot_log_in(client, inbox, email):
    await registered_link(client, inbox, email)
    response = await login(client, "wuppertal", email)
    assert response.status_code == 422
    assert "Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse" in response.text
    assert "/wuppertal/registrieren/gesendet" in response.text  # offers a new link
    dashboard = await client.get("/wuppertal/uebersicht", follow_redirects=False)
    assert dashboard.status_code == 303
    assert location(dashboard).startswith("/wuppertal/anmelden")
