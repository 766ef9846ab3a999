"""Password reset by e-mail link: full flow, single use, expiry, and no hint whether an address exists."""

from __future__ import annotations

import datetime as dt

from server.accounts.tables import Account, EmailToken
from server.notifications.tables import OutgoingMail
from tests.integration.support import (
    PASSWORD,
    create_parent,
    link_in,
    location,
    login,
    post_form,
    register,
)

NEW_PASSWORD = "Blauer-Himmel-Ueber-Ronsdorf"


async def request_reset(client, inbox, email, tenant="wuppertal") -> str:
    response = await post_form(client, f"/{tenant}/passwort-vergessen", {"email": email})
    assert response.status_code == 303
    assert location(response) == f"/{tenant}/anmelden"
    message = await inbox.wait_for(email)
    assert "Neues Passwort" in message["Subject"]
    return link_in(message, "passwort-neu")


async def test_full_reset_flow(client, inbox, email):
    await create_parent("wuppertal", email)
    link = await request_reset(client, inbox, email)
    assert link.startswith("/wuppertal/passwort-neu/")

    form = await client.get(link)
    assert form.status_code == 200
    assert "Neues Passwort vergeben" in form.text

    mismatch = await post_form(
        client, link, {"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD + "x"}
    )
    assert mismatch.status_code == 422
    assert "stimmen nicht überein" in mismatch.text
    weak = await post_form(client, link, {"password": "kurz", "password_confirm": "kurz"})
    assert weak.status_code == 422
    assert "mindestens 10 Zeichen" in weak.text

    done = await post_form(client, link, {"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD})
    assert done.status_code == 303
    assert location(done) == "/wuppertal/anmelden"
    assert "Ihr Passwort ist geändert" in (await client.get("/wuppertal/anmelden")).text

    assert (await login(client, "wuppertal", email, PASSWORD)).status_code == 422
    assert (await login(client, "wuppertal", email, NEW_PASSWORD)).status_code == 303


async def test_reset_link_works_only_once(client, inbox, email):
    await create_parent("wuppertal", email)
    link = await request_reset(client, inbox, email)
    data = {"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD}
    assert (await post_form(client, link, data)).status_code == 303

    shown = await client.get(link)
    assert shown.status_code == 410
    assert "bereits verwendet" in shown.text
    reused = await post_form(
        client, link, {"password": "Noch-ein-neues-Passwort", "password_confirm": "Noch-ein-neues-Passwort"}
    )
    assert reused.status_code == 410
    assert "bereits verwendet" in reused.text
    assert (await login(client, "wuppertal", email, NEW_PASSWORD)).status_code == 303


async def test_expired_and_unknown_reset_links(client, inbox, email):
    await create_parent("wuppertal", email)
    link = await request_reset(client, inbox, email)
    await EmailToken.update(
        {EmailToken.expires_at: dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)}, force=True
    )
    expired = await client.get(link)
    assert expired.status_code == 410
    assert "abgelaufen" in expired.text
    posted = await post_form(client, link, {"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD})
    assert posted.status_code == 410
    unknown = await client.get("/wuppertal/passwort-neu/erfunden")
    assert unknown.status_code == 404
    assert "ungültig" in unknown.text


async def test_reset_link_is_bound_to_its_tenant(client, inbox, email):
    await create_parent("iserlohn", email)
    link = await request_reset(client, inbox, email, tenant="iserlohn")
    token = link.rsplit("/", 1)[1]
    assert (await client.get(f"/wuppertal/passwort-neu/{token}")).status_code == 404


async def test_confirmation_token_is_no_reset_token(client, inbox, email):
    await register(client, "wuppertal", email)
    token = link_in(await inbox.wait_for(email), "bestaetigen").rsplit("/", 1)[1]
    assert (await client.get(f"/wuppertal/passwort-neu/{token}")).status_code == 404


async def test_unknown_address_gets_the_same_answer_and_no_mail(client):
    response = await post_form(client, "/wuppertal/passwort-vergessen", {"email": "niemand@beispiel.de"})
    assert response.status_code == 303
    assert location(response) == "/wuppertal/anmelden"
    assert "Wenn zu dieser Adresse ein Konto besteht" in (await client.get("/wuppertal/anmelden")).text
    assert await OutgoingMail.count() == 0


async def test_invalid_address_on_the_forgot_form(client):
    response = await post_form(client, "/wuppertal/passwort-vergessen", {"email": "kein-at-zeichen"})
    assert response.status_code == 422
    assert "im Format name@beispiel.de" in response.text


async def test_reset_confirms_an_unconfirmed_address(client, inbox, email):
    await register(client, "wuppertal", email)
    await inbox.wait_for(email)
    response = await post_form(client, "/wuppertal/passwort-vergessen", {"email": email})
    assert response.status_code == 303
    link = link_in(await inbox.wait_for(email, count=2), "passwort-neu")
    assert (
        await post_form(client, link, {"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD})
    ).status_code == 303
    account = await Account.objects().where(Account.email == email).first()
    assert account.email_confirmed_at is not None
    assert (await login(client, "wuppertal", email, NEW_PASSWORD)).status_code == 303
