"""Registration of a parent: the form, its errors, the confirmation e-mail, and the path to the dashboard."""

from __future__ import annotations

from server.accounts.tables import Account
from server.notifications.tables import OutgoingMail
from tests.integration.support import (
    PASSWORD,
    body_of,
    create_parent,
    link_in,
    location,
    login,
    post_form,
    register,
)


async def test_register_confirm_login_dashboard(client, inbox, email):
    page = await client.get("/wuppertal/registrieren")
    assert page.status_code == 200
    assert 'name="_csrf_token"' in page.text

    response = await register(client, "wuppertal", email)
    assert response.status_code == 303
    assert location(response) == "/wuppertal/registrieren/gesendet"
    sent_page = await client.get(location(response))
    assert "Fast geschafft" in sent_page.text  # the flash message

    message = await inbox.wait_for(email)
    assert "Bitte bestätigen Sie Ihre E-Mail-Adresse" in message["Subject"]
    assert "Wuppertal" in body_of(message)
    link = link_in(message, "bestaetigen")
    assert link.startswith("/wuppertal/bestaetigen/")

    # GET only shows a button (mail scanners follow links), the address is not confirmed yet.
    confirm_page = await client.get(link)
    assert confirm_page.status_code == 200
    assert f'action="{link}"' in confirm_page.text
    account = await Account.objects().where(Account.email == email).first()
    assert account.email_confirmed_at is None

    confirmed = await post_form(client, link, {})
    assert confirmed.status_code == 303
    assert location(confirmed) == "/wuppertal/anmelden"
    account = await Account.objects().where(Account.email == email).first()
    assert account.email_confirmed_at is not None

    logged_in = await login(client, "wuppertal", email)
    assert logged_in.status_code == 303
    assert location(logged_in) == "/wuppertal/uebersicht"
    dashboard = await client.get("/wuppertal/uebersicht")
    assert dashboard.status_code == 200
    assert "Ihre Übersicht" in dashboard.text
    assert email in dashboard.text


async def test_account_is_stored_lower_case_with_an_argon2id_hash(client, inbox, email):
    response = await register(client, "wuppertal", email.upper())
    assert response.status_code == 303
    account = await Account.objects().where(Account.email == email).first()
    assert account is not None
    assert account.tenant == "wuppertal"
    assert account.role == "parent"
    assert account.password_hash.startswith("$argon2id$")
    assert PASSWORD not in account.password_hash
    await inbox.wait_for(email)


async def test_duplicate_email_is_refused(client, inbox, email):
    assert (await register(client, "wuppertal", email)).status_code == 303
    again = await register(client, "wuppertal", email.upper())
    assert again.status_code == 422
    assert "Zu dieser E-Mail-Adresse gibt es schon ein Konto" in again.text
    assert await Account.count().where(Account.email == email) == 1


async def test_same_email_may_register_in_another_tenant(client, inbox, email):
    assert (await register(client, "wuppertal", email)).status_code == 303
    other = await register(client, "iserlohn", email)
    assert other.status_code == 303
    assert location(other) == "/iserlohn/registrieren/gesendet"
    second = await inbox.wait_for(email, count=2)
    assert link_in(second, "bestaetigen").startswith("/iserlohn/")


async def test_weak_password(client, email):
    response = await register(client, "wuppertal", email, password="kurz")
    assert response.status_code == 422
    assert "mindestens 10 Zeichen" in response.text
    common = await register(client, "wuppertal", email, password="Passwort123")
    assert common.status_code == 422
    assert "zu leicht zu erraten" in common.text
    assert await Account.count() == 0


async def test_password_containing_the_address(client):
    response = await register(client, "wuppertal", "hildegard@beispiel.de", password="Hildegard-im-Garten")
    assert response.status_code == 422
    assert "E-Mail-Adresse nicht enthalten" in response.text


async def test_mismatched_password_confirmation(client, email):
    data = {"email": email, "password": PASSWORD, "password_confirm": PASSWORD + "!", "terms": "yes"}
    response = await post_form(client, "/wuppertal/registrieren", data)
    assert response.status_code == 422
    assert "stimmen nicht überein" in response.text
    # The typed passwords are never sent back; the address is kept.
    assert PASSWORD not in response.text
    assert f'value="{email}"' in response.text


async def test_missing_confirmation_and_terms(client, email):
    data = {"email": email, "password": PASSWORD, "password_confirm": ""}
    response = await post_form(client, "/wuppertal/registrieren", data)
    assert response.status_code == 422
    assert "Bitte wiederholen Sie das Passwort" in response.text
    assert "Datenschutzhinweise gelesen haben" in response.text
    assert 'aria-invalid="true"' in response.text


async def test_invalid_and_over_long_email(client):
    bad = await register(client, "wuppertal", "eltern-at-beispiel.de")
    assert bad.status_code == 422
    assert "im Format name@beispiel.de" in bad.text
    long_address = "a" * 64 + "@" + "b" * 250 + ".de"
    too_long = await register(client, "wuppertal", long_address)
    assert too_long.status_code == 422
    assert "im Format name@beispiel.de" in too_long.text
    huge = await register(client, "wuppertal", "x" * 50_000)
    assert huge.status_code == 422
    assert await Account.count() == 0


async def test_over_long_password_is_a_422_not_a_500(client, email):
    response = await register(client, "wuppertal", email, password="Zx9!" * 50)
    assert response.status_code == 422
    assert "höchstens 128 Zeichen" in response.text


async def test_resend_confirmation_link(client, inbox, email):
    await register(client, "wuppertal", email)
    first = link_in(await inbox.wait_for(email), "bestaetigen")
    resent = await post_form(client, "/wuppertal/registrieren/erneut-senden", {"email": email})
    assert resent.status_code == 303
    assert location(resent) == "/wuppertal/registrieren/gesendet"
    second_message = await inbox.wait_for(email, count=2)
    assert "neuer Bestätigungslink" in second_message["Subject"]
    second = link_in(second_message, "bestaetigen")
    assert second != first
    assert (await post_form(client, second, {})).status_code == 303
    assert (await login(client, "wuppertal", email)).status_code == 303


async def test_resend_answers_the_same_for_unknown_and_confirmed_addresses(client, inbox, email):
    unknown = await post_form(
        client, "/wuppertal/registrieren/erneut-senden", {"email": "niemand@beispiel.de"}
    )
    assert unknown.status_code == 303
    assert location(unknown) == "/wuppertal/registrieren/gesendet"
    assert await OutgoingMail.count() == 0
    await create_parent("wuppertal", email)  # confirmed already
    confirmed = await post_form(client, "/wuppertal/registrieren/erneut-senden", {"email": email})
    assert confirmed.status_code == 303
    assert location(confirmed) == "/wuppertal/registrieren/gesendet"
    assert await OutgoingMail.count() == 0
    invalid = await post_form(client, "/wuppertal/registrieren/erneut-senden", {"email": "kaputt"})
    assert invalid.status_code == 422
    assert "im Format name@beispiel.de" in invalid.text
