"""Page objects of placement: the provider's back office (desktop) with the facility data and free places it
keeps, the caseworker's confirmation of a demand notice, the parent's mailbox and offer pages (phone); a
Kita demand notice prepared through the drafts JSON API (as the app's own script would sync it) and
submitted on the check page; and the desktop-sized staff browsers."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from e2e.application_pages import CheckAnswersPage
from e2e.conftest import ACTION_TIMEOUT_MS
from e2e.pages import A11yLedger, FacilityPage, PortalPage, a11y, fill_date

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
STAFF_PASSWORD = "Demo-Familie-2026"  # noqa: S105 - the documented demo password of the seeded staff
DESKTOP = {"width": 1280, "height": 900}


def months_ahead(months: int) -> dt.date:
    today = dt.date.today()
    index = today.month - 1 + months
    return dt.date(today.year + index // 12, index % 12 + 1, 1)


def csrf_token(context: BrowserContext) -> str:
    return next(c["value"] for c in context.cookies() if c["name"] == "portal_csrf")


@contextmanager
def desktop_pages(browser: Browser, base_url: str) -> Iterator[Callable[[], Page]]:
    """Staff browsers: each call opens a page in a new desktop-sized context with an accessibility ledger.
    When the block ends the contexts are closed, and it fails if a page shown was never checked."""
    opened: list[tuple[BrowserContext, A11yLedger]] = []

    def open_page() -> Page:
        ctx = browser.new_context(
            base_url=base_url, viewport=DESKTOP, locale="de-DE", timezone_id="Europe/Berlin"
        )
        ctx.set_default_timeout(ACTION_TIMEOUT_MS)
        opened.append((ctx, A11yLedger.attach(ctx)))
        return ctx.new_page()

    yield open_page
    unchecked = {key for _ctx, ledger in opened for key in ledger.unchecked()}
    for ctx, _ledger in opened:
        ctx.close()
    assert not unchecked, "Staff pages shown but never checked with a11y: " + ", ".join(sorted(unchecked))


def staff_login(page: Page, email: str, tenant: str = "wuppertal") -> None:
    page.goto(f"/{tenant}/anmelden")
    a11y(page)
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort", exact=True).fill(STAFF_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Anmelden").click()
    page.wait_for_url(re.compile(rf"/{tenant}/uebersicht/?$"))
    a11y(page)


# --- the parent ------------------------------------------------------------------------------------------
def prepare_kita_draft(page: Page, wishes: list[int], start: dt.date, tenant: str = "wuppertal") -> str:
    """A complete Kita demand notice as a draft (the child prefilled from the household, the ranked wishes
    by facility id); returns its UUID."""
    token = csrf_token(page.context)
    created = page.request.post(f"/{tenant}/antraege/kita/neu", form={"_csrf_token": token})
    assert created.ok, created.status
    uuid = UUID.search(created.url)
    assert uuid, created.url
    draft = page.request.get(f"/{tenant}/entwuerfe/{uuid.group(0)}").json()
    family_step = page.request.get(f"/{tenant}/antraege/kita/{uuid.group(0)}/familie").text()
    guardian = re.search(r'name="employment-(\d+)"', family_step)
    assert guardian, "no guardian in the household"
    values: dict[str, Any] = {
        **draft["values"],
        "main_residence": "ja",
        "start-day": str(start.day),
        "start-month": str(start.month),
        "start-year": str(start.year),
        "care_type": "kita",
        "hours": "35",
        "wishes": [str(w) for w in wishes],
        "wishes-sibling": [],
        "single_parent": "ja",
        f"employment-{guardian.group(1)}": "teilzeit",
        "_steps": ["kind", "betreuung", "wuensche", "familie", "besonderes"],
    }
    saved = page.request.put(
        f"/{tenant}/entwuerfe/{uuid.group(0)}",
        data=json.dumps({"service": "kita", "version": draft["version"], "values": values}),
        headers={"content-type": "application/json", "x-csrftoken": token},
    )
    assert saved.ok, saved.text()
    return uuid.group(0)


def submit_draft(page: Page, uuid: str, tenant: str = "wuppertal") -> str:
    """Check the answers and submit on the check page; returns the reference."""
    page.goto(f"/{tenant}/antraege/kita/{uuid}/pruefen")
    check = CheckAnswersPage(page, tenant).expect_shown()
    check.confirm_all()
    return check.submit().reference


class MailboxPage(PortalPage):
    path = "/postfach/"
    heading = "Postfach"

    def open(self, subject: str | re.Pattern[str]) -> MessagePage:
        self.page.get_by_role("link", name=subject).first.click()
        message = MessagePage(self.page, self.tenant)
        message.expect_shown()
        return message


class MessagePage(PortalPage):
    def expect_shown(self) -> MessagePage:
        expect(self.page).to_have_url(re.compile(rf"/{self.tenant}/postfach/\d+$"))
        a11y(self.page)
        return self

    def act(self, label: str) -> None:
        self.page.get_by_role("main").get_by_role("button", name=label).click()


class ParentOfferPage(PortalPage):
    """/<tenant>/vorgaenge/<reference>/angebot/<id>: the facility's name is the heading."""

    def __init__(self, page: Page, facility: str, tenant: str = "wuppertal") -> None:
        super().__init__(page, tenant)
        self.facility = facility

    def expect_shown(self) -> ParentOfferPage:
        expect(self.page).to_have_url(re.compile(r"/vorgaenge/KITA-\d{4}-\d{6}/angebot/\d+$"))
        expect(self.page.get_by_role("heading", level=1)).to_have_text(self.facility)
        a11y(self.page)
        return self

    @property
    def status(self) -> Locator:
        return self.page.locator("[data-offer-status]")

    def wish(self, facility: str) -> Locator:
        return self.page.locator("[data-wishes] li").filter(
            has=self.page.locator("[data-facility]").get_by_text(facility, exact=True)
        )

    def accept(self) -> ParentOfferPage:
        self.page.get_by_role("button", name="Platz annehmen").click()
        expect(self.page.get_by_role("heading", level=1)).to_have_text("Platz verbindlich annehmen?")
        a11y(self.page)
        self.page.get_by_role("button", name="Ja, Platz annehmen").click()
        shown = ParentOfferPage(self.page, self.facility, self.tenant).expect_shown()
        shown.expect_banner("Sie haben den Platz angenommen.")
        return shown


class ParentCasePage(PortalPage):
    def __init__(self, page: Page, reference: str, tenant: str = "wuppertal") -> None:
        super().__init__(page, tenant)
        self.reference = reference

    @property
    def url(self) -> str:
        return f"/{self.tenant}/vorgaenge/{self.reference}"

    def expect_shown(self) -> ParentCasePage:
        expect(self.page).to_have_url(re.compile(rf"/vorgaenge/{self.reference}$"))
        expect(self.page.get_by_role("heading", name="Verlauf")).to_be_visible()
        a11y(self.page)
        return self

    def wish(self, facility: str) -> Locator:
        return self.page.locator("[data-wishes] li").filter(
            has=self.page.locator("[data-facility]").get_by_text(facility, exact=True)
        )


# --- the caseworker --------------------------------------------------------------------------------------
def confirm_demand_notice(page: Page, reference: str, tenant: str = "wuppertal") -> None:
    """The caseworker confirms the demand notice on the case's page in the inbox."""
    page.goto(f"/{tenant}/sachbearbeitung/{reference}")
    expect(page.get_by_role("main")).to_contain_text(f"Aktenzeichen {reference}")
    a11y(page)
    page.get_by_role("button", name="Vormerkung bestätigen").click()
    expect(page.get_by_role("main")).to_contain_text("Vorgemerkt")
    a11y(page)


# --- the provider ----------------------------------------------------------------------------------------
class ProviderHomePage(PortalPage):
    path = "/traeger/"
    heading = "Platzvergabe: Ihre Einrichtungen"

    def facilities(self) -> list[tuple[int, str]]:
        found = []
        for link in self.page.locator("table tbody th a").all():
            match = re.search(r"/einrichtungen/(\d+)$", link.get_attribute("href") or "")
            assert match
            found.append((int(match.group(1)), link.inner_text()))
        return found

    @property
    def districts(self) -> dict[str, str]:
        """Facility name -> Stadtteil, as the table lists them."""
        rows = self.page.get_by_role("table", name="Einrichtungen").locator("tbody tr")
        return {
            row.get_by_role("rowheader").inner_text(): row.get_by_role("cell").first.inner_text()
            for row in rows.all()
        }

    def open_facility(self, name: str) -> ProviderFacilityPage:
        self.page.get_by_role("rowheader", name=name, exact=True).get_by_role("link", name=name).click()
        return ProviderFacilityPage(self.page, name, self.tenant).expect_shown()


def open_provider_area(page: Page, tenant: str = "wuppertal") -> ProviderHomePage:
    """From the staff overview (where the login ends) to the provider area, by its link."""
    page.get_by_role("link", name="Trägerbereich").click()
    home = ProviderHomePage(page, tenant)
    home.expect_shown()
    return home


class ProviderFacilityPage(PortalPage):
    """/<tenant>/traeger/einrichtungen/<id>: one facility of the provider, its name the heading."""

    def __init__(self, page: Page, name: str, tenant: str = "wuppertal") -> None:
        super().__init__(page, tenant)
        self.name = name

    def expect_shown(self) -> ProviderFacilityPage:
        expect(self.page).to_have_url(re.compile(rf"/{self.tenant}/traeger/einrichtungen/\d+$"))
        expect(self.page.get_by_role("heading", level=1)).to_have_text(self.name)
        a11y(self.page)
        return self

    @property
    def areas(self) -> Locator:
        return self.page.get_by_role("navigation", name="Bereiche der Einrichtung")

    @property
    def places_stand(self) -> Locator:
        """The line of the overview that says when the free places were last reported."""
        return self.page.get_by_role("main").get_by_role("listitem").filter(has_text="Freie Plätze: Stand")

    def open_data(self) -> FacilityDataPage:
        self.areas.get_by_role("link", name="Angaben zur Einrichtung").click()
        return FacilityDataPage(self.page, self.name, self.tenant).expect_shown()

    def open_free_places(self) -> FreePlacesPage:
        self.areas.get_by_role("link", name="Freie Plätze").click()
        return FreePlacesPage(self.page, self.name, self.tenant).expect_shown()

    def open_directory_entry(self) -> FacilityPage:
        """The facility's public page in the Kita directory ("So sehen Familien die Einrichtung …")."""
        self.page.get_by_role("link", name="So sehen Familien die Einrichtung im Verzeichnis").click()
        return FacilityPage(self.page, self.tenant, self.name).expect_shown()


class FacilityFormPage(PortalPage):
    """A form of the provider for one facility: the facility's name is the back link above the heading."""

    def __init__(self, page: Page, name: str, tenant: str = "wuppertal") -> None:
        super().__init__(page, tenant)
        self.name = name

    def expect_shown(self) -> FacilityFormPage:
        expect(self.page.get_by_role("heading", level=1)).to_have_text(self.heading)
        expect(self.page.get_by_role("main").get_by_role("link", name=self.name, exact=True)).to_be_visible()
        a11y(self.page)
        return self

    @property
    def areas(self) -> Locator:
        return self.page.get_by_role("navigation", name="Bereiche der Einrichtung")

    def expect_rejected(self, field: Locator, message: str, typed: str) -> None:
        """Shown again: the message in the summary (linking to the field) and at the field, marked "Fehler:",
        what was typed kept. (Several fields may have the same message: the summary link is found by its
        target.)"""
        expect(self.error_summary).to_be_visible()
        field_id = field.get_attribute("id")
        assert field_id, field
        expect(self.error_summary.locator(f'a[href="#{field_id}"]')).to_have_text(message)
        expect(self.field_error(field_id)).to_contain_text(message)
        expect(self.field_error(field_id)).to_contain_text("Fehler:")
        expect(field).to_have_accessible_description(re.compile(re.escape(message)))
        expect(field).to_have_attribute("aria-invalid", "true")
        expect(field).to_have_value(typed)
        expect(self.page).to_have_title(re.compile(r"^Fehler: "))
        a11y(self.page)

    def _saved(self, banner: str) -> ProviderFacilityPage:
        overview = ProviderFacilityPage(self.page, self.name, self.tenant)
        overview.expect_shown()
        overview.expect_banner(banner)
        return overview


class FacilityDataPage(FacilityFormPage):
    heading = "Angaben zur Einrichtung"

    @property
    def phone(self) -> Locator:
        return self.page.get_by_label("Telefon", exact=True)

    @property
    def email(self) -> Locator:
        return self.page.get_by_label("E-Mail-Adresse", exact=True)

    @property
    def website(self) -> Locator:
        return self.page.get_by_label("Internetseite", exact=True)

    @property
    def opening_hours(self) -> Locator:
        return self.page.get_by_label("Öffnungszeiten", exact=True)

    @property
    def concept(self) -> Locator:
        return self.page.get_by_role("group", name="Konzept")

    def concept_tag(self, label: str) -> Locator:
        return self.concept.get_by_label(label, exact=True)

    def unchecked_concept_tags(self) -> list[str]:
        return [
            box.evaluate("el => el.labels[0].textContent.trim()")
            for box in self.concept.get_by_role("checkbox").all()
            if not box.is_checked()
        ]

    def open_free_places(self) -> FreePlacesPage:
        self.areas.get_by_role("link", name="Freie Plätze").click()
        return FreePlacesPage(self.page, self.name, self.tenant).expect_shown()

    def submit(self) -> None:
        self.page.get_by_role("button", name="Angaben speichern").click()

    def save(self) -> ProviderFacilityPage:
        self.submit()
        return self._saved("Die Angaben zur Einrichtung sind gespeichert.")


class FreePlacesPage(FacilityFormPage):
    heading = "Freie Plätze"

    @property
    def table(self) -> Locator:
        return self.page.get_by_role("table", name="Freie Plätze nach Beginn und Alter")

    def months(self) -> list[str]:
        """The start months the form offers, in order (e.g. "März 2027")."""
        return self.table.get_by_role("rowheader").all_inner_texts()

    def age_groups(self) -> list[str]:
        """The age groups the facility takes, as the table's column headers name them."""
        return self.table.get_by_role("columnheader").all_inner_texts()[1:]

    @property
    def last_report(self) -> Locator:
        return self.page.get_by_text(re.compile(r"^(Letzte Meldung: |Noch keine Meldung)"))

    def cell(self, month: str, group: str) -> Locator:
        return self.page.get_by_label(f"Freie Plätze ab {month}, {group}", exact=True)

    def submit(self) -> None:
        self.page.get_by_role("button", name="Freie Plätze melden").click()

    def save(self) -> ProviderFacilityPage:
        self.submit()
        return self._saved(
            "Die freien Plätze sind gespeichert. Das Verzeichnis zeigt sie mit dem heutigen Stand."
        )


class ReservationsPage(PortalPage):
    heading = "Vormerkungen"

    def __init__(self, page: Page, facility_id: int, tenant: str = "wuppertal") -> None:
        super().__init__(page, tenant)
        self.facility_id = facility_id

    @property
    def url(self) -> str:
        return f"/{self.tenant}/traeger/einrichtungen/{self.facility_id}/vormerkungen"

    def row(self, first_name: str) -> Locator:
        return self.page.locator("tr[data-reservation]").filter(
            has=self.page.get_by_role("rowheader", name=first_name, exact=True)
        )

    def offer_place(self, first_name: str) -> OfferFormPage:
        self.row(first_name).get_by_role("link", name=f"Platz anbieten für {first_name}").click()
        return OfferFormPage(self.page, self.tenant).expect_shown()


class OfferFormPage(PortalPage):
    heading = "Platz anbieten"

    def set_deadline(self, day: dt.date) -> None:
        fill_date(self.page.get_by_role("group", name="Bis wann soll die Familie antworten?"), day)

    def send(self, names: str) -> ProviderOfferPage:
        self.page.get_by_role("button", name="Angebot verschicken").click()
        offer = ProviderOfferPage(self.page, names, self.tenant).expect_shown()
        offer.expect_banner("Das Platzangebot ist verschickt.")
        return offer


class ProviderOfferPage(PortalPage):
    def __init__(self, page: Page, names: str, tenant: str = "wuppertal") -> None:
        super().__init__(page, tenant)
        self.names = names

    def expect_shown(self) -> ProviderOfferPage:
        expect(self.page).to_have_url(re.compile(rf"/{self.tenant}/traeger/angebote/\d+$"))
        expect(self.page.get_by_role("heading", level=1)).to_have_text(f"Angebot für {self.names}")
        a11y(self.page)
        return self

    @property
    def status(self) -> Locator:
        return self.page.locator("[data-offer-status]")

    @property
    def contact(self) -> Locator:
        return self.page.locator("[data-family-contact]")

    def mark_contracted(self) -> ProviderOfferPage:
        self.page.get_by_role("button", name="Betreuungsvertrag geschlossen").click()
        expect(self.page.get_by_role("heading", level=1)).to_have_text("Betreuungsvertrag geschlossen?")
        a11y(self.page)
        self.page.get_by_role("button", name="Ja, Betreuungsvertrag geschlossen").click()
        shown = ProviderOfferPage(self.page, self.names, self.tenant).expect_shown()
        shown.expect_banner("Der Betreuungsvertrag ist vermerkt.")
        return shown
