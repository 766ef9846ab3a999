"""The Kita directory on a phone: search by district, combine filters, list and map in step, a facility's
page, the Merkliste on the device and offline, merged into the account at login, comparison, "near me",
and the same search without JavaScript. Map tiles are answered with a small PNG (the network is closed)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect

from e2e.conftest import ACTION_TIMEOUT_MS, DEVICE
from e2e.pages import (
    A11yLedger,
    FacilityPage,
    LoginPage,
    MerklistePage,
    SearchPage,
    StartPage,
    a11y,
    a11y_without_javascript,
    register_and_confirm,
    tile_route,
    watch_csp,
)
from e2e.test_pwa import wait_for_service_worker


def query_of(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def search_with_two_filters(page: Page) -> SearchPage:
    """From the start page: Elberfeld, then Kita + städtischer Träger. Returns the search page."""
    StartPage(page).goto()
    page.get_by_role("navigation", name="Hauptmenü").get_by_role("link", name="Kitas finden").click()
    search = SearchPage(page)
    search.expect_shown()
    search.search_for("Elberfeld")
    assert query_of(page) == {"ort": ["Elberfeld"]}
    everything = search.results.count()
    assert everything > 0

    search.open_filters()
    page.get_by_role("group", name="Art der Betreuung").get_by_label("Kita", exact=True).check()
    page.get_by_role("group", name="Träger").get_by_label("städtisch", exact=True).check()
    search.submit()
    expect(page).to_have_url(re.compile(r"art=kita"))
    search.expect_results()
    assert query_of(page) == {"ort": ["Elberfeld"], "art": ["kita"], "traeger": ["staedtisch"]}
    assert 0 < search.results.count() < everything
    for item in search.results.all():
        expect(item).to_contain_text("Kita · städtisch · Elberfeld")
    return search


def test_search_map_facility_favourites_offline(page: Page, context: BrowserContext) -> None:
    tiles = tile_route(context)
    csp_problems = watch_csp(page)
    search = search_with_two_filters(page)
    wait_for_service_worker(page)
    names = search.result_names()

    # On the phone the list comes first; the map unfolds on request and shows exactly the listed results.
    expect(search.map_toggle).to_have_attribute("aria-expanded", "false")
    expect(search.map).to_be_hidden()
    search.show_map()
    assert sorted(search.marker_names()) == sorted(names)
    expect(search.map).to_have_attribute("data-markers", str(len(names)))
    expect(search.map.locator(".leaflet-tile-loaded").first).to_be_attached()
    assert tiles, "no map tile was requested"
    a11y(page)  # the search page with the map built

    # A marker selects its list entry ...
    marker = search.map.locator(".map-marker").first
    title = marker.get_attribute("title")
    marker.click()
    expect(search.result(title)).to_have_class(re.compile(r"\bresult--active\b"))
    expect(search.result(title)).to_be_in_viewport()
    # ... and a list entry shows its marker on the map (opening its popup).
    last = names[-1]
    search.result(last).get_by_role("button", name=f"Auf der Karte zeigen: {last}").click()
    expect(search.map.locator(".leaflet-popup-content", has_text=last)).to_be_visible()
    expect(search.result(last)).to_have_class(re.compile(r"\bresult--active\b"))
    a11y(page)

    # The search lives in the URL: back goes to the search before the filters, forward returns.
    page.go_back()
    expect(page).to_have_url(re.compile(r"/wuppertal/kitas\?ort=Elberfeld$"))
    search.expect_results()
    assert search.results.count() > len(names)
    page.go_forward()
    expect(page).to_have_url(re.compile(r"traeger=staedtisch"))
    search.expect_results()
    assert search.result_names() == names

    # A facility's page, with its free places, and onto the Merkliste.
    first = names[0]
    detail = search.open_result(first)
    expect(page.get_by_role("heading", name="Freie Plätze")).to_be_visible()
    expect(page.get_by_text(re.compile(r"^Stand: \d\d\.\d\d\.\d{4}$")).first).to_be_visible()
    expect(page.locator("#karte")).to_have_attribute("data-map-ready", "true")
    detail.add_to_favourites()
    a11y(page)
    detail.expect_cached_for_offline()
    search_url = page.evaluate("() => sessionStorage.getItem('letzte-suche:wuppertal')")
    assert search_url and "traeger=staedtisch" in search_url

    merkliste = MerklistePage(page)
    merkliste.goto()
    expect(merkliste.entry(first)).to_be_visible()
    assert not csp_problems, csp_problems

    # Offline: the Merkliste, the facility's page and the last search still open.
    context.set_offline(True)
    try:
        page.goto("/wuppertal/merkliste")
        merkliste.expect_shown()
        expect(merkliste.entry(first)).to_be_visible()
        merkliste.entry(first).get_by_role("link", name=first).click()
        FacilityPage(page, name=first).expect_shown()
        expect(page.get_by_role("button", name="Von der Merkliste entfernen")).to_be_visible()

        page.goto(search_url)
        search.expect_results()
        assert search.result_names() == names
        page.goto("/wuppertal/kitas")  # the search page without parameters: the last search
        search.expect_results()
        assert search.result_names() == names
    finally:
        context.set_offline(False)


@pytest.fixture
def no_js_context(browser: Browser, playwright: Playwright, base_url: str) -> Iterator[BrowserContext]:
    ctx = browser.new_context(
        **playwright.devices[DEVICE],
        java_script_enabled=False,
        base_url=base_url,
        locale="de-DE",
        timezone_id="Europe/Berlin",
    )
    ctx.set_default_timeout(ACTION_TIMEOUT_MS)
    ledger = A11yLedger.attach(ctx)
    try:
        yield ctx
        assert not ledger.unchecked(), f"pages not checked with a11y(): {ledger.unchecked()}"
    finally:
        ctx.close()


class NoScriptSearchPage(SearchPage):
    def expect_shown(self) -> NoScriptSearchPage:
        expect(self.page.get_by_role("heading", level=1)).to_have_text(self.heading)
        a11y_without_javascript(self.page)
        return self


def test_the_same_search_without_javascript(no_js_context: BrowserContext) -> None:
    page = no_js_context.new_page()
    search = NoScriptSearchPage(page)
    search.goto()
    search.open_filters()
    page.get_by_role("group", name="Art der Betreuung").get_by_label("Kita", exact=True).check()
    page.get_by_role("group", name="Träger").get_by_label("städtisch", exact=True).check()
    search.search_for("Elberfeld")
    # The plain form sends empty fields too: the server redirects to the short, shareable URL.
    expect(page).to_have_url(re.compile(r"/wuppertal/kitas\?ort=Elberfeld&art=kita&traeger=staedtisch$"))
    assert query_of(page) == {"ort": ["Elberfeld"], "art": ["kita"], "traeger": ["staedtisch"]}
    assert search.results.count() > 0
    for item in search.results.all():
        expect(item).to_contain_text("Kita · städtisch · Elberfeld")
    # The map is an enhancement: without JavaScript it stays empty, and nothing depends on it.
    expect(search.map).to_be_hidden()
    expect(search.map.locator(".leaflet-tile")).to_have_count(0)
    expect(page.get_by_role("button", name="In meiner Nähe suchen")).to_be_hidden()

    # Bad parameters: a German message at the field, what was typed kept.
    page.goto("/wuppertal/kitas?ort=Elberfeld&umkreis=weit&geburtsdatum=31.02.2025")
    expect(page).to_have_title(re.compile(r"^Fehler: "))
    a11y_without_javascript(page)
    for field, message in (
        ("umkreis", "Bitte geben Sie den Umkreis als Zahl in Kilometern an, zum Beispiel 5."),
        ("geburtsdatum", "Bitte prüfen Sie das Geburtsdatum: Diesen Tag gibt es im Kalender nicht."),
    ):
        expect(search.error_summary.get_by_role("link", name=message)).to_be_visible()
        expect(search.field_error(field)).to_contain_text(message)
    expect(page.get_by_label("Geburtsdatum oder erwarteter Geburtstermin")).to_have_value("31.02.2025")
    expect(search.place).to_have_value("Elberfeld")
    expect(page.get_by_label("Umkreis")).to_have_value("weit")

    # Without JavaScript the device's Merkliste cannot be shown, and the page says so.
    page.goto("/wuppertal/merkliste")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ihre Merkliste")
    a11y_without_javascript(page)
    notice = "Ohne JavaScript können wir die Merkliste auf diesem Gerät nicht anzeigen"
    expect(page.get_by_text(notice)).to_be_visible()


def test_favourites_merge_into_the_account_at_login_and_compare(
    page: Page, context: BrowserContext, mailbox: Any
) -> None:
    tile_route(context)
    email, password = register_and_confirm(page, mailbox)  # ends logged out on the login page

    search = SearchPage(page)
    search.goto()
    search.search_for("Barmen")
    two = search.result_names()[:2]
    assert len(two) == 2
    for name in two:
        search.open_result(name).add_to_favourites()
        page.go_back()
        search.expect_results()

    merkliste = MerklistePage(page)
    merkliste.goto()
    assert sorted(merkliste.entry_names()) == sorted(two)  # rendered from the device's list
    compare = merkliste.compare(*two)
    assert compare.column_names() == two
    expect(compare.table.get_by_role("rowheader", name="Träger")).to_be_visible()

    # Logging in merges the device's list into the account.
    login = LoginPage(page)
    login.goto()
    with page.expect_response(re.compile(r"/wuppertal/merkliste/abgleich$")) as merged:
        login.login(email, password)
    assert merged.value.status == 200
    assert sorted(i["name"] for i in merged.value.json()["items"]) == sorted(two)

    # The server now renders the Merkliste from the account (here even without the device's list).
    page.evaluate("() => localStorage.clear()")
    merkliste.goto()
    expect(page.get_by_text("Ihre Merkliste ist in Ihrem Konto gespeichert.")).to_be_visible()
    assert sorted(merkliste.entry_names()) == sorted(two)
    compare = merkliste.compare(*two)
    assert sorted(compare.column_names()) == sorted(two)


def test_near_me_uses_the_position_or_explains_why_not(
    browser: Browser, playwright: Playwright, base_url: str
) -> None:
    options = {
        **playwright.devices[DEVICE],
        "base_url": base_url,
        "locale": "de-DE",
        "service_workers": "block",
    }
    allowed = browser.new_context(
        **options, geolocation={"latitude": 51.2712, "longitude": 7.1985}, permissions=["geolocation"]
    )
    denied = browser.new_context(**options)
    try:
        for ctx in (allowed, denied):
            ctx.set_default_timeout(ACTION_TIMEOUT_MS)
            tile_route(ctx)
        page = allowed.new_page()
        search = SearchPage(page)
        search.goto()
        page.get_by_role("button", name="In meiner Nähe suchen").click()
        expect(page).to_have_url(re.compile(r"lat=51\.27120&lon=7\.19850"))
        search.expect_results()
        expect(page.locator(".results__summary")).to_contain_text("um Ihren Standort")
        assert search.results.count() > 0

        page = denied.new_page()
        search = SearchPage(page)
        search.goto()
        page.get_by_role("button", name="In meiner Nähe suchen").click()
        status = page.locator("[data-near-me-status]")
        expect(status).to_have_text(re.compile(r"^Sie haben die Standortfreigabe nicht erlaubt\."))
        expect(page).to_have_url(re.compile(r"/wuppertal/kitas$"))
        a11y(page)
    finally:
        allowed.close()
        denied.close()
