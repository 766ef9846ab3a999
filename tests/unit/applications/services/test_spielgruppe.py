"""Spielgruppenzuschuss (DOMAIN.md §6, table H): the definition, the subsidy period (from two years, until one
month before the third birthday), the monthly amount (€30 as a stated assumption, never more than the fee),
the licence and the minimum hours, and the messages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from server.applications.catalogue.spielgruppe import (
    ASSUMPTION,
    DEFINITION,
    MONTHLY_SUBSIDY,
    monthly_subsidy,
    subsidy_period,
)
from server.applications.context import HouseholdSnapshot, Person
from server.applications.engine import Evaluation, computed, evaluate
from server.applications.registry import Catalogue, validate
from tests.unit.applications.support import ANNA, TODAY, UNBORN, date_parts, make_ctx

D = dt.date
# Two years old since 15.01.2026, three on 15.01.2027 (TODAY is 10.03.2026).
TODDLER = Person(id="31", first_name="Ben", last_name="Beispiel", birth_date=D(2024, 1, 15))
BABY = Person(id="32", first_name="Ida", last_name="Beispiel", birth_date=D(2025, 6, 1))
ALMOST_THREE = Person(id="33", first_name="Tim", last_name="Beispiel", birth_date=D(2023, 3, 15))
FAMILY = HouseholdSnapshot(
    city="Wuppertal", children=(TODDLER, BABY, ALMOST_THREE, UNBORN), guardians=(ANNA,)
)
GROUP = {
    "group_name": "Spielgruppe Wirbelwind",
    "group_address-street": "Parkweg",
    "group_address-house_number": "7",
    "group_address-postcode": "42105",
    "group_address-city": "Wuppertal",
    "licence": "ja",
}
VALID: dict[str, Any] = {
    "child": TODDLER.id,
    **GROUP,
    **date_parts("start", D(2026, 4, 1)),
    "hours": "12",
    "attendance": ["mo", "mi", "fr"],
    "fee": "85,00",
    "other_care": "nein",
    "account_holder": "Anna Beispiel",
    "iban": "DE89 3704 0044 0532 0130 00",
}
PROOFS = {"confirmation": 1}


def values(**changes: Any) -> dict[str, Any]:
    merged = {**VALID, **changes}
    return {k: v for k, v in merged.items() if v is not None}


def ctx(today: dt.date = TODAY, proofs: dict[str, int] | None = None) -> Any:
    return make_ctx(today=today, household=FAMILY, proofs=PROOFS if proofs is None else proofs)


def run(raw: dict[str, Any], today: dt.date = TODAY, proofs: dict[str, int] | None = None) -> Evaluation:
    return evaluate(DEFINITION, raw, ctx(today, proofs))


def rows(raw: dict[str, Any]) -> dict[str, str]:
    evaluation = run(raw)
    assert evaluation.complete, evaluation.errors
    return dict(computed(DEFINITION, evaluation.answers, ctx()))


def test_definition_validates_and_is_in_the_catalogue() -> None:
    validate(DEFINITION)
    assert Catalogue.load().get("spielgruppe") is DEFINITION
    assert DEFINITION.life_situation == "kinderbetreuung"
    assert MONTHLY_SUBSIDY == 30


def test_the_assumption_is_stated_to_the_parent() -> None:
    besuch = DEFINITION.step("besuch")
    assert besuch is not None and besuch.intro == ASSUMPTION
    assert (
        "30 € im Monat" in ASSUMPTION
        and "2013" in ASSUMPTION
        and "verbindlich ist der Bescheid" in ASSUMPTION
    )


@pytest.mark.parametrize(
    ("birth", "start", "first", "last", "months"),
    [
        (
            D(2024, 1, 15),
            D(2026, 4, 1),
            D(2026, 4, 1),
            D(2026, 12, 1),
            9,
        ),  # until the month before January 2027
        (
            D(2024, 1, 15),
            D(2025, 9, 1),
            D(2026, 1, 1),
            D(2026, 12, 1),
            12,
        ),  # from the month of the 2nd birthday
        (D(2024, 1, 15), D(2026, 12, 20), D(2026, 12, 1), D(2026, 12, 1), 1),  # the last month
        (D(2024, 1, 15), D(2027, 1, 1), D(2027, 1, 1), D(2026, 12, 1), 0),  # too late
        (D(2023, 3, 31), D(2025, 3, 31), D(2025, 3, 1), D(2026, 2, 1), 12),  # one month before 31.03: 28.02
    ],
)
def test_subsidy_period(birth: dt.date, start: dt.date, first: dt.date, last: dt.date, months: int) -> None:
    period = subsidy_period(birth, start)
    assert (period.first, period.last, period.months) == (first, last, months)


def test_one_month_before_the_third_birthday() -> None:
    assert subsidy_period(D(2024, 1, 15), D(2026, 4, 1)).ends == D(2026, 12, 15)
    assert subsidy_period(D(2024, 2, 29), D(2026, 4, 1)).ends == D(2027, 2, 1)  # third birthday: 01.03.2027


def test_monthly_subsidy_never_more_than_the_fee() -> None:
    assert monthly_subsidy() == Decimal(30)
    assert monthly_subsidy(Decimal("85.00")) == Decimal(30)
    assert monthly_subsidy(Decimal("20.00")) == Decimal("20.00")


def test_the_computed_subsidy_and_when_it_ends() -> None:
    found = rows(values())
    assert found["Zuschuss im Monat"] == "30,00 €"
    assert found["Gezahlt für"] == "04/2026 bis 12/2026: 9 Monate, zusammen 270,00 €"
    assert found["Endet"] == "einen Monat vor dem dritten Geburtstag, am 15.12.2026"
    assert found["Annahme"] == ASSUMPTION
    assert "Hinweis zum Betrag" not in found
    cheap = rows(values(fee="20"))
    assert cheap["Zuschuss im Monat"] == "20,00 €"
    assert cheap["Hinweis zum Betrag"] == "Der Zuschuss ist nicht höher als Ihr Beitrag."


def test_a_complete_application() -> None:
    evaluation = run(values())
    assert evaluation.complete and not evaluation.warnings
    assert [s.step.id for s in evaluation.steps] == ["kind", "spielgruppe", "besuch", "konto"]
    assert evaluation.answers["attendance"] == ["mo", "mi", "fr"]
    assert evaluation.answers["hours"] == 12


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"hours": "11"},
            "hours",
            "Einen Zuschuss gibt es nur bei mindestens 12 gebuchten Stunden pro Woche.",
        ),
        ({"hours": "51"}, "hours", "„Wie viele Stunden pro Woche sind gebucht?“ darf höchstens 50 sein."),
        (
            {"licence": "nein"},
            "licence",
            "Gefördert werden nur Spielgruppen mit Betriebserlaubnis (§ 45 SGB VIII).",
        ),
        ({"attendance": []}, "attendance", "Bitte wählen Sie mindestens einen Tag aus."),
        ({"attendance": ["sa"]}, "attendance", "nur angebotene Antworten"),
        ({"fee": "abc"}, "fee", "einen Betrag in Euro ein"),
        ({"child": UNBORN.id}, "child", "Ihr Kind ist noch nicht geboren."),
        ({"child": ALMOST_THREE.id}, "child", "Ihr Kind wird am 15.03.2026 drei Jahre alt."),
        (
            {**date_parts("start", D(2027, 1, 1))},
            "start",
            "also bis 15.12.2026. Für einen Beginn am 01.01.2027",
        ),
        ({"iban": ""}, "iban", "Bitte geben Sie die IBAN an."),
    ],
)
def test_errors(changes: dict[str, Any], field: str, message: str) -> None:
    evaluation = run(values(**changes))
    assert message in evaluation.errors.get(field, ""), evaluation.errors


def test_the_confirmation_is_required() -> None:
    evaluation = run(values(), proofs={})
    assert (
        evaluation.errors["confirmation"]
        == "Bitte laden Sie den Nachweis „Bestätigung der Spielgruppe“ hoch."
    )


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"child": BABY.id}, "start", "noch keine zwei Jahre alt. Den Zuschuss gibt es ab 06/2027."),
        (
            {"licence": "weiss_nicht"},
            "licence",
            "Das Jugendamt prüft, ob die Spielgruppe eine Betriebserlaubnis hat.",
        ),
        ({"other_care": "ja"}, "other_care", "keinen öffentlich geförderten Platz nutzen"),
    ],
)
def test_warnings(changes: dict[str, Any], field: str, message: str) -> None:
    evaluation = run(values(**changes))
    assert message in evaluation.warnings[field]
    assert evaluation.complete, evaluation.errors
