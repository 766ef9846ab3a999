"""Page objects of the public parent-fee calculator (`/<tenant>/elternbeitrag-rechner`).

Locators use roles and the German labels a user sees; `expect_shown()` and the result/error checks run
`a11y(page)` on every page shown.
"""

from __future__ import annotations

import datetime as dt
import re

from playwright.sync_api import Locator, Page, expect

from e2e.pages import PortalPage, StartPage, a11y, a11y_without_javascript, fill_date


def months_before(day: dt.date, months: int) -> dt.date:
    total = day.year * 12 + day.month - 1 - months
    return dt.date(total // 12, total % 12 + 1, min(day.day, 28))


class ChildRow:
    """One "n. Kind" fieldset of the calculator."""

    def __init__(self, page: Page, number: int) -> None:
        self.number = number
        self.group = page.get_by_role("group", name=re.compile(rf"^{number}\. Kind"))

    def fill(self, birth: dt.date, care: str, hours: str, deferred: bool = False) -> None:
        """`care` and `hours` as the labels read: "Kita", "Kindertagespflege"; "35 Stunden"."""
        fill_date(self.group.get_by_role("group", name="Geburtsdatum", exact=True), birth)
        self.group.get_by_role("group", name="Art der Betreuung").get_by_label(care, exact=True).check()
        self.group.get_by_label("Betreuungszeit pro Woche").select_option(label=hours)
        self.group.get_by_label("Das Kind wird ein Jahr später eingeschult (Zurückstellung)").set_checked(
            deferred
        )


class FeeCalculatorPage(PortalPage):
    path = "/elternbeitrag-rechner"
    heading = "Elternbeitrag berechnen"

    @classmethod
    def open_from(cls, start: StartPage) -> FeeCalculatorPage:
        start.page.get_by_role("main").get_by_role("link", name="Elternbeitrag berechnen").click()
        calculator = cls(start.page, start.tenant)
        expect(start.page).to_have_url(re.compile(rf"/{start.tenant}/elternbeitrag-rechner$"))
        calculator.expect_shown()
        return calculator

    def check_a11y(self) -> None:
        a11y(self.page)

    # --- the form --------------------------------------------------------------------------------------------
    @property
    def income(self) -> Locator:
        return self.page.get_by_label("Jahreseinkommen der Familie in Euro")

    @property
    def top_bracket(self) -> Locator:
        return self.page.get_by_label("Ich akzeptiere den Höchstbeitrag")

    def benefit(self, label: str) -> Locator:
        return self.page.get_by_role(
            "group", name="Bezieht Ihre Familie eine dieser Leistungen?"
        ).get_by_label(label, exact=True)

    def child(self, number: int) -> ChildRow:
        return ChildRow(self.page, number)

    def calculate(self) -> None:
        self.page.get_by_role("button", name="Beitrag berechnen").click()

    # --- the result ------------------------------------------------------------------------------------------
    @property
    def result(self) -> Locator:
        return self.page.get_by_role("region", name="Ihr voraussichtlicher Elternbeitrag")

    def child_result(self, label: str) -> Locator:
        """The result row of one child ("1. Kind"): its fee and the rules applied to it."""
        return self.result.locator(".summary-list__row").filter(
            has=self.page.locator(".summary-list__key", has_text=label)
        )

    def expect_result(self, total: str) -> None:
        """The result is shown (and focused for screen readers) with this monthly total, e.g. "160 €"."""
        expect(self.result).to_be_visible()
        expect(self.result).to_contain_text(f"Zusammen {total} im Monat")
        expect(self.result).to_contain_text("Unverbindliche Berechnung")
        expect(self.result).to_contain_text("Stand der Tabelle: gültig ab")
        self.check_a11y()


class NoScriptFeeCalculatorPage(FeeCalculatorPage):
    """The calculator in a context without JavaScript (axe needs its timers run as microtasks there)."""

    def expect_shown(self) -> NoScriptFeeCalculatorPage:
        expect(self.page.get_by_role("heading", level=1)).to_have_text(self.heading)
        a11y_without_javascript(self.page)
        return self

    def check_a11y(self) -> None:
        a11y_without_javascript(self.page)
