"""A journey with the keyboard only: no click, no tap, and the focus always visible."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from e2e.pages import (
    DEMO_PASSWORD,
    ChildForm,
    DashboardPage,
    HouseholdPage,
    LoginPage,
    demo_parent,
    expect_visible_focus,
    press_until_focused,
)


def test_log_in_and_reach_the_household_by_keyboard(page: Page) -> None:
    login = LoginPage(page)
    login.goto()

    # The first Tab reaches the skip link, which appears when focused and jumps to the content.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Zum Inhalt springen")
    expect_visible_focus(skip)
    page.keyboard.press("Enter")
    expect(page.locator("#inhalt")).to_be_focused()

    page.keyboard.press("Tab")
    expect_visible_focus(login.email)
    page.keyboard.type(demo_parent())
    page.keyboard.press("Tab")
    expect_visible_focus(login.password)
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/wuppertal/uebersicht/?$"))
    dashboard = DashboardPage(page)
    dashboard.expect_shown()
    dashboard.expect_banner("Sie sind angemeldet.")
    # After the (htmx-boosted) page change the focus starts at the content, as after a page load.
    expect(page.locator("#inhalt")).to_be_focused()

    # The main menu sits above the content: Shift+Tab reaches it.
    household_link = dashboard.nav.get_by_role("link", name="Haushalt", exact=True)
    press_until_focused(page, household_link, "Shift+Tab")
    expect_visible_focus(household_link)
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/wuppertal/haushalt/$"))
    household = HouseholdPage(page)
    household.expect_shown()
    expect(page.locator("#inhalt")).to_be_focused()

    add_child = page.get_by_role("button", name="Kind hinzufügen")
    press_until_focused(page, add_child, "Tab")
    expect_visible_focus(add_child)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/wuppertal/haushalt/kinder/neu$"))
    child = ChildForm(page)
    child.expect_shown()

    # Radio buttons, text fields and the date group can all be reached and show their focus.
    yes = child.born.get_by_label("Ja", exact=True)
    press_until_focused(page, yes, "Tab")
    expect_visible_focus(yes)
    page.keyboard.press("Space")
    expect(yes).to_be_checked()
    day = child.birth_date.get_by_label("Tag", exact=True)
    press_until_focused(page, day, "Tab")
    expect_visible_focus(day)
    back = page.get_by_role("link", name="Zurück")
    press_until_focused(page, back, "Shift+Tab")
    expect_visible_focus(back)
    page.keyboard.press("Enter")
    household.expect_shown()

    # Log out from the header, still by keyboard.
    logout = household.nav.get_by_role("button", name="Abmelden")
    press_until_focused(page, logout, "Shift+Tab")
    expect_visible_focus(logout)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/wuppertal/anmelden$"))
    login.expect_shown()
    login.expect_banner("Sie sind abgemeldet.")
