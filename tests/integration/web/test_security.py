"""CSRF protection, security headers and caching rules on every kind of response."""

from __future__ import annotations

import pytest

from server.accounts.tables import Account
from tests.integration.support import CSRF_COOKIE, create_parent, location, login

EXPIRED_FORM = "Das Formular ist abgelaufen"


async def test_post_without_csrf_token_is_refused(client, email):
    await client.get("/wuppertal/registrieren")  # the cookie alone is not enough
    data = {
        "email": email,
        "password": "Sonnige-Wiese-Fahrrad-7",
        "password_confirm": "Sonnige-Wiese-Fahrrad-7",
        "terms": "yes",
    }
    response = await client.post("/wuppertal/registrieren", data=data, follow_redirects=False)
    assert response.status_code == 403
    assert EXPIRED_FORM in response.text
    assert await Account.count() == 0


async def test_post_with_a_forged_or_foreign_token_is_refused(client, app_client, email):
    await create_parent("wuppertal", email)
    await client.get("/wuppertal/anmelden")
    data = {"email": email, "password": "Sonnige-Wiese-Fahrrad-7"}
    forged = await client.post(
        "/wuppertal/anmelden", data={**data, "_csrf_token": "0" * 128}, follow_redirects=False
    )
    assert forged.status_code == 403
    assert EXPIRED_FORM in forged.text
    # A token issued by an installation with another secret does not match either.
    async with app_client(secret_key="ein-ganz-anderer-geheimer-schluessel-123") as other:
        await other.get("/wuppertal/anmelden")
        foreign = other.cookies[CSRF_COOKIE]
    response = await client.post(
        "/wuppertal/anmelden", data={**data, "_csrf_token": foreign}, follow_redirects=False
    )
    assert response.status_code == 403


async def test_csrf_token_in_the_header_is_accepted(client, email):
    """htmx sends the token as x-csrftoken (see hx-headers in base.html)."""
    await create_parent("wuppertal", email)
    page = await client.get("/wuppertal/anmelden")
    token = client.cookies[CSRF_COOKIE]
    assert token in page.text  # hidden input and hx-headers carry the cookie's value
    response = await client.post(
        "/wuppertal/anmelden",
        data={"email": email, "password": "Sonnige-Wiese-Fahrrad-7"},
        headers={"x-csrftoken": token},
        follow_redirects=False,
    )
    assert response.status_code == 303


async def test_logout_needs_a_token_too(client, email):
    await create_parent("wuppertal", email)
    await login(client, "wuppertal", email)
    response = await client.post("/wuppertal/abmelden", follow_redirects=False)
    assert response.status_code == 403
    assert (await client.get("/wuppertal/uebersicht", follow_redirects=False)).status_code == 200


def assert_security_headers(response) -> None:
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "same-origin"
    assert "strict-transport-security" not in response.headers  # plain http in tests


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/wuppertal/",
        "/wuppertal/anmelden",
        "/wuppertal/registrieren",
        "/offline",
        "/healthz",
        "/sw.js",
        "/wuppertal/manifest.webmanifest",
        "/gibt-es-nicht/",
        "/gibt-es-nicht/anmelden",
        "/wuppertal/gibt-es-nicht",  # no route matches: answered outside any route's middleware
        "/static/gibt-es-nicht.css",
    ],
)
async def test_security_headers_everywhere(client, path):
    assert_security_headers(await client.get(path))


async def test_security_headers_on_errors_outside_routes(client):
    """CSRF refusals and wrong methods are answered before any handler runs; they carry the headers too."""
    await client.get("/wuppertal/anmelden")
    refused = await client.post("/wuppertal/anmelden", data={"email": "a@b.de"}, follow_redirects=False)
    assert refused.status_code == 403
    assert_security_headers(refused)
    wrong_method = await client.delete(
        "/wuppertal/anmelden", headers={"x-csrftoken": client.cookies[CSRF_COOKIE]}
    )
    assert wrong_method.status_code == 405
    assert_security_headers(wrong_method)


async def test_security_headers_on_redirects_and_form_errors(client):
    redirect = await client.get("/wuppertal/uebersicht", follow_redirects=False)
    assert redirect.status_code == 303
    assert_security_headers(redirect)
    invalid = await login(client, "wuppertal", "kaputt", "x")
    assert invalid.status_code == 422
    assert_security_headers(invalid)


async def test_pages_vary_on_htmx_and_are_not_cached_publicly(client, email):
    await create_parent("wuppertal", email)
    await login(client, "wuppertal", email)
    for path in ("/wuppertal/anmelden", "/wuppertal/uebersicht", "/wuppertal/haushalt/"):
        response = await client.get(path)
        assert response.status_code == 200
        assert "hx-request" in response.headers["vary"].lower()
        assert response.headers["cache-control"] == "private, no-cache"


async def test_versioned_static_files_are_immutable(client):
    page = await client.get("/wuppertal/anmelden")
    start = page.text.index("/static/css/app.css?v=")
    url = page.text[start : page.text.index('"', start)]
    response = await client.get(url)
    assert response.status_code == 200
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert_security_headers(response)


async def test_csrf_cookie_is_same_site_lax(client):
    response = await client.get("/wuppertal/anmelden")
    cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith(f"{CSRF_COOKIE}="))
    assert "samesite=lax" in cookie.lower()


async def test_flash_cookie_is_http_only_and_used_once(client, email):
    await create_parent("wuppertal", email)
    response = await login(client, "wuppertal", email)
    flash = next(c for c in response.headers.get_list("set-cookie") if c.startswith("portal_flash="))
    assert "httponly" in flash.lower() and "samesite=lax" in flash.lower()
    first = await client.get(location(response))
    assert "Sie sind angemeldet" in first.text
    second = await client.get(location(response))
    assert "Sie sind angemeldet" not in second.text


async def test_flash_cookie_cannot_inject_text(client):
    client.cookies.set("portal_flash", "<script>alert(1)</script>", domain="testserver.local", path="/")
    page = await client.get("/wuppertal/anmelden")
    assert "<script>alert(1)</script>" not in page.text
    assert "Erledigt" not in page.text
