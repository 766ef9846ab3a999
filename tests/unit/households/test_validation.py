"""Household form rules (pure functions) with a fixed `today`."""

from __future__ import annotations

import datetime as dt

import pytest

from server.households.services import AddressData, ChildData, GuardianData
from server.households.validation import (
    address_from_form,
    child_from_form,
    guardian_from_form,
    years_before,
)
from server.web.forms import Form

TODAY = dt.date(2026, 6, 15)


def date_fields(name: str, day: dt.date | None) -> dict[str, str]:
    if day is None:
        return {}
    return {f"{name}-day": str(day.day), f"{name}-month": str(day.month), f"{name}-year": str(day.year)}


def child(born: str, birth: dt.date | None = None, expected: dt.date | None = None, **values: str) -> Form:
    data = {"first_name": "Mia", "last_name": "Beispiel", "born": born}
    data.update(date_fields("birth_date", birth))
    data.update(date_fields("expected_birth_date", expected))
    data.update(values)
    return Form(data)


# --- children -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        (
            child("yes", birth=dt.date(2024, 3, 8)),
            ChildData(first_name="Mia", last_name="Beispiel", birth_date=dt.date(2024, 3, 8)),
        ),
        (  # born today
            child("yes", birth=TODAY),
            ChildData(first_name="Mia", last_name="Beispiel", birth_date=TODAY),
        ),
        (  # exactly 27 years ago
            child("yes", birth=dt.date(1999, 6, 15)),
            ChildData(first_name="Mia", last_name="Beispiel", birth_date=dt.date(1999, 6, 15)),
        ),
        (  # unborn: the first name may be empty; a birth date typed in as well is ignored
            child("no", birth=dt.date(2020, 1, 1), expected=TODAY + dt.timedelta(days=90), first_name=""),
            ChildData(first_name="", last_name="Beispiel", expected_birth_date=TODAY + dt.timedelta(days=90)),
        ),
        (  # a little overdue is fine (up to 31 days)
            child("no", expected=TODAY - dt.timedelta(days=31)),
            ChildData(
                first_name="Mia", last_name="Beispiel", expected_birth_date=TODAY - dt.timedelta(days=31)
            ),
        ),
        (  # up to 300 days ahead
            child("no", expected=TODAY + dt.timedelta(days=300)),
            ChildData(
                first_name="Mia", last_name="Beispiel", expected_birth_date=TODAY + dt.timedelta(days=300)
            ),
        ),
    ],
)
def test_valid_children(form: Form, expected: ChildData) -> None:
    assert child_from_form(form, TODAY) == expected
    assert form.ok


@pytest.mark.parametrize(
    ("form", "field", "fragment"),
    [
        (child(""), "born", "ob das Kind schon geboren ist"),
        (child("vielleicht"), "born", "ob das Kind schon geboren ist"),
        (child("yes", birth=dt.date(2024, 3, 8), last_name=""), "last_name", "Nachnamen des Kindes"),
        (child("yes", birth=dt.date(2024, 3, 8), first_name=""), "first_name", "Vornamen des Kindes"),
        (child("yes"), "birth_date", "Geburtsdatum"),
        (child("yes", birth=TODAY + dt.timedelta(days=1)), "birth_date", "nicht in der Zukunft"),
        (child("yes", birth=dt.date(1999, 6, 14)), "birth_date", "mehr als 27 Jahre"),
        (child("no"), "expected_birth_date", "erwarteten Geburtstermin"),
        (
            child("no", expected=TODAY - dt.timedelta(days=32)),
            "expected_birth_date",
            "in der Vergangenheit",
        ),
        (
            child("no", expected=TODAY + dt.timedelta(days=301)),
            "expected_birth_date",
            "höchstens 10 Monate",
        ),
        (child("yes", birth=dt.date(2024, 3, 8), first_name="x" * 81), "first_name", "höchstens 80 Zeichen"),
        (child("yes", birth=dt.date(2024, 3, 8), last_name="x" * 81), "last_name", "höchstens 80 Zeichen"),
        (
            Form(
                {
                    "last_name": "B",
                    "born": "yes",
                    "birth_date-day": "29",
                    "birth_date-month": "2",
                    "birth_date-year": "2023",
                }
            ),
            "birth_date",
            "Kalender",
        ),
    ],
)
def test_invalid_children(form: Form, field: str, fragment: str) -> None:
    assert child_from_form(form, TODAY) is None
    assert fragment in form.errors[field]


# --- guardians ----------------------------------------------------------------------------------------


def guardian(birth: dt.date | None = None, **values: str) -> Form:
    data = {"first_name": "Alex", "last_name": "Beispiel", "relationship": "elternteil", "phone": ""}
    data.update(date_fields("birth_date", birth))
    data.update(values)
    return Form(data)


@pytest.mark.parametrize(
    "relationship", ["mutter", "vater", "elternteil", "vormund", "pflegeelternteil", "sonstige"]
)
def test_every_relationship_is_accepted(relationship: str) -> None:
    data = guardian_from_form(guardian(relationship=relationship), TODAY)
    assert data == GuardianData(first_name="Alex", last_name="Beispiel", relationship=relationship)


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        (
            guardian(dt.date(1990, 5, 17), phone="0202 123456"),
            GuardianData(
                first_name="Alex",
                last_name="Beispiel",
                relationship="elternteil",
                birth_date=dt.date(1990, 5, 17),
                phone="0202 123456",
            ),
        ),
        (  # exactly 14 years old today
            guardian(dt.date(2012, 6, 15), phone="+49 (202) 123-456/7"),
            GuardianData(
                first_name="Alex",
                last_name="Beispiel",
                relationship="elternteil",
                birth_date=dt.date(2012, 6, 15),
                phone="+49 (202) 123-456/7",
            ),
        ),
    ],
)
def test_valid_guardians(form: Form, expected: GuardianData) -> None:
    assert guardian_from_form(form, TODAY) == expected


@pytest.mark.parametrize(
    ("form", "field", "fragment"),
    [
        (guardian(first_name=""), "first_name", "Vornamen"),
        (guardian(last_name=""), "last_name", "Nachnamen"),
        (guardian(relationship=""), "relationship", "Beziehung"),
        (guardian(relationship="onkel"), "relationship", "Beziehung"),
        (guardian(dt.date(2012, 6, 16)), "birth_date", "mindestens 14 Jahre"),
        (guardian(TODAY + dt.timedelta(days=3)), "birth_date", "mindestens 14 Jahre"),
        (guardian(phone="12345"), "phone", "Telefonnummer"),  # too short
        (guardian(phone="0202 12345 ab"), "phone", "Telefonnummer"),
        (guardian(phone="0202\n123456"), "phone", "Telefonnummer"),
        (guardian(phone="1" * 31), "phone", "höchstens 30 Zeichen"),
        (guardian(first_name="x" * 81), "first_name", "höchstens 80 Zeichen"),
    ],
)
def test_invalid_guardians(form: Form, field: str, fragment: str) -> None:
    assert guardian_from_form(form, TODAY) is None
    assert fragment in form.errors[field]


# --- address ------------------------------------------------------------------------------------------


def address(**values: str) -> Form:
    data = {"street": "Musterstraße", "house_number": "12a", "postcode": "42103", "city": "Wuppertal"}
    data.update(values)
    return Form(data)


def test_valid_address() -> None:
    assert address_from_form(address()) == AddressData(
        street="Musterstraße", house_number="12a", postcode="42103", city="Wuppertal"
    )


@pytest.mark.parametrize(
    ("form", "field", "fragment"),
    [
        (address(street=""), "street", "Straße"),
        (address(house_number=""), "house_number", "Hausnummer"),
        (address(city=""), "city", "Ort"),
        (address(postcode=""), "postcode", "Postleitzahl"),
        (address(postcode="4210"), "postcode", "fünf Ziffern"),
        (address(postcode="421030"), "postcode", "fünf Ziffern"),
        (address(postcode="42 10"), "postcode", "fünf Ziffern"),
        (address(postcode="D-42103"), "postcode", "fünf Ziffern"),
        (address(postcode="４２１０３"), "postcode", "fünf Ziffern"),  # full-width digits
        (address(postcode="1" * 21), "postcode", "höchstens 20 Zeichen"),
        (address(street="x" * 121), "street", "höchstens 120 Zeichen"),
        (address(house_number="12345678901"), "house_number", "höchstens 10 Zeichen"),
        (address(city="x" * 81), "city", "höchstens 80 Zeichen"),
    ],
)
def test_invalid_address(form: Form, field: str, fragment: str) -> None:
    assert address_from_form(form) is None
    assert fragment in form.errors[field]


def test_all_address_errors_are_reported_at_once() -> None:
    form = Form({})
    assert address_from_form(form) is None
    assert set(form.errors) == {"street", "house_number", "postcode", "city"}


# --- helper -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "years", "expected"),
    [
        (dt.date(2026, 6, 15), 14, dt.date(2012, 6, 15)),
        (dt.date(2024, 2, 29), 1, dt.date(2023, 2, 28)),  # 29 February of a leap year
        (dt.date(2024, 2, 29), 4, dt.date(2020, 2, 29)),
    ],
)
def test_years_before(day: dt.date, years: int, expected: dt.date) -> None:
    assert years_before(day, years) == expected


def test_guardian_age_check_on_a_leap_day() -> None:
    leap_day = dt.date(2028, 2, 29)
    assert guardian_from_form(guardian(dt.date(2014, 2, 28)), leap_day) is not None
    form = guardian(dt.date(2014, 3, 1))
    assert guardian_from_form(form, leap_day) is None
    assert "mindestens 14 Jahre" in form.errors["birth_date"]
