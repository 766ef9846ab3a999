"""The portal as an installable, offline-capable app: service worker, manifest, installability, offline."""

from __future__ import annotations

import re
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, BrowserType, Page, expect

from e2e.conftest import ACTION_TIMEOUT_MS
from e2e.pages import (
    DEMO_PASSWORD,
    TENANT_NAMES,
    A11yLedger,
    ForgotPasswordPage,
    LoginPage,
    OfflinePage,
    StartPage,
    demo_parent,
    wait_for_async,
)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_SIGNATURE, "not a PNG file"
    assert data[12:16] == b"IHDR", "PNG without IHDR chunk"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def wait_for_service_worker(page: Page) -> None:
    """Wait until the service worker is active and controls this page (it claims open pages on activate)."""
    page.evaluate("async () => { await navigator.serviceWorker.ready; }")
    page.wait_for_function("() => navigator.serviceWorker.controller?.state === 'activated'")


def test_service_worker_controls_the_page(page: Page, base_url: str) -> None:
    StartPage(page).goto()
    registration = page.evaluate(
        "async () => { const r = await navigator.serviceWorker.ready;"
        " return {scope: r.scope, script: r.active.scriptURL}; }"
    )
    assert registration == {"scope": f"{base_url}/", "script": f"{base_url}/sw.js"}
    page.reload()
    StartPage(page).expect_shown()
    wait_for_service_worker(page)
    assert page.evaluate("navigator.serviceWorker.controller !== null")
    assert page.evaluate("navigator.serviceWorker.controller.scriptURL") == f"{base_url}/sw.js"


@pytest.mark.parametrize("tenant", ["wuppertal", "iserlohn"])
def test_manifest_is_valid(page: Page, tenant: str) -> None:
    start = StartPage(page, tenant)
    start.goto()
    manifest_link = page.locator("link[rel=manifest]")
    expect(manifest_link).to_have_attribute("href", f"/{tenant}/manifest.webmanifest")

    response = page.request.get(f"/{tenant}/manifest.webmanifest")
    assert response.ok, response.status
    assert response.headers["content-type"].startswith("application/manifest+json")
    manifest = response.json()
    name = TENANT_NAMES[tenant]
    assert manifest["name"] == f"Familienportal {name}"
    assert manifest["short_name"] and len(manifest["short_name"]) <= 12, manifest["short_name"]
    assert manifest["lang"] == "de"
    assert manifest["scope"] == f"/{tenant}/"
    assert manifest["start_url"].startswith(manifest["scope"]), "start_url must lie inside the scope"
    assert manifest["display"] == "standalone"
    theme = page.locator("meta[name=theme-color]").get_attribute("content")
    assert re.fullmatch(r"#[0-9a-fA-F]{6}", manifest["theme_color"]), manifest["theme_color"]
    assert manifest["theme_color"] == theme, "manifest and page disagree on the theme colour"

    icons = manifest["icons"]
    sizes = {(icon["sizes"], icon.get("purpose", "any")) for icon in icons}
    assert ("192x192", "any") in sizes and ("512x512", "any") in sizes, sizes
    assert any("maskable" in icon.get("purpose", "").split() and icon["sizes"] == "512x512" for icon in icons)
    for icon in icons:
        image = page.request.get(icon["src"])
        assert image.ok, f"{icon['src']}: {image.status}"
        assert image.headers["content-type"] == "image/png", f"{icon['src']}: {image.headers['content-type']}"
        assert icon["type"] == "image/png"
        width, height = png_size(image.body())
        assert f"{width}x{height}" == icon["sizes"], f"{icon['src']} is {width}x{height}, not {icon['sizes']}"

    # Chromium's own manifest parser finds nothing to complain about.
    cdp = page.context.new_cdp_session(page)
    parsed = cdp.send("Page.getAppManifest")
    assert parsed["url"].endswith(f"/{tenant}/manifest.webmanifest")
    assert parsed.get("errors") == [], parsed.get("errors")


@pytest.fixture
def profile_context(
    browser_type: BrowserType,
    browser_type_launch_args: dict[str, Any],
    browser_context_args: dict[str, Any],
    tmp_path: Path,
) -> Iterator[BrowserContext]:
    """A phone context with an on-disk profile. Chromium never offers to install an app from an incognito
    profile ("in-incognito"), and the contexts of `browser.new_context()` are incognito."""
    options = {k: v for k, v in browser_context_args.items() if k != "default_browser_type"}
    ctx = browser_type.launch_persistent_context(tmp_path / "profile", **browser_type_launch_args, **options)
    ctx.set_default_timeout(ACTION_TIMEOUT_MS)
    ledger = A11yLedger.attach(ctx)
    try:
        yield ctx
        assert not ledger.unchecked(), f"pages not checked with a11y(): {ledger.unchecked()}"
    finally:
        ctx.close()


def test_chromium_reports_installable(profile_context: BrowserContext) -> None:
    page = profile_context.pages[0] if profile_context.pages else profile_context.new_page()
    StartPage(page).goto()
    wait_for_service_worker(page)
    page.reload()
    StartPage(page).expect_shown()
    cdp = profile_context.new_cdp_session(page)
    result = cdp.send("Page.getInstallabilityErrors")
    assert result["installabilityErrors"] == [], result["installabilityErrors"]


def test_offline_visited_pages_from_cache_others_offline_page(page: Page, context: BrowserContext) -> None:
    StartPage(page).goto()
    wait_for_service_worker(page)
    # Pages are cached as they are visited under the service worker's control.
    StartPage(page).goto()
    LoginPage(page).goto()

    context.set_offline(True)
    try:
        page.goto("/wuppertal/")
        StartPage(page).expect_shown()
        page.goto("/wuppertal/anmelden")
        LoginPage(page).expect_shown()

        page.goto(ForgotPasswordPage(page).url)  # never visited
        OfflinePage(page).expect_shown()
        expect(page.get_by_role("main")).to_contain_text("Diese Seite haben Sie noch nicht geöffnet")
    finally:
        context.set_offline(False)

    ForgotPasswordPage(page).goto()  # back online: the real page again


def test_logout_removes_personal_pages_from_the_offline_cache(page: Page, context: BrowserContext) -> None:
    StartPage(page).goto()
    wait_for_service_worker(page)
    LoginPage(page).goto()
    dashboard = LoginPage(page).login(demo_parent(), DEMO_PASSWORD)
    dashboard.goto()  # a plain navigation as well as the boosted one
    assert page.evaluate("async () => Boolean(await caches.match('/wuppertal/uebersicht'))"), (
        "the dashboard should be cached while logged in"
    )
    dashboard.logout()
    wait_for_async(page, "async () => !(await caches.match('/wuppertal/uebersicht'))")

    context.set_offline(True)
    try:
        page.goto("/wuppertal/uebersicht")
        OfflinePage(page).expect_shown()
        expect(page.get_by_text("Angemeldet als")).to_have_count(0)
    finally:
        context.set_offline(False)


def test_offline_pages_reached_by_tapping_links(page: Page, context: BrowserContext) -> None:
    """htmx-boosted link taps are page visits too: cached when online, answered from the cache offline."""
    StartPage(page).goto()
    wait_for_service_worker(page)
    page.get_by_role("main").get_by_role("button", name="Anmelden").click()  # boosted: fetched by htmx
    page.wait_for_url(re.compile(r"/wuppertal/anmelden$"))
    login = LoginPage(page)
    login.expect_shown()

    context.set_offline(True)
    try:
        # Tapping a link to a page not seen before shows the offline page instead of doing nothing.
        page.get_by_role("link", name="Passwort vergessen?").click()
        OfflinePage(page).expect_shown()
        expect(page).to_have_url(re.compile(r"/wuppertal/passwort-vergessen$"))  # so a reload later finds it
        # The page reached by a tap before is there offline.
        page.goto(login.url)
        login.expect_shown()
    finally:
        context.set_offline(False)
