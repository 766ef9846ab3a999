"""Login: wrong credentials, the target after login, and throttling per account and per IP."""

from __future__ import annotations

from server.accounts.tables import Account
from tests.integration.support import PASSWORD, create_parent, location, login, session_cookie

TOO_MANY = "Zu viele fehlgeschlagene Anmeldungen"


async def test_wrong_password_and_unknown_address_get_the_same_answer(client, email):
    await create_parent("wuppertal", email)
    wrong = await login(client, "wuppertal", email, "Falsches-Passwort-99")
    unknown = await login(client, "wuppertal", "niemand@beispiel.de", PASSWORD)
    for response in (wrong, unknown):
        assert response.status_code == 422
        assert "E-Mail-Adresse oder Passwort ist falsch" in response.text
        assert "Falsches-Passwort-99" not in response.text
    assert session_cookie(client) is None


async def test_missing_fields(client):
    response = await login(client, "wuppertal", "", "")
    assert response.status_code == 422
    assert "Bitte geben Sie Ihre E-Mail-Adresse ein" in response.text
    assert "Bitte geben Sie Ihr Passwort ein" in response.text


async def test_login_is_case_insensitive_for_the_address_and_records_the_time(client, email):
    await create_parent("wuppertal", email)
    response = await login(client, "wuppertal", email.upper())
    assert response.status_code == 303
    account = await Account.objects().where(Account.email == email).first()
    assert account.last_login_at is not None


async def test_inactive_account_cannot_log_in(client, email):
    await create_parent("wuppertal", email)
    await Account.update({Account.active: False}).where(Account.email == email)
    response = await login(client, "wuppertal", email)
    assert response.status_code == 422
    assert "E-Mail-Adresse oder Passwort ist falsch" in response.text


async def test_protected_page_sends_to_login_and_back(client, email):
    await create_parent("wuppertal", email)
    redirected = await client.get("/wuppertal/haushalt/", follow_redirects=False)
    assert redirected.status_code == 303
    # Litestar drops the trailing slash of the path; both forms reach the page.
    assert location(redirected) == "/wuppertal/anmelden?weiter=/wuppertal/haushalt"
    form = await client.get(location(redirected))
    assert 'name="next" value="/wuppertal/haushalt"' in form.text
    response = await login(client, "wuppertal", email, next_path="/wuppertal/haushalt")
    assert response.status_code == 303
    assert location(response) == "/wuppertal/haushalt"
    assert (await client.get("/wuppertal/haushalt")).status_code == 200


async def test_no_open_redirect_after_login(client, email):
    await create_parent("wuppertal", email)
    for target in (
        "https://evil.example/",
        "//evil.example/",
        "/iserlohn/uebersicht",
        "/wuppertal//evil.example",
    ):
        response = await login(client, "wuppertal", email, next_path=target)
        assert response.status_code == 303
        assert location(response) == "/wuppertal/uebersicht"


async def test_login_page_when_already_logged_in(client, email):
    await create_parent("wuppertal", email)
    await login(client, "wuppertal", email)
    response = await client.get("/wuppertal/anmelden?weiter=https://evil.example/", follow_redirects=False)
    assert response.status_code == 303
    assert location(response) == "/wuppertal/uebersicht"


async def test_account_is_blocked_after_five_failures_even_with_the_right_password(client, email):
    await create_parent("wuppertal", email)
    for _ in range(5):
        response = await login(client, "wuppertal", email, "Falsches-Passwort-99")
        assert response.status_code == 422
        assert TOO_MANY not in response.text
    blocked = await login(client, "wuppertal", email, PASSWORD)
    assert blocked.status_code == 422
    assert TOO_MANY in blocked.text
    assert session_cookie(client) is None
    # Another account from the same client is not affected by the per-account limit.
    other = "andere.person@beispiel.de"
    await create_parent("wuppertal", other)
    assert (await login(client, "wuppertal", other)).status_code == 303


async def test_the_account_limit_is_per_tenant(client, email):
    await create_parent("wuppertal", email)
    await create_parent("iserlohn", email)
    for _ in range(5):
        await login(client, "wuppertal", email, "Falsches-Passwort-99")
    assert TOO_MANY in (await login(client, "wuppertal", email)).text
    assert (await login(client, "iserlohn", email)).status_code == 303


async def test_success_resets_the_account_counter(client, email):
    await create_parent("wuppertal", email)
    for _ in range(4):
        await login(client, "wuppertal", email, "Falsches-Passwort-99")
    assert (await login(client, "wuppertal", email)).status_code == 303
    for _ in range(4):
        await login(client, "wuppertal", email, "Falsches-Passwort-99")
    assert (await login(client, "wuppertal", email)).status_code == 303


async def test_ip_is_blocked_across_accounts(app_client, inbox, email):
    await create_parent("wuppertal", email)
    async with app_client(login_max_failures_per_ip=3, login_max_failures_per_account=10) as client:
        for n in range(3):
            response = await login(client, "wuppertal", f"rater{n}@beispiel.de", "Falsches-Passwort-99")
            assert TOO_MANY not in response.text
        blocked = await login(client, "wuppertal", email, PASSWORD)
        assert blocked.status_code == 422
        assert TOO_MANY in blocked.text
