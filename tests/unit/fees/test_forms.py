"""The calculator form: German amounts, the choices, and German messages at the field."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from server.fees import Benefit, CareType
from server.fees.forms import calculator_from_form, hours_options, month_options, parse_euro
from server.web.forms import Form
from tests.unit.fees.support import BABY, ISERLOHN, TODDLER, WUPPERTAL

TODAY = dt.date(2026, 11, 29)


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("45000", "45000"),
        ("45.000", "45000"),
        ("45000,50", "45000.50"),
        ("45.000,5", "45000.5"),
        ("45000.50", "45000.50"),
        ("1.234.567,89", "1234567.89"),
        ("45 000", "45000"),
        ("45\u00a0000 €", "45000"),
        ("45.000 EUR", "45000"),
        ("45000 Euro", "45000"),
        ("0", "0"),
        ("12.500", "12500"),
    ],
)
def test_parse_euro(text: str, amount: str) -> None:
    assert parse_euro(text) == Decimal(amount)


@pytest.mark.parametrize(
    "text",
    ["", "viel", "45,000,00", "45.00.0", "4.5000", "45000,505", "1e5", "½", "45000€50", "--5", "४५०००"],
)
def test_parse_euro_refuses(text: str) -> None:
    assert parse_euro(text) is None


def date_fields(name: str, day: dt.date) -> dict[str, str]:
    return {f"{name}-day": str(day.day), f"{name}-month": str(day.month), f"{name}-year": str(day.year)}


def child(n: int, birth: dt.date, care: str = "kita", hours: str = "35", **extra: str) -> dict[str, str]:
    return {
        **date_fields(f"child{n}_birth_date", birth),
        f"child{n}_care": care,
        f"child{n}_hours": hours,
        **extra,
    }


def submit(schedule=WUPPERTAL, **values: str) -> Form:
    return Form({"benefit": "keine", "month": "2026-11", **values})


def test_a_valid_form() -> None:
    form = submit(income="45.000", **child(1, BABY), **child(2, TODDLER, "tagespflege", "mehr"))
    data = calculator_from_form(form, WUPPERTAL, TODAY)
    assert data is not None, form.errors
    household, month = data
    assert month == dt.date(2026, 11, 1)
    assert household.income == Decimal(45000) and household.benefit is None
    assert [(c.care, c.weekly_hours, c.label) for c in household.children] == [
        (CareType.KITA, 35, "1. Kind"),
        (CareType.TAGESPFLEGE, 46, "2. Kind"),
    ]


def test_top_bracket_and_benefit_need_no_income() -> None:
    top = calculator_from_form(submit(top_bracket="yes", income="unsinn", **child(1, BABY)), WUPPERTAL, TODAY)
    assert top is not None and top[0].top_bracket_accepted and top[0].income is None
    benefit = calculator_from_form(submit(benefit="wohngeld", **child(1, BABY)), WUPPERTAL, TODAY)
    assert benefit is not None and benefit[0].benefit is Benefit.WOHNGELD
    assert not benefit[0].top_bracket_accepted


def test_deferred_school_start_is_one_year_later() -> None:
    data = calculator_from_form(
        submit(income="1", **child(1, dt.date(2021, 9, 30), child1_deferred="yes")),
        WUPPERTAL,
        dt.date(2027, 8, 5),
    )
    assert data is None  # 11/2026 is not offered any more on 5.8.2027
    form = submit(income="1", month="2027-08", **child(1, dt.date(2021, 9, 30), child1_deferred="yes"))
    data = calculator_from_form(form, WUPPERTAL, dt.date(2027, 8, 5))
    assert data is not None, form.errors
    assert data[0].children[0].school_start == dt.date(2028, 8, 1)


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        (
            {"income": ""},
            "income",
            "Bitte geben Sie Ihr Jahreseinkommen ein – oder wählen Sie „Ich akzeptiere den Höchstbeitrag“.",
        ),
        ({"income": "viel"}, "income", "zum Beispiel 45.000 oder 45000,50"),
        ({"income": "-100"}, "income", "Das Einkommen kann nicht negativ sein."),
        ({"income": "999.999.999"}, "income", "Der Betrag ist zu hoch."),
        ({"income": "1" * 60}, "income", "höchstens 40 Zeichen"),
        ({"benefit": "lotto"}, "benefit", "Bitte wählen Sie eine der Möglichkeiten aus."),
        ({"month": "2025-01"}, "month", "Bitte wählen Sie einen Monat aus der Liste aus."),
        ({"month": "irgendwann"}, "month", "Bitte wählen Sie einen Monat aus der Liste aus."),
        (
            {"child1_birth_date-day": "", "child1_birth_date-month": "", "child1_birth_date-year": ""},
            "child1_birth_date",
            "Bitte geben Sie das Geburtsdatum des 1. Kindes ein.",
        ),
        (
            {"child1_birth_date-day": "31", "child1_birth_date-month": "2"},
            "child1_birth_date",
            "Diesen Tag gibt es",
        ),
        ({"child1_birth_date-year": "24"}, "child1_birth_date", "vierstellig"),
        ({"child1_birth_date-month": "März"}, "child1_birth_date", "nur mit Ziffern"),
        ({"child1_birth_date-year": "2027"}, "child1_birth_date", "darf nicht in der Zukunft liegen"),
        (
            {
                "child1_birth_date-day": "20",
                "child1_birth_date-month": "11",
                "child1_birth_date-year": "2026",
            },
            "child1_birth_date",
            "noch nicht geboren",
        ),
        ({"child1_birth_date-year": "2019"}, "child1_birth_date", "schon zur Schule (ab 01.08.2025)"),
        ({"child1_care": ""}, "child1_care", "Kita oder in die Kindertagespflege"),
        ({"child1_care": "oma"}, "child1_care", "Kita oder in die Kindertagespflege"),
        ({"child1_hours": ""}, "child1_hours", "Bitte wählen Sie die Betreuungszeit des 1. Kindes aus."),
        ({"child1_hours": "40"}, "child1_hours", "Bitte wählen Sie die Betreuungszeit des 1. Kindes aus."),
        (
            {"child1_hours": "mehr"},
            "child1_hours",
            "In der Kita sind höchstens 45 Stunden in der Woche möglich.",
        ),
        ({"child2_care": "kita"}, "child2_birth_date", "Bitte geben Sie das Geburtsdatum des 2. Kindes ein."),
        ({"child3_hours": "25"}, "child3_care", "ob das 3. Kind"),
    ],
)
def test_messages_at_the_field(values: dict[str, str], field: str, message: str) -> None:
    form = submit(**{"income": "45000", **child(1, BABY), **values})
    assert calculator_from_form(form, WUPPERTAL, TODAY) is None
    assert field in form.errors, form.errors
    assert message in form.errors[field]


def test_empty_optional_rows_are_left_out() -> None:
    form = submit(income="45000", **child(1, BABY), child2_hours="", child3_care="")
    data = calculator_from_form(form, WUPPERTAL, TODAY)
    assert data is not None and len(data[0].children) == 1


def test_iserlohn_offers_more_than_45_hours_and_the_months_ahead() -> None:
    assert hours_options(ISERLOHN)[-1] == ("mehr", "mehr als 45 Stunden (nur Kindertagespflege)")
    assert [v for v, _l in hours_options(ISERLOHN)] == ["25", "35", "45", "mehr"]
    months = month_options(TODAY)
    assert months[0] == ("2026-11", "November 2026") and months[-1] == ("2027-11", "November 2027")
    assert months[2] == ("2027-01", "Januar 2027") and len(months) == 13
