"""A parent's way in: register, confirm by e-mail, log in, fill in the household, log out. Password reset."""

from __future__ import annotations

import datetime as dt
import re

from playwright.sync_api import Page, expect

from e2e.conftest import Mailbox
from e2e.pages import (
    ConfirmPage,
    ForgotPasswordPage,
    LinkProblemPage,
    LoginPage,
    RegisterPage,
    ResetPasswordPage,
    fresh_email,
    fresh_password,
    german_date,
    link_in,
    register_and_confirm,
)


def test_register_confirm_login_household_logout(page: Page, mailbox: Mailbox) -> None:
    email, password = fresh_email(), fresh_password()
    register = RegisterPage(page)
    register.goto()
    register.register(email, password)

    body = mailbox.wait_for_mail(email, "Bitte bestätigen Sie Ihre E-Mail-Adresse")
    assert "Familienportal Wuppertal" in body
    link = link_in(body, "/wuppertal/bestaetigen/")
    assert link.startswith(page.url.split("/wuppertal/")[0]), f"link {link} does not point at this portal"
    login = ConfirmPage(page).open(link).confirm_ok()

    dashboard = login.login(email, password)
    expect(page.get_by_text(f"Angemeldet als {email}")).to_be_visible()
    dashboard.expect_banner("Sie sind angemeldet.")

    household = dashboard.open_household()
    expect(page.get_by_text("Sie haben noch kein Kind eingetragen.")).to_be_visible()

    today = dt.date.today()
    birthday = today.replace(day=1) - dt.timedelta(days=3 * 365)
    child = household.add_child()
    child.fill_born("Lena", "Kiesel", birthday)
    household = child.save()

    expected = today + dt.timedelta(days=90)
    child = household.add_child()
    child.fill_expected("Kiesel", expected)
    household = child.save()

    lena = household.row("Lena Kiesel")
    expect(lena).to_contain_text(f"geboren am {german_date(birthday)}")
    expect(lena).not_to_contain_text("noch nicht geboren")
    unborn = household.row(re.compile(r"^Kiesel\b"))
    expect(unborn).to_contain_text("noch nicht geboren")
    expect(unborn).to_contain_text(f"erwartet am {german_date(expected)}")
    expect(page.locator(".summary-list__key", has_text="Kiesel")).to_have_count(2)

    guardian = household.add_guardian()
    guardian.fill("Jana", "Kiesel", "Mutter", phone="0202 123456")
    household = guardian.save()
    expect(household.row("Jana Kiesel")).to_contain_text("Mutter")

    household.logout()
    # Logged out: the household asks for a login again.
    page.goto("/wuppertal/haushalt/")
    expect(page).to_have_url(re.compile(r"/wuppertal/anmelden\?weiter=/wuppertal/haushalt/?$"))
    LoginPage(page).expect_shown()


def test_password_reset(page: Page, mailbox: Mailbox) -> None:
    email, old_password = register_and_confirm(page, mailbox)

    forgot = ForgotPasswordPage(page)
    forgot.goto()
    forgot.request_link(email)
    body = mailbox.wait_for_mail(email, "Neues Passwort")
    link = link_in(body, "/wuppertal/passwort-neu/")

    new_password = fresh_password()
    login = ResetPasswordPage(page).open(link).set_password(new_password)

    login.submit(email, old_password)
    login.expect_rejected("E-Mail-Adresse oder Passwort ist falsch.", email)
    dashboard = login.login(email, new_password)
    dashboard.logout()

    page.goto(link)
    LinkProblemPage(page).expect_message("Dieser Link wurde bereits verwendet. Jeder Link gilt nur einmal.")
