"""Form helpers: required/optional lengths, e-mail format, three-field dates."""

from __future__ import annotations

import datetime as dt

import pytest

from server.web.forms import Form, date_parts


def date_form(day: str, month: str, year: str, name: str = "birth_date") -> Form:
    return Form({f"{name}-day": day, f"{name}-month": month, f"{name}-year": year})


# --- dates ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "month", "year", "expected"),
    [
        ("8", "3", "2024", dt.date(2024, 3, 8)),
        ("08", "03", "2024", dt.date(2024, 3, 8)),  # leading zeros
        ("29", "2", "2024", dt.date(2024, 2, 29)),  # leap year
        ("29", "2", "2000", dt.date(2000, 2, 29)),  # divisible by 400
        ("31", "12", "1900", dt.date(1900, 12, 31)),  # lowest year accepted
        ("1", "1", "2100", dt.date(2100, 1, 1)),  # highest year accepted
    ],
)
def test_valid_dates(day: str, month: str, year: str, expected: dt.date) -> None:
    form = date_form(day, month, year)
    assert form.date("birth_date", "das Geburtsdatum") == expected
    assert form.ok


@pytest.mark.parametrize(
    ("day", "month", "year", "fragment"),
    [
        ("29", "2", "2023", "gibt es im Kalender nicht"),  # not a leap year
        ("29", "2", "1900", "gibt es im Kalender nicht"),  # divisible by 100, not by 400
        ("31", "4", "2024", "gibt es im Kalender nicht"),
        ("0", "1", "2024", "gibt es im Kalender nicht"),
        ("1", "13", "2024", "gibt es im Kalender nicht"),
        ("1", "1", "24", "vierstellig"),  # two-digit year
        ("1", "1", "99", "vierstellig"),
        ("1", "1", "1899", "vierstellig"),
        ("1", "1", "2101", "vierstellig"),
        ("1", "Mai", "2024", "nur mit Ziffern"),
        ("1.", "5", "2024", "nur mit Ziffern"),
        ("-1", "5", "2024", "nur mit Ziffern"),
        ("", "5", "2024", "nur mit Ziffern"),  # partly filled in
        ("²", "5", "2024", "nur mit Ziffern"),  # "²".isdigit() is True, int("²") fails
        ("1", "5", "２０２４", "nur mit Ziffern"),  # full-width digits
    ],
)
def test_invalid_dates_get_a_german_message_at_the_field(
    day: str, month: str, year: str, fragment: str
) -> None:
    form = date_form(day, month, year)
    assert form.date("birth_date", "das Geburtsdatum") is None
    assert fragment in form.errors["birth_date"]


def test_missing_date_required_and_optional() -> None:
    form = date_form("", "", "")
    assert form.date("birth_date", "das Geburtsdatum") is None
    assert form.errors == {"birth_date": "Bitte geben Sie das Geburtsdatum ein."}

    optional = date_form("", "", "")
    assert optional.date("birth_date", "das Geburtsdatum", required=False) is None
    assert optional.ok


def test_date_parts_round_trip() -> None:
    assert date_parts(dt.date(2024, 3, 8)) == {"day": "8", "month": "3", "year": "2024"}
    assert date_parts(None) == {"day": "", "month": "", "year": ""}
    parts = date_parts(dt.date(2024, 2, 29))
    assert date_form(parts["day"], parts["month"], parts["year"]).date("birth_date", "x") == dt.date(
        2024, 2, 29
    )


# --- e-mail -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("eltern@beispiel.de", "eltern@beispiel.de"),
        ("Maria.Mueller@Beispiel.DE", "maria.mueller@beispiel.de"),
        ("a+kita@sub.beispiel.de", "a+kita@sub.beispiel.de"),
        ("jürgen@müller.de", "jürgen@müller.de"),
    ],
)
def test_valid_email_is_lower_cased(raw: str, normalised: str) -> None:
    form = Form({"email": raw})
    assert form.email() == normalised
    assert form.ok


@pytest.mark.parametrize(
    "raw",
    [
        "eltern",
        "eltern@",
        "@beispiel.de",
        "eltern@beispiel",
        "eltern@beispiel.d",
        "el tern@beispiel.de",
        "eltern@@beispiel.de",
        "a@b@beispiel.de",
        "x" * 65 + "@beispiel.de",  # local part longer than 64
        "a@" + "b" * 250 + ".de",  # longer than 254 in total
    ],
)
def test_invalid_email_format(raw: str) -> None:
    form = Form({"email": raw})
    form.email()
    assert "im Format name@beispiel.de" in form.errors["email"]


def test_missing_email() -> None:
    form = Form({})
    assert form.email() == ""
    assert form.errors["email"] == "Bitte geben Sie Ihre E-Mail-Adresse ein."


def test_email_of_maximum_length_is_accepted() -> None:
    address = "x" * 64 + "@" + "b" * 186 + ".de"
    assert len(address) == 254
    form = Form({"email": address})
    form.email()
    assert form.ok


# --- required / optional / max length ---------------------------------------------------------------------


def test_required_missing_and_too_long() -> None:
    form = Form({"last_name": "x" * 81, "street": "Musterweg"})
    assert form.required("first_name", "Bitte geben Sie den Vornamen ein.", 80) == ""
    assert form.required("last_name", "Bitte geben Sie den Nachnamen ein.", 80) == "x" * 81
    assert form.required("street", "Bitte geben Sie die Straße ein.", 120) == "Musterweg"
    assert form.errors == {
        "first_name": "Bitte geben Sie den Vornamen ein.",
        "last_name": "Bitte geben Sie höchstens 80 Zeichen ein.",
    }


def test_maximum_length_is_inclusive() -> None:
    form = Form({"a": "x" * 80, "b": "x" * 80})
    form.required("a", "fehlt", 80)
    form.optional("b", 80)
    assert form.ok


def test_optional_may_be_empty_but_not_too_long() -> None:
    form = Form({"phone": "1" * 31})
    assert form.optional("nickname", 30) == ""
    form.optional("phone", 30)
    assert form.errors == {"phone": "Bitte geben Sie höchstens 30 Zeichen ein."}


def test_first_error_of_a_field_wins_and_values_are_kept() -> None:
    form = Form({"email": "kaputt"})
    form.error("email", "erste Meldung")
    form.error("email", "zweite Meldung")
    assert form.errors["email"] == "erste Meldung"
    assert form["email"] == "kaputt"
    assert form["nicht-da"] == ""
    assert not form.ok
