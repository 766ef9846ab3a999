"""Page objects of the back office (inbox, case, request and decision forms, proof viewer) and of the
parent's document-request page. Locators use roles and the German labels staff and parents see."""

from __future__ import annotations

import datetime as dt
import re

from playwright.sync_api import Locator, Page, expect

from e2e.pages import PortalPage, a11y, fill_date

STAFF_VIEWPORT = {"width": 1366, "height": 900}


class StaffDashboardPage(PortalPage):
    path = "/uebersicht"
    heading = "Übersicht für Mitarbeitende"

    def open_inbox(self) -> InboxPage:
        self.page.get_by_role("link", name="Posteingang").click()
        return InboxPage(self.page, self.tenant).expect_shown()


class InboxPage(PortalPage):
    path = "/sachbearbeitung/"
    heading = "Posteingang"

    def expect_shown(self) -> InboxPage:
        super().expect_shown()
        return self

    def row(self, reference: str) -> Locator:
        return self.page.get_by_role("row").filter(has=self.page.get_by_role("link", name=reference))

    def open_case(self, reference: str) -> StaffCasePage:
        self.row(reference).get_by_role("link", name=reference).click()
        return StaffCasePage(self.page, reference, self.tenant).expect_shown()


class StaffCasePage(PortalPage):
    def __init__(self, page: Page, reference: str, tenant: str = "wuppertal") -> None:
        super().__init__(page, tenant)
        self.reference = reference

    @property
    def url(self) -> str:
        return f"/{self.tenant}/sachbearbeitung/{self.reference}"

    def expect_shown(self) -> StaffCasePage:
        expect(self.page).to_have_url(re.compile(rf"/sachbearbeitung/{self.reference}(#.*)?$"))
        expect(self.page.get_by_role("heading", name="Bearbeitung")).to_be_visible()
        a11y(self.page)
        return self

    def expect_status(self, label: str) -> None:
        status = self.page.locator(".summary-list__row").filter(has_text="Stand").first
        expect(status.locator(".tag")).to_have_text(label)

    def press(self, action: str) -> StaffCasePage:
        self.page.get_by_role("button", name=action).click()
        return self.expect_shown()

    def request_documents(self) -> RequestFormPage:
        self.page.get_by_role("button", name="Unterlagen nachfordern").click()
        return RequestFormPage(self.page, self.tenant).expect_shown()

    def decide(self) -> DecisionFormPage:
        self.page.get_by_role("button", name="Entscheiden und Bescheid erstellen").click()
        return DecisionFormPage(self.page, self.tenant).expect_shown()

    @property
    def proofs(self) -> Locator:
        return self.page.locator(".proof-list > li")

    def open_proof(self, label: str) -> ProofViewerPage:
        item = self.proofs.filter(has_text=label)
        item.get_by_role("link", name=re.compile(r"^Ansehen")).click()
        viewer = ProofViewerPage(self.page, label, self.tenant)
        viewer.expect_shown()
        return viewer


class RequestFormPage(PortalPage):
    heading = "Unterlagen nachfordern"

    def item(self, number: int) -> Locator:
        return self.page.get_by_role("group", name=re.compile(rf"^Unterlage {number}\b"))

    def ask_for(self, number: int, title: str, explanation: str = "") -> None:
        self.item(number).get_by_label("Welche Unterlage?").fill(title)
        if explanation:
            self.item(number).get_by_label("Kurze Erklärung (freiwillig)").fill(explanation)

    def set_deadline(self, day: dt.date) -> None:
        fill_date(self.page.get_by_role("group", name="Frist"), day)

    def send(self, reference: str) -> StaffCasePage:
        self.page.get_by_role("button", name="Nachforderung senden").click()
        case = StaffCasePage(self.page, reference, self.tenant).expect_shown()
        case.expect_banner("Die Nachforderung ist verschickt.")
        return case


class DecisionFormPage(PortalPage):
    heading = "Entscheiden und Bescheid erstellen"

    @property
    def fee(self) -> Locator:
        return self.page.get_by_label("Monatlicher Elternbeitrag in Euro")

    def decide(self, outcome: str, reasons: str, reference: str) -> StaffCasePage:
        self.page.get_by_role("group", name="Entscheidung").get_by_label(outcome, exact=True).check()
        self.page.get_by_label("Begründung").fill(reasons)
        self.page.get_by_role("button", name="Entscheiden und Bescheid zustellen").click()
        case = StaffCasePage(self.page, reference, self.tenant).expect_shown()
        case.expect_banner("Die Entscheidung ist gespeichert")
        return case


class ProofViewerPage(PortalPage):
    def __init__(self, page: Page, label: str, tenant: str = "wuppertal") -> None:
        super().__init__(page, tenant)
        self.heading = label

    def figure(self, number: int) -> Locator:
        return self.page.get_by_role("figure").nth(number - 1)

    def tool(self, number: int, name: str) -> Locator:
        return self.figure(number).get_by_role("button", name=re.compile(rf"^{name}"))


class DocumentRequestPage(PortalPage):
    heading = "Unterlagen nachreichen"

    def send(self) -> None:
        self.page.get_by_role("button", name="Unterlagen absenden").last.click()


class SignedPageUploadPage(DocumentRequestPage):
    """The upload for the signed signature page of a written-form service: a document request of its own kind."""

    heading = "Unterschriebene Seite hochladen"
