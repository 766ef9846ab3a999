"""Page objects of the Elterngeld application: the month planner (a table of Lebensmonate x parent with one
labelled <select> per cell, and the live region with the running summary and the rule messages), the quick
check, and a family with a baby to apply for. Locators use roles and the German labels a parent sees."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from playwright.sync_api import Locator, Page, expect

from e2e.application_pages import StepPage, template_url, wait_until_cached
from e2e.pages import HouseholdPage, LoginPage, PortalPage, a11y, register_and_confirm

SERVICE = "elterngeld"
TITLE = "Elterngeld beantragen"
PLANNER = "Elterngeld-Monate planen"
KINDS = {"kein": "", "Basis": "basis", "Plus": "plus", "Bonus": "bonus"}


def new_parents(page: Page, mailbox: Any, born: dt.date) -> str:
    """A new parent account with Anna (the mother) and a baby born on `born` in the household; returns the
    e-mail address. Ends on the household page."""
    email, password = register_and_confirm(page, mailbox)
    LoginPage(page).login(email, password)
    household = HouseholdPage(page).goto()
    guardian = household.add_guardian()
    guardian.fill("Anna", "Test", "Mutter")
    household = guardian.save()
    child = household.add_child()
    child.fill_born("Lotta", "Test", born)
    child.save()
    return email


def wait_until_offline_ready(page: Page, steps: tuple[str, ...] = ("monate", "einkommen")) -> None:
    """The service worker controls the page and keeps the service's blank pages of these steps."""
    wait_until_cached(page, [template_url(SERVICE, step) for step in steps])


class PlannerStep(StepPage):
    """The month planner (widgets/elterngeld_plan.html with js/widgets/elterngeld-plan.js)."""

    def __init__(self, page: Page, tenant: str = "wuppertal") -> None:
        super().__init__(page, PLANNER, tenant)

    def cell(self, month: int, parent: str) -> Locator:
        """The choice for one Lebensmonat and parent, by its label ("Lebensmonat 3, Anna")."""
        return self.page.get_by_label(f"Lebensmonat {month}, {parent}", exact=True)

    def table(self, caption: str) -> Locator:
        return self.page.get_by_role("table", name=caption)

    def show_later_months(self) -> None:
        """Unfold Lebensmonate 15 to 32 (a <details>), as a keyboard user: focus its summary, press Enter."""
        later = self.page.locator("[data-month-plan-later]")
        if later.evaluate("el => el.open"):
            return
        summary = later.locator("summary")
        summary.focus()
        self.page.keyboard.press("Enter")
        expect(self.table("Lebensmonate 15 bis 32")).to_be_visible()

    def tap_choose(self, month: int, parent: str, kind: str) -> None:
        """On the touch screen: tap the cell, pick the option (the phone's own picker)."""
        cell = self.cell(month, parent)
        cell.tap()
        cell.select_option(KINDS[kind])
        expect(cell).to_have_value(KINDS[kind])

    def type_choose(self, kind: str) -> None:
        """With the keyboard, on the focused cell: type the start of the option (type-ahead)."""
        focused = self.page.locator(":focus")
        self.page.keyboard.type(kind)
        expect(focused).to_have_value(KINDS[kind])

    def plan_with_keyboard(self, parent: str, months: range, kind: str, parents: int = 2) -> None:
        """Focus the first month's cell, type the choice, Tab on to the same parent's next month."""
        self.cell(months[0], parent).focus()
        for index, month in enumerate(months):
            if index:
                for _ in range(parents):
                    self.page.keyboard.press("Tab")
            expect(self.cell(month, parent)).to_be_focused()
            self.type_choose(kind)

    @property
    def live(self) -> Locator:
        return self.page.locator("[data-month-plan-live]")

    @property
    def problems(self) -> Locator:
        return self.page.locator("[data-month-plan-problems] li")

    @property
    def summary(self) -> Locator:
        return self.page.locator("[data-month-plan-summary] li")

    def expect_problem(self, text: str | re.Pattern[str]) -> None:
        expect(self.live).to_have_attribute("aria-live", "polite")
        expect(self.problems.filter(has_text=text)).to_have_count(1)
        expect(self.problems.filter(has_text=text)).to_be_visible()

    def expect_no_problem(self, text: str | re.Pattern[str]) -> None:
        expect(self.problems.filter(has_text=text)).to_have_count(0)

    def expect_no_problems(self) -> None:
        expect(self.problems).to_have_count(0)
        expect(self.page.locator("[data-month-plan-problems]")).to_be_hidden()

    def expect_summary(self, *lines: str) -> None:
        expect(self.summary).to_have_text(list(lines))


class QuickCheckPage(PortalPage):
    heading = "Schnellcheck"

    @property
    def url(self) -> str:
        return f"/{self.tenant}/antraege/{SERVICE}/schnellcheck"

    def answer(self, question: str, option: str) -> None:
        self.page.get_by_role("group", name=question).get_by_label(option, exact=True).check()

    def check(self) -> None:
        self.page.get_by_role("button", name="Prüfen").click()
        expect(self.page.get_by_role("status")).to_be_visible()
        a11y(self.page)

    def begin(self, first_step: str) -> StepPage:
        self.page.get_by_role("button", name="Antrag mit diesen Angaben beginnen").click()
        expect(self.page).to_have_url(re.compile(rf"/antraege/{SERVICE}/[0-9a-f-]{{36}}/"))
        return StepPage(self.page, first_step, self.tenant).expect_shown()
