"""Page objects of the school services (OGS, Schülerfahrkosten, Schüler-BAföG) and of the second parent's
consent: the invitation page (log in or register, review, agree or refuse) and the consent state on the
applicant's case page. Locators use roles and the German labels a parent sees."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from playwright.sync_api import Locator, Page, expect

from e2e.application_pages import CasePage, CheckAnswersPage, ServiceStartPage, StepPage, camera_photo
from e2e.pages import (
    HouseholdPage,
    LoginPage,
    PortalPage,
    RegisterPage,
    a11y,
    link_in,
    register_and_confirm,
)

OGS_TITLE = "Anmeldung zur Offenen Ganztagsschule (OGS)"
SFK_TITLE = "Schülerfahrkosten und Schülerticket"
BAFOEG_TITLE = "Schüler-BAföG: Ausbildungsförderung für Schülerinnen und Schüler"
UPLOAD_TIMEOUT_MS = 30_000
# The applicant's case page refreshes its status block every 20 s.
POLL_TIMEOUT_MS = 45_000


def first_school_year(today: dt.date | None = None) -> int:
    """The start year of the first school year the OGS registration offers (the next one not begun)."""
    today = today or dt.date.today()
    return today.year if today < dt.date(today.year, 8, 1) else today.year + 1


def school_year_label(start: int) -> str:
    return f"Schuljahr {start}/{str(start + 1)[-2:]}"


def school_child_born() -> dt.date:
    """Seven years old when the first offered school year begins."""
    return dt.date(first_school_year() - 7, 5, 4)


def new_school_family(page: Page, mailbox: Any, first_name: str = "Lina") -> tuple[str, str]:
    """A new parent with a school child and a guardian in the household; returns (e-mail, password)."""
    email, password = register_and_confirm(page, mailbox)
    LoginPage(page).login(email, password)
    household = HouseholdPage(page).goto()
    child = household.add_child()
    child.fill_born(first_name, "Test", school_child_born())
    household = child.save()
    guardian = household.add_guardian()
    guardian.fill("Anna", "Test", "Elternteil")
    guardian.save()
    return email, password


def proof_photo(folder: Path, name: str, seed: int = 1) -> Path:
    """A photographed page, smaller than a camera's (the school services' tests are about the flow)."""
    path = folder / f"{name}.jpg"
    path.write_bytes(camera_photo(seed, size=(1600, 1200)))
    return path


class SchoolStep(StepPage):
    """A step of a school service, with the few interactions beyond StepPage's."""

    def choose_starting(self, group: str, option_start: str) -> None:
        """A radio whose label begins with `option_start` (its hint is part of the label)."""
        # Playwright passes the pattern on as JavaScript source: a "/" must be escaped as well.
        pattern = re.escape(option_start).replace("/", r"\/")
        self.group(group).get_by_role("radio", name=re.compile(rf"^{pattern}")).check()

    def fill(self, label: str, value: str) -> None:
        self.page.get_by_label(label, exact=True).fill(value)

    def tick(self, label: str) -> None:
        self.page.get_by_role("checkbox", name=label).check()

    def upload(self, proof: str, photo: Path) -> None:
        slot = self.proof(proof)
        slot.choose_files(photo)
        slot.expect_pages("Hochgeladen", timeout=UPLOAD_TIMEOUT_MS)
        a11y(self.page)

    def continue_to(self, heading: str) -> SchoolStep:
        self.page.get_by_role("button", name="Speichern und weiter").click()
        return SchoolStep(self.page, heading, self.tenant).expect_shown()  # type: ignore[return-value]

    def continue_to_check(self) -> CheckAnswersPage:
        self.page.get_by_role("button", name="Speichern und weiter").click()
        return CheckAnswersPage(self.page, self.tenant).expect_shown()  # type: ignore[return-value]

    def continue_with_error(self, field: str, message: str) -> None:
        """The step stays, with the message in the error summary and at the field."""
        self.page.get_by_role("button", name="Speichern und weiter").click()
        expect(self.page.get_by_role("heading", level=1)).to_have_text(self.title)
        self.expect_field_error(field, message)


def begin(page: Page, service: str, title: str, first_step: str) -> SchoolStep:
    start = ServiceStartPage(page, service=service, title=title).goto()
    start.begin(first_step)  # type: ignore[attr-defined]
    return SchoolStep(page, first_step)


class ConsentPage(PortalPage):
    """/<tenant>/zustimmung/<token>: the page the invitation e-mail links to."""

    heading = "Zustimmung zum Antrag"

    def open(self, link: str) -> ConsentPage:
        self.page.goto(link)
        self.expect_shown()
        return self

    @property
    def main(self) -> Locator:
        return self.page.get_by_role("main")

    def register_from_here(self) -> RegisterPage:
        """Not yet a user: "Konto anlegen" leads to the registration."""
        self.main.get_by_role("button", name="Konto anlegen").click()
        register = RegisterPage(self.page, self.tenant)
        register.expect_shown()
        return register

    def log_in_from_here(self, email: str, password: str) -> ConsentPage:
        """ "Anmelden" on this page, and back here after the login."""
        back = self.page.url
        self.main.get_by_role("button", name="Anmelden").click()
        login = LoginPage(self.page, self.tenant)
        login.expect_shown()
        login.submit(email, password)
        self.page.wait_for_url(back)
        return self.expect_shown()  # type: ignore[return-value]

    @property
    def agreement(self) -> Locator:
        """What the second parent agrees to."""
        return self.main.locator(".inset").filter(
            has=self.page.get_by_role("heading", name="Dem stimmen Sie zu")
        )

    def answer_of(self, label: str) -> Locator:
        return (
            self.main.locator(".summary-list__row")
            .filter(
                has=self.page.locator(".summary-list__key", has_text=re.compile(rf"^{re.escape(label)}$"))
            )
            .locator(".summary-list__value")
        )

    def decide(self, option: str) -> None:
        self.page.get_by_role("group", name="Ihre Entscheidung").get_by_label(option).check()
        self.page.get_by_role("button", name="Entscheidung absenden").click()
        self.expect_shown()

    def agree(self) -> None:
        self.decide("Ich stimme dem Antrag zu")
        self.expect_banner("Vielen Dank. Ihre Zustimmung ist gespeichert.")
        expect(self.main).to_contain_text(re.compile(r"Sie haben diesem Antrag am .* zugestimmt\."))


class ConsentOnCase:
    """The consent part of the applicant's case page (inside the status block, which refreshes itself)."""

    def __init__(self, case: CasePage) -> None:
        self.case = case
        self.page = case.page

    @property
    def heading(self) -> Locator:
        return self.page.get_by_role("heading", name="Zustimmung des anderen Elternteils")

    def row(self, key: str) -> Locator:
        return (
            self.page.locator("[data-consent-state] .summary-list__row")
            .filter(has=self.page.locator(".summary-list__key", has_text=key))
            .locator(".summary-list__value")
        )

    def expect_pending(self, invited: str) -> None:
        expect(self.heading).to_be_visible()
        expect(self.row("Eingeladen")).to_contain_text(invited)
        expect(self.row("Stand")).to_have_text("Ausstehend")
        expect(self.page.get_by_label("E-Mail-Adresse des anderen Elternteils")).to_have_value(invited)

    def expect_agreed_by(self, other: str, timeout: float = POLL_TIMEOUT_MS) -> None:
        """Without a reload: the page asks for news by itself."""
        expect(self.row("Stand")).to_contain_text("Zugestimmt", timeout=timeout)
        expect(self.row("Stand")).to_have_text(
            re.compile(rf"^\s*Zugestimmt\s+am \d\d\.\d\d\.\d{{4}}, \d\d:\d\d Uhr von {re.escape(other)}\s*$")
        )


def confirmation_link(mailbox: Any, email: str) -> str:
    body = mailbox.wait_for_mail(email, "Bitte bestätigen Sie Ihre E-Mail-Adresse")
    return link_in(body, "/wuppertal/bestaetigen/")


def invitation_link(mailbox: Any, email: str) -> str:
    body = mailbox.wait_for_mail(email, f"Bitte um Ihre Zustimmung: {OGS_TITLE}")
    return link_in(body, "/wuppertal/zustimmung/")
