"""Page objects of placement: the provider's back office (desktop), the caseworker's confirmation of a
demand notice, the parent's mailbox and offer pages (phone); and a Kita demand notice prepared through
the drafts JSON API (as the app's own script would sync it) and submitted on the check page."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from playwright.sync_api import BrowserContext, Locator, Page, expect

from e2e.application_pages import CheckAnswersPage
from e2e.pages import PortalPage, a11y, fill_date

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
STAFF_PASSWORD = "Demo-Familie-2026"  # noqa: S105 - the documented demo password of the seeded staff
DESKTOP = {"width": 1280, "height": 900}


def months_ahead(months: int) -> dt.date:
    today = dt.date.today()
    index = today.month - 1 + months
    return dt.date(today.year + index // 12, index % 12 + 1, 1)


def csrf_token(context: BrowserContext) -> str:
    return next(c["value"] for c in context.cookies() if c["name"] == "portal_csrf")


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
