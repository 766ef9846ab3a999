"""What a parent decides about their own things, on a phone: delete a draft (on every device, not brought back
by this device's copy), withdraw a submitted application, and choose which e-mails arrive."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import BrowserContext, Page, expect

from e2e.application_pages import CasePage, ServiceStartPage, draft_entries, submitted_cases
from e2e.pages import DashboardPage, PortalPage, a11y
from e2e.test_kita_application import months_ahead, new_family
from e2e.test_kita_application_more import fill_all_steps


def test_delete_a_draft(page: Page, context: BrowserContext, mailbox: Any) -> None:
    new_family(page, context, mailbox, favourites=0)
    kind = ServiceStartPage(page).goto().begin("Kind und Wohnsitz")
    uuid = re.search(r"/antraege/kita/([0-9a-f-]{36})/", page.url).group(1)
    kind.choose("Ist Ihr Hauptwohnsitz in dieser Stadt?", "Ja")
    kind.continue_to("Betreuungswunsch").expect_saved_on_server()

    dashboard = DashboardPage(page).goto()
    expect(draft_entries(page)).to_have_count(1)
    draft_entries(page).get_by_role("link", name="Löschen (Kita-Platz)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Entwurf „Kita-Platz“ löschen?")
    a11y(page)
    page.get_by_role("button", name="Ja, Entwurf löschen").click()

    dashboard.expect_shown()
    dashboard.expect_banner("Der Entwurf wurde gelöscht.")
    expect(draft_entries(page)).to_have_count(0)
    expect(page.get_by_text("Sie haben keine offenen Entwürfe.")).to_be_visible()
    # Gone on the server, and this device's copy does not bring it back.
    assert page.request.get(f"/wuppertal/entwuerfe/{uuid}").status == 404
    page.reload()
    dashboard.expect_shown()
    expect(draft_entries(page)).to_have_count(0)
    assert page.request.get(f"/wuppertal/entwuerfe/{uuid}").status == 404


def test_withdraw_an_application(page: Page, context: BrowserContext, mailbox: Any) -> None:
    _email, kitas = new_family(page, context, mailbox, favourites=1)
    check = fill_all_steps(page, kitas, months_ahead(8))
    check.confirm_all()
    case = check.submit().open_status()
    case.expect_status("Eingereicht")

    # Changing one's mind halfway: "Nein, zurück" keeps the application.
    page.get_by_role("link", name="Antrag zurückziehen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile(r"^Antrag KITA-\d{4}-\d{6} zurückziehen\?$")
    )
    a11y(page)
    page.get_by_role("link", name="Nein, zurück").click()
    case = CasePage(page).expect_shown()
    case.expect_status("Eingereicht")

    page.get_by_role("link", name="Antrag zurückziehen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("zurückziehen?")
    a11y(page)
    page.get_by_role("button", name="Ja, Antrag zurückziehen").click()
    case = CasePage(page).expect_shown()
    case.expect_banner("Sie haben den Antrag zurückgezogen.")
    case.expect_status("Zurückgezogen")
    expect(page.get_by_role("link", name="Antrag zurückziehen")).to_have_count(0)

    DashboardPage(page).goto()
    expect(submitted_cases(page)).to_have_count(1)
    expect(submitted_cases(page).first).to_contain_text("Zurückgezogen")


def test_choose_which_emails_arrive(page: Page, context: BrowserContext, mailbox: Any) -> None:
    new_family(page, context, mailbox, favourites=0)
    PortalPage(page).nav.get_by_role("link", name="Postfach").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Postfach")
    a11y(page)
    page.get_by_role("link", name="E-Mail-Benachrichtigungen einstellen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("E-Mail-Benachrichtigungen")
    a11y(page)
    choices = page.get_by_role("group", name="Wann sollen wir Ihnen eine E-Mail schicken?")
    for label in ("Bescheide", "Platzangebote", "Sonstige Nachrichten"):
        expect(choices.get_by_label(label)).to_be_checked()  # everything, until the parent chooses
    choices.get_by_label("Platzangebote").uncheck()
    choices.get_by_label("Sonstige Nachrichten").uncheck()
    page.get_by_role("button", name="Speichern").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Postfach")
    PortalPage(page).expect_banner("Ihre Einstellungen für E-Mail-Benachrichtigungen sind gespeichert.")
    a11y(page)
    page.get_by_role("link", name="E-Mail-Benachrichtigungen einstellen").click()
    choices = page.get_by_role("group", name="Wann sollen wir Ihnen eine E-Mail schicken?")
    expect(choices.get_by_label("Platzangebote")).not_to_be_checked()
    expect(choices.get_by_label("Sonstige Nachrichten")).not_to_be_checked()
    expect(choices.get_by_label("Bescheide")).to_be_checked()
    expect(choices.get_by_label("Nachforderungen von Unterlagen")).to_be_checked()
    a11y(page)
