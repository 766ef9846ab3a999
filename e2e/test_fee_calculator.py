"""The public parent-fee calculator on a phone: from the start page, without logging in, to the fees."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect

from e2e.conftest import ACTION_TIMEOUT_MS, DEVICE
from e2e.fee_pages import FeeCalculatorPage, NoScriptFeeCalculatorPage, months_before
from e2e.pages import A11yLedger, StartPage, a11y_without_javascript

TODAY = dt.date.today()
# Wuppertal's demo table: under 2 and over 2 (not yet in the fee-free years before school).
BABY = months_before(TODAY, 12)
TODDLER = months_before(TODAY, 30)
INCOME_MESSAGE = "Bitte geben Sie das Einkommen als Betrag in Euro ein, zum Beispiel 45.000 oder 45000,50."


def test_calculate_the_fee_for_two_children_without_logging_in(page: Page) -> None:
    start = StartPage(page, "wuppertal")
    start.goto()
    calculator = FeeCalculatorPage.open_from(start)
    expect(page.get_by_role("main")).to_contain_text("Beispieltabelle nach dem Aufbau der Wuppertaler")
    expect(page.get_by_role("main")).to_contain_text("Demo: Die Beträge sind erfunden.")

    calculator.income.fill("45.000")
    calculator.child(1).fill(BABY, "Kita", "35 Stunden")
    calculator.child(2).fill(TODDLER, "Kita", "45 Stunden")
    calculator.calculate()

    # Income bracket up to 49.000 €: under 2, 35 h = 160 €; over 2, 45 h = 110 €. The second child is free
    # and the higher fee applies.
    calculator.expect_result("160 €")
    expect(calculator.result).to_be_focused()
    expect(calculator.result).to_contain_text("Einkommensstufe: über 37.000 € bis 49.000 €")
    expect(calculator.child_result("1. Kind")).to_contain_text("160 € im Monat")
    expect(calculator.child_result("2. Kind")).to_contain_text("0 € im Monat")
    expect(calculator.child_result("2. Kind")).to_contain_text("Geschwisterregel: kein Beitrag als 2. Kind.")
    expect(calculator.result).to_contain_text("Stand der Tabelle: gültig ab 01.08.2019")
    # the form stays filled in below the result
    expect(calculator.income).to_have_value("45.000")
    expect(page.get_by_role("link", name="Anmelden").first).to_be_visible()  # still logged out

    # The top bracket instead of an income: the highest fee, no proof needed.
    calculator.income.fill("")
    calculator.top_bracket.check()
    calculator.calculate()
    calculator.expect_result("370 €")  # top bracket, under 2, 35 h; the second child is free
    expect(calculator.result).to_contain_text("Einen Einkommensnachweis brauchen Sie dann nicht.")


def test_bad_income_shows_the_german_message_at_the_field(page: Page) -> None:
    calculator = FeeCalculatorPage(page, "iserlohn")
    calculator.goto()
    expect(page.get_by_role("main")).to_contain_text(
        "Beispiel: Beitragstabelle der Landeshauptstadt Düsseldorf ab 1.8.2021"
    )
    calculator.income.fill("viel Geld")
    calculator.child(1).fill(BABY, "Kindertagespflege", "mehr als 45 Stunden (nur Kindertagespflege)")
    calculator.calculate()

    calculator.expect_field_error("income", INCOME_MESSAGE)
    expect(calculator.income).to_have_value("viel Geld")
    expect(calculator.income).to_have_attribute("aria-invalid", "true")
    expect(calculator.result).to_have_count(0)

    # The summary's link leads to the field.
    calculator.error_summary.get_by_role("link", name=INCOME_MESSAGE).click()
    expect(calculator.income).to_be_focused()

    calculator.income.fill("85.000")
    calculator.calculate()
    calculator.expect_result("450 €")
    expect(calculator.child_result("1. Kind")).to_contain_text("mehr als 45 Stunden")


@pytest.fixture
def no_js_context(browser: Browser, playwright: Playwright, base_url: str) -> Iterator[BrowserContext]:
    ctx = browser.new_context(
        **playwright.devices[DEVICE],
        java_script_enabled=False,
        base_url=base_url,
        locale="de-DE",
        timezone_id="Europe/Berlin",
    )
    ctx.set_default_timeout(ACTION_TIMEOUT_MS)
    ledger = A11yLedger.attach(ctx)
    try:
        yield ctx
        assert not ledger.unchecked(), f"pages not checked with a11y(): {ledger.unchecked()}"
    finally:
        ctx.close()


def test_the_calculator_works_without_javascript(no_js_context: BrowserContext) -> None:
    page = no_js_context.new_page()
    calculator = NoScriptFeeCalculatorPage(page, "wuppertal")
    calculator.goto()
    calculator.income.fill("45000,50")
    calculator.child(1).fill(BABY, "Kita", "25 Stunden")
    calculator.child(2).fill(TODDLER, "Kita", "mehr als 45 Stunden (nur Kindertagespflege)")
    calculator.calculate()

    expect(page).to_have_title(re.compile(r"^Fehler: "))
    a11y_without_javascript(page)
    message = "In der Kita sind höchstens 45 Stunden in der Woche möglich."
    expect(calculator.field_error("child2_hours")).to_contain_text(message)
    expect(calculator.income).to_have_value("45000,50")

    calculator.child(2).fill(TODDLER, "Kita", "45 Stunden")
    calculator.calculate()
    calculator.expect_result("130 €")  # under 2, 25 h: 130 €; the over-2 child's 110 € is the lower fee
