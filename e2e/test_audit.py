"""The admins' audit log ("Protokoll") on a desktop: a parent submits an income declaration on the phone, a
caseworker opens the case from the inbox; the admin goes from the staff overview to the Protokoll, filters
it by the caseworker's e-mail address, the action, the reference and a date range and finds the
caseworker's view of the case (and the admin's own searches, without the searched address). A filter with
bad input gets a German message at its field. Every page shown passes axe-core."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from e2e.application_pages import CheckAnswersPage
from e2e.casework_pages import StaffDashboardPage
from e2e.pages import PortalPage
from e2e.placement_pages import desktop_pages, staff_login
from e2e.test_casework import complete_draft, parent_with_household

CASEWORKER = "caseworker@wuppertal.example"
ADMIN = "admin@wuppertal.example"
DECLARATION = "Ich versichere, dass meine Angaben richtig und vollständig sind."
TIME = re.compile(r"^\d\d\.\d\d\.\d{4}, \d\d:\d\d Uhr$")
COLUMNS = ("Zeit", "Person", "Aktion", "Aktenzeichen", "Einzelheiten")


@pytest.fixture
def desktop(browser: Browser, base_url: str) -> Iterator[Callable[[], Page]]:
    """Staff browsers: desktop-sized contexts, each with an accessibility ledger checked at the end."""
    with desktop_pages(browser, base_url) as open_page:
        yield open_page


def berlin_today() -> dt.date:
    return dt.datetime.now(ZoneInfo("Europe/Berlin")).date()


class ProtocolPage(PortalPage):
    path = "/verwaltung/protokoll"
    heading = "Protokoll"

    def expect_shown(self) -> ProtocolPage:
        expect(self.page).to_have_url(re.compile(rf"/{self.tenant}/verwaltung/protokoll(\?.*)?$"))
        super().expect_shown()
        return self

    @property
    def form(self) -> Locator:
        return self.page.get_by_role("search", name="Protokoll durchsuchen")

    @property
    def email(self) -> Locator:
        return self.form.get_by_label("E-Mail-Adresse der Person")

    @property
    def reference(self) -> Locator:
        return self.form.get_by_label("Aktenzeichen")

    @property
    def since(self) -> Locator:
        return self.form.get_by_label("Von", exact=True)

    @property
    def until(self) -> Locator:
        return self.form.get_by_label("Bis", exact=True)

    @property
    def action(self) -> Locator:
        return self.form.get_by_label("Aktion")

    @property
    def count(self) -> Locator:
        """ "3 Einträge" / "1 Eintrag": the number of entries found."""
        return self.page.get_by_role("main").get_by_role("status")

    @property
    def entries(self) -> Locator:
        table = self.page.get_by_role("table", name="Protokolleinträge")
        return table.get_by_role("row").filter(has=self.page.get_by_role("cell"))

    def column(self, entry: Locator, name: str) -> Locator:
        return entry.get_by_role("cell").nth(COLUMNS.index(name))

    def search(
        self,
        email: str = "",
        action: str = "Alle Aktionen",
        reference: str = "",
        since: dt.date | None = None,
        until: dt.date | None = None,
    ) -> ProtocolPage:
        self.email.fill(email)
        self.action.select_option(label=action)
        self.reference.fill(reference)
        self.since.fill(since.isoformat() if since else "")
        self.until.fill(until.isoformat() if until else "")
        with self.page.expect_response(re.compile(r"/verwaltung/protokoll\?")):
            self.form.get_by_role("button", name="Suchen").click()
        return self.expect_shown()

    def expect_rejected(self, field: Locator, message: str) -> None:
        """The search again with the message in the summary (linking to the field) and at the field."""
        summary = self.page.get_by_role("alert").filter(
            has=self.page.get_by_role("heading", name="Bitte prüfen Sie die Suche")
        )
        expect(summary).to_be_visible()
        field_id = field.get_attribute("id")
        expect(summary.locator(f'a[href="#{field_id}"]')).to_have_text(message)
        expect(self.page.locator(f"#{field_id}-error")).to_contain_text(message)
        expect(field).to_have_attribute("aria-invalid", "true")
        expect(field).to_have_accessible_description(re.compile(re.escape(message)))
        expect(self.page).to_have_title(re.compile(r"^Fehler: "))
        expect(self.count).to_have_text("0 Einträge")


def open_protocol(admin: Page) -> ProtocolPage:
    """The admin logs in and opens the Protokoll from the staff overview."""
    staff_login(admin, ADMIN)
    StaffDashboardPage(admin).expect_shown()
    admin.get_by_role("main").get_by_role("link", name="Protokoll").click()
    return ProtocolPage(admin).expect_shown()


def submitted_case(page: Page, mailbox: Any) -> str:
    """A new parent's income declaration, checked and submitted on the phone; returns its reference."""
    parent_with_household(page, mailbox)
    uuid = complete_draft(page)
    page.goto(f"/wuppertal/antraege/elternbeitrag/{uuid}/pruefen")
    check = CheckAnswersPage(page).expect_shown()
    page.get_by_label(DECLARATION).check()
    return check.submit().reference


def test_admin_finds_the_caseworkers_view_of_a_case_in_the_protocol(
    page: Page, context: BrowserContext, desktop: Callable[[], Page], mailbox: Any
) -> None:
    reference = submitted_case(page, mailbox)

    # The caseworker opens the case from the inbox (and so has seen the family's data).
    office = desktop()
    staff_login(office, CASEWORKER)
    StaffDashboardPage(office).expect_shown().open_inbox().open_case(reference)  # type: ignore[attr-defined]

    # The admin: from the overview to the Protokoll, filtered by the caseworker, the action, the case and
    # the last two days. (The server reads the dates as UTC days: "yesterday to today" in Berlin always
    # holds an event of today.)
    admin = desktop()
    protocol = open_protocol(admin)
    today = berlin_today()
    protocol.search(CASEWORKER, "Antrag angesehen", reference, today - dt.timedelta(days=1), today)
    expect(protocol.entries).not_to_have_count(0)
    expect(protocol.count).to_have_text(re.compile(r"^(1 Eintrag|\d+ Einträge)$"))
    for entry in protocol.entries.all():
        expect(protocol.column(entry, "Zeit")).to_have_text(TIME)
        expect(protocol.column(entry, "Person")).to_have_text(f"{CASEWORKER} caseworker", use_inner_text=True)
        expect(protocol.column(entry, "Aktion")).to_have_text("Antrag angesehen")
        expect(protocol.column(entry, "Aktenzeichen").get_by_role("link")).to_have_text(reference)
        expect(protocol.column(entry, "Einzelheiten")).to_have_text("page: case")
    # The filters stay as entered.
    expect(protocol.email).to_have_value(CASEWORKER)
    expect(protocol.reference).to_have_value(reference)
    expect(protocol.action.locator("option:checked")).to_have_text("Antrag angesehen")
    expect(protocol.since).to_have_value((today - dt.timedelta(days=1)).isoformat())
    expect(protocol.until).to_have_value(today.isoformat())

    # Another person, the same case: nothing.
    protocol.search(ADMIN, "Antrag angesehen", reference)
    expect(protocol.count).to_have_text("0 Einträge")
    expect(protocol.entries).to_have_count(0)

    # The case's reference leads to everything recorded for the case: the caseworker's view among it.
    protocol.search(CASEWORKER, "Antrag angesehen", reference)
    protocol.entries.first.get_by_role("link", name=reference).click()
    expect(admin).to_have_url(re.compile(rf"\?aktenzeichen={reference}$"))
    protocol.expect_shown()
    expect(protocol.reference).to_have_value(reference)
    expect(protocol.email).to_have_value("")
    viewed = protocol.entries.filter(has_text=CASEWORKER).filter(has_text="Antrag angesehen")
    expect(viewed).not_to_have_count(0)
    for entry in protocol.entries.all():
        expect(protocol.column(entry, "Aktenzeichen")).to_have_text(reference)

    # The admin's searches are recorded too, with the filters used but not the address searched for.
    protocol.search(ADMIN, "Protokoll durchsucht")
    searches = protocol.entries
    expect(searches).not_to_have_count(0)
    expect(protocol.column(searches.first, "Person")).to_have_text(f"{ADMIN} admin", use_inner_text=True)
    expect(protocol.column(searches.first, "Aktenzeichen")).to_have_text("–")
    first_search = (
        "filters: ['email', 'aktion', 'aktenzeichen', 'von', 'bis']; action: application.view; "
        f"reference: {reference}; results: "
    )
    expect(searches.filter(has_text=first_search)).to_have_count(1)
    for entry in searches.all():
        expect(entry).not_to_contain_text(CASEWORKER)


def test_a_protocol_filter_with_bad_input_gets_a_german_message_at_the_field(
    desktop: Callable[[], Page],
) -> None:
    protocol = open_protocol(desktop())
    admin = protocol.page
    today = berlin_today()

    # A period that ends before it begins (each date on its own is valid, so the browser sends it).
    protocol.search(since=today, until=today - dt.timedelta(days=1))
    protocol.expect_rejected(protocol.until, "Das Ende des Zeitraums muss nach dem Beginn liegen.")
    expect(protocol.since).to_have_value(today.isoformat())
    expect(protocol.until).to_have_value((today - dt.timedelta(days=1)).isoformat())
    protocol.expect_shown()  # the axe check of the page with the messages

    # An impossible date in an edited address (the date field itself does not let one be typed).
    admin.goto(f"/wuppertal/verwaltung/protokoll?von={today.year}-02-30&aktenzeichen=EB-{today.year}-000001")
    protocol.expect_rejected(protocol.since, "Bitte geben Sie ein Datum an, zum Beispiel 2026-03-31.")
    expect(protocol.reference).to_have_value(f"EB-{today.year}-000001")
    protocol.expect_shown()
