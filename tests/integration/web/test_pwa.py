"""Service worker, manifest, offline page, health check, robots.txt, theme and the dev outbox."""

from __future__ import annotations

import json

from server.notifications.tables import OutgoingMail
from server.web.assets import SHELL
from tests.integration.support import eventually, register


async def test_healthz(client):
    response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.json() == {"status": "ok", "database": "up"}


async def test_service_worker_has_version_and_shell_filled_in(client):
    response = await client.get("/sw.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert response.headers["service-worker-allowed"] == "/"
    assert response.headers["cache-control"] == "no-cache"
    body = response.text
    assert "__VERSION__" not in body
    assert "__SHELL__" not in body
    version = client.app.state.assets.version
    assert f'const VERSION = "{version}";' in body
    shell_line = next(line for line in body.splitlines() if line.startswith("const SHELL = "))
    shell = json.loads(shell_line.removeprefix("const SHELL = ").rstrip(";"))
    assert shell[0] == "/offline"
    assert len(shell) == len(SHELL) + 1
    for url in shell:
        assert (await client.get(url)).status_code == 200, url


async def test_offline_page(client):
    response = await client.get("/offline")
    assert response.status_code == 200
    assert "Sie sind gerade offline" in response.text


async def test_manifest(client):
    response = await client.get("/wuppertal/manifest.webmanifest")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/manifest+json")
    manifest = response.json()
    assert manifest["id"] == "/wuppertal/"
    assert manifest["name"] == "Familienportal Wuppertal"
    assert len(manifest["short_name"]) <= 12
    assert manifest["lang"] == "de"
    assert manifest["start_url"] == "/wuppertal/uebersicht"
    assert manifest["scope"] == "/wuppertal/"
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"] == "#00505c"
    purposes = {icon["purpose"] for icon in manifest["icons"]}
    assert purposes == {"any", "maskable"}
    for icon in manifest["icons"]:
        image = await client.get(icon["src"])
        assert image.status_code == 200, icon["src"]
        assert image.headers["content-type"] == "image/png"
        assert image.content.startswith(b"\x89PNG")


async def test_each_tenant_has_its_own_manifest_and_theme(client):
    iserlohn = (await client.get("/iserlohn/manifest.webmanifest")).json()
    assert iserlohn["scope"] == "/iserlohn/"
    assert iserlohn["theme_color"] == "#7a1f2b"
    theme = await client.get("/iserlohn/theme.css")
    assert theme.status_code == 200
    assert theme.headers["content-type"].startswith("text/css")
    assert "--brand:#7a1f2b" in theme.text


async def test_branding_serves_only_listed_files(client):
    assert (await client.get("/wuppertal/branding/logo.svg")).status_code == 200
    assert (await client.get("/wuppertal/branding/tenant.toml")).status_code == 404
    assert (await client.get("/wuppertal/branding/..%2F..%2Fsettings.py")).status_code == 404


async def test_robots_txt(client):
    response = await client.get("/robots.txt")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    assert "Disallow: /_dev/" in response.text


async def test_dev_outbox_is_hidden_when_smtp_is_configured(client):
    response = await client.get("/_dev/outbox")
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.text


async def test_dev_outbox_is_hidden_in_test_and_production_settings(app_client):
    async with app_client(smtp_host="") as client:
        assert (await client.get("/_dev/outbox")).status_code == 404


async def test_dev_outbox_shows_mail_in_development_without_smtp(app_client, email, tmp_path):
    async with app_client(env="development", smtp_host="", var_dir=str(tmp_path)) as client:
        assert (await client.get("/_dev/outbox")).status_code == 200
        assert (await register(client, "wuppertal", email)).status_code == 303

        async def sent() -> bool:
            return await OutgoingMail.count().where(OutgoingMail.status == "sent") == 1

        await eventually(sent)
        outbox = await client.get("/_dev/outbox")
        assert email in outbox.text
        assert "/wuppertal/bestaetigen/" in outbox.text
        assert list((tmp_path / "outbox").glob("*.eml"))
