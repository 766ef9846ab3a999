"""Municipalities are separate: the chooser leads into each, and an account only works where it was made."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from e2e.pages import DEMO_PASSWORD, ChooserPage, LoginPage, StartPage, demo_parent


def test_chooser_lists_both_municipalities_and_links_into_them(page: Page) -> None:
    chooser = ChooserPage(page).goto()
    for slug, name in (("wuppertal", "Wuppertal"), ("iserlohn", "Iserlohn")):
        expect(chooser.municipality(name)).to_have_attribute("href", f"/{slug}/")
    chooser.municipality("Iserlohn").click()
    expect(page).to_have_url(re.compile(r"/iserlohn/$"))
    StartPage(page, "iserlohn").expect_shown()

    page.get_by_role("link", name="Kommune wechseln").click()
    expect(page).to_have_url(re.compile(r"/$"))
    ChooserPage(page).expect_shown()
    chooser.municipality("Wuppertal").click()
    expect(page).to_have_url(re.compile(r"/wuppertal/$"))
    StartPage(page, "wuppertal").expect_shown()


def test_iserlohn_account_cannot_log_in_to_wuppertal(page: Page) -> None:
    iserlohn_parent = demo_parent("iserlohn")
    wuppertal = LoginPage(page, "wuppertal")
    wuppertal.goto()
    wuppertal.submit(iserlohn_parent, DEMO_PASSWORD)
    wuppertal.expect_rejected("E-Mail-Adresse oder Passwort ist falsch.", iserlohn_parent)

    # The same account does work in its own municipality.
    iserlohn = LoginPage(page, "iserlohn")
    iserlohn.goto()
    dashboard = iserlohn.login(iserlohn_parent, DEMO_PASSWORD)
    expect(page.get_by_text(f"Angemeldet als {iserlohn_parent}")).to_be_visible()

    # An Iserlohn session is no login in Wuppertal: its pages still ask to log in.
    page.goto("/wuppertal/uebersicht")
    expect(page).to_have_url(re.compile(r"/wuppertal/anmelden\?weiter=/wuppertal/uebersicht"))
    LoginPage(page, "wuppertal").expect_shown()
    page.goto("/iserlohn/uebersicht")
    dashboard.expect_shown()
    dashboard.logout()
