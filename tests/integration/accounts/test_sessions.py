"""Sessions: a new token at every login (no fixation), the old one dead; logout ends the session."""

from __future__ import annotations

from tests.integration.support import (
    SESSION_COOKIE,
    create_parent,
    location,
    login,
    logout,
    session_cookie,
)


async def status_with_session(client, token: str, path: str = "/wuppertal/uebersicht") -> int:
    """The status of `path` when the browser sends only this session cookie."""
    response = await client.get(path, headers={"Cookie": f"{SESSION_COOKIE}={token}"}, follow_redirects=False)
    return response.status_code


async def test_session_token_is_renewed_on_login(client, email):
    await create_parent("wuppertal", email)
    await login(client, "wuppertal", email)
    first = session_cookie(client)
    assert first and await status_with_session(client, first) == 200

    await login(client, "wuppertal", email)
    second = session_cookie(client)
    assert second and second != first
    assert await status_with_session(client, second) == 200
    assert await status_with_session(client, first) == 303  # the old session is gone


async def test_planted_session_cookie_is_not_adopted(client, email):
    """Session fixation: a cookie set before login must not become the logged-in session."""
    await create_parent("wuppertal", email)
    planted = "angreifer-kennt-diesen-wert"
    client.cookies.set(SESSION_COOKIE, planted, domain="testserver.local", path="/")
    assert await status_with_session(client, planted) == 303
    response = await login(client, "wuppertal", email)
    assert response.status_code == 303
    assert session_cookie(client) != planted
    assert await status_with_session(client, planted) == 303


async def test_logout_ends_the_session(client, email):
    await create_parent("wuppertal", email)
    await login(client, "wuppertal", email)
    token = session_cookie(client)
    response = await logout(client, "wuppertal")
    assert response.status_code == 303
    assert location(response) == "/wuppertal/anmelden"
    assert response.headers["clear-site-data"] == '"cache"'
    assert not session_cookie(client)
    assert await status_with_session(client, token) == 303
    after = await client.get("/wuppertal/uebersicht", follow_redirects=False)
    assert after.status_code == 303
    page = await client.get("/wuppertal/anmelden")
    assert "Sie sind abgemeldet" in page.text


async def test_session_cookie_flags(client, email):
    await create_parent("wuppertal", email)
    response = await login(client, "wuppertal", email)
    cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith(f"{SESSION_COOKIE}="))
    attributes = {part.strip().lower() for part in cookie.split(";")}
    assert "httponly" in attributes
    assert "samesite=lax" in attributes
    assert "path=/" in attributes
    assert "secure" not in attributes  # plain-http test settings


async def test_secure_cookies_use_the_host_prefix(app_client, inbox, email):
    await create_parent("wuppertal", email)
    async with app_client(secure_cookies=True) as client:
        client.base_url = "https://testserver.local"  # secure cookies travel over https only
        response = await login(client, "wuppertal", email)
        assert response.status_code == 303
        cookie = next(c for c in response.headers.get_list("set-cookie") if "portal_session=" in c)
        assert cookie.startswith("__Host-portal_session=")
        attributes = {part.strip().lower() for part in cookie.split(";")}
        assert {"httponly", "secure", "samesite=lax", "path=/"} <= attributes
        assert not any(a.startswith("domain=") for a in attributes)
        assert "max-age=63072000" in response.headers["strict-transport-security"]
        dashboard = await client.get("/wuppertal/uebersicht", follow_redirects=False)
        assert dashboard.status_code == 200
