"""Bad input gets a German message at the field, keeps what was typed, and never a server error."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import Mailbox
from e2e.pages import (
    DEMO_PASSWORD,
    ChildForm,
    ConfirmPage,
    ErrorPage,
    LinkProblemPage,
    LoginPage,
    RegisterPage,
    demo_parent,
    fresh_email,
    fresh_password,
    link_in,
)

FRESH = "<a new address>"
LONG_EMAIL = "a" * 60 + "@" + "b" * 230 + ".example"  # 300 characters: longer than any valid address


def expect_status(page: Page, status: int, submit: Callable[[], None]) -> None:
    """Run `submit` and check the status of the form's POST (boosted by htmx, so not a navigation)."""

    # Background requests (the Merkliste merge after login, draft sync) are not the form's POST.
    def is_form_post(r) -> bool:  # noqa: ANN001 - playwright Response
        return r.request.method == "POST" and not any(
            p in r.url for p in ("/merkliste/abgleich", "/entwuerfe/")
        )

    with page.expect_response(is_form_post) as response:
        submit()
    assert response.value.status == status, f"POST {response.value.url} answered {response.value.status}"


@pytest.mark.parametrize(
    ("email", "password", "password_confirm", "field", "message"),
    [
        pytest.param(
            demo_parent(),
            "Laterne-Kiesel-Wolke",
            None,
            "email",
            "Zu dieser E-Mail-Adresse gibt es schon ein Konto.",
            id="duplicate-email",
        ),
        pytest.param(
            FRESH,
            "passwort123",
            None,
            "password",
            "Dieses Passwort ist zu leicht zu erraten.",
            id="common-password",
        ),
        pytest.param(
            FRESH,
            "Kiesel-7",
            None,
            "password",
            "Das Passwort muss mindestens 10 Zeichen lang sein.",
            id="short-password",
        ),
        pytest.param(
            FRESH,
            "Laterne-Kiesel-Wolke",
            "Laterne-Kiesel-Wolle",
            "password_confirm",
            "Die beiden Passwörter stimmen nicht überein.",
            id="mismatched-passwords",
        ),
        pytest.param(
            "name-at-beispiel.de",
            "Laterne-Kiesel-Wolke",
            None,
            "email",
            "Bitte geben Sie eine E-Mail-Adresse im Format name@beispiel.de ein.",
            id="malformed-email",
        ),
        pytest.param(
            LONG_EMAIL,
            "Laterne-Kiesel-Wolke",
            None,
            "email",
            "Bitte geben Sie eine E-Mail-Adresse im Format name@beispiel.de ein.",
            id="300-char-email",
        ),
    ],
)
def test_registration_rejects_bad_input(
    page: Page, email: str, password: str, password_confirm: str | None, field: str, message: str
) -> None:
    email = fresh_email() if email == FRESH else email
    register = RegisterPage(page)
    register.goto()
    expect_status(page, 422, lambda: register.submit(email, password, password_confirm))
    register.expect_rejected(field, message, email)
    expect(register.terms).to_be_checked()


def test_registration_requires_privacy_notice(page: Page) -> None:
    email = fresh_email()
    register = RegisterPage(page)
    register.goto()
    expect_status(page, 422, lambda: register.submit(email, fresh_password(), terms=False))
    register.expect_rejected(
        "terms", "Bitte bestätigen Sie, dass Sie die Datenschutzhinweise gelesen haben.", email
    )
    expect(register.terms).to_have_attribute("aria-invalid", "true")


def test_error_summary_links_to_the_field(page: Page) -> None:
    register = RegisterPage(page)
    register.goto()
    register.submit("", "", "")
    summary = register.error_summary
    expect(summary).to_be_focused()  # read out first by screen readers, and keyboard users start there
    register.expect_field_error("email", "Bitte geben Sie Ihre E-Mail-Adresse ein.")
    register.expect_field_error("password", "Bitte geben Sie ein Passwort ein.")
    summary.get_by_role("link", name="Bitte geben Sie Ihre E-Mail-Adresse ein.").click()
    expect(register.email).to_be_focused()
    register.expect_shown()


def test_confirmation_link_works_only_once(page: Page, mailbox: Mailbox) -> None:
    email = fresh_email()
    register = RegisterPage(page)
    register.goto()
    register.register(email, fresh_password())
    link = link_in(mailbox.wait_for_mail(email, "Bitte bestätigen"), "/wuppertal/bestaetigen/")
    ConfirmPage(page).open(link).confirm_ok()

    confirm = ConfirmPage(page).open(link)
    expect_status(page, 410, confirm.confirm)
    LinkProblemPage(page).expect_message("Dieser Link wurde bereits verwendet. Jeder Link gilt nur einmal.")


def test_garbage_confirmation_link(page: Page) -> None:
    confirm = ConfirmPage(page).open("/wuppertal/bestaetigen/dies-ist-kein-gueltiger-link")
    expect_status(page, 404, confirm.confirm)
    LinkProblemPage(page).expect_message("Dieser Link ist ungültig.")


def test_garbage_reset_link(page: Page) -> None:
    response = page.goto("/wuppertal/passwort-neu/" + "x" * 300)
    assert response is not None and response.status == 404
    LinkProblemPage(page).expect_message("Dieser Link ist ungültig.")


def test_login_errors_keep_the_address(page: Page) -> None:
    login = LoginPage(page)
    login.goto()
    expect_status(page, 422, lambda: login.submit(demo_parent(), "Falsches-Passwort-123"))
    login.expect_rejected("E-Mail-Adresse oder Passwort ist falsch.", demo_parent())

    expect_status(page, 422, lambda: login.submit(LONG_EMAIL, DEMO_PASSWORD))
    login.expect_rejected("Bitte geben Sie eine E-Mail-Adresse im Format name@beispiel.de ein.", LONG_EMAIL)


def test_unconfirmed_account_cannot_log_in(page: Page) -> None:
    email, password = fresh_email(), fresh_password()
    register = RegisterPage(page)
    register.goto()
    register.register(email, password)
    login = LoginPage(page)
    login.goto()
    expect_status(page, 422, lambda: login.submit(email, password))
    login.expect_rejected("Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse", email)
    expect(page.get_by_role("link", name="Bestätigungslink erneut senden")).to_be_visible()


def test_child_with_birth_date_in_the_future(page: Page) -> None:
    LoginPage(page).goto()
    household = LoginPage(page).login(demo_parent(), DEMO_PASSWORD).open_household()
    child = household.add_child()
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    child.fill_born("Zukunft", "Kiesel", tomorrow)
    expect_status(page, 422, child.submit)
    child.expect_field_error("birth_date", "Das Geburtsdatum darf nicht in der Zukunft liegen.")
    # What was typed is still there, and the date group points at its error.
    expect(page.get_by_label("Vorname")).to_have_value("Zukunft")
    expect(page.get_by_label("Nachname")).to_have_value("Kiesel")
    expect(child.born.get_by_label("Ja", exact=True)).to_be_checked()
    expect(child.birth_date.get_by_label("Tag", exact=True)).to_have_value(str(tomorrow.day))
    expect(child.birth_date.get_by_label("Monat", exact=True)).to_have_value(str(tomorrow.month))
    expect(child.birth_date.get_by_label("Jahr", exact=True)).to_have_value(str(tomorrow.year))
    expect(child.birth_date).to_have_accessible_description(
        "Nur wenn das Kind schon geboren ist. Zum Beispiel "
        "27 3 2024 Fehler: Das Geburtsdatum darf nicht in der "
        "Zukunft liegen. Für ein Kind, das noch nicht geboren "
        "ist, wählen Sie „Nein“."
    )
    # Nothing was saved.
    page.goto("/wuppertal/haushalt/")
    household.expect_shown()
    expect(page.get_by_text("Zukunft Kiesel")).to_have_count(0)


def test_child_with_over_long_name(page: Page) -> None:
    LoginPage(page).goto()
    LoginPage(page).login(demo_parent(), DEMO_PASSWORD)
    child = ChildForm(page)
    child.goto()
    long_name = "Kiesel" * 50  # 300 characters
    child.fill_expected(long_name, dt.date.today() + dt.timedelta(days=60))
    expect_status(page, 422, child.submit)
    child.expect_field_error("last_name", "Bitte geben Sie höchstens 80 Zeichen ein.")
    expect(page.get_by_label("Nachname")).to_have_value(long_name)


def test_unknown_municipality(page: Page) -> None:
    for path in ("/gibtsnicht/", "/gibtsnicht/registrieren"):
        response = page.goto(path)
        assert response is not None and response.status == 404
        ErrorPage(page, "Diese Kommune gibt es hier nicht").expect_shown()
        expect(page.get_by_role("main").get_by_role("link", name="Wuppertal")).to_have_attribute(
            "href", "/wuppertal/"
        )
