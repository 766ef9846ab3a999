"""Unterhaltsvorschuss (DOMAIN.md §4, table D): the definition and its amounts file, the conditions (the
extra steps from 12 and 15 by today's age), the exclusion rules and messages, the monthly amount per age
group and year (year boundaries, the month of a birthday, the 18th birthday, what is credited), the
back-payment rule, the written form, and the quick check's assessment and prefill."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from server.applications.catalogue import uvg
from server.applications.catalogue.uvg import DEFINITION
from server.applications.catalogue.uvg.amounts import (
    AMOUNTS,
    AMOUNTS_FILE,
    AmountsError,
    YearAmounts,
    age_group,
    amounts_for,
    expected_amount,
    last_day,
    load_amounts,
)
from server.applications.catalogue.uvg.rules import back_payment, quick_assessment
from server.applications.context import HouseholdSnapshot, Person
from server.applications.controllers.quick import parse_questions
from server.applications.engine import Evaluation, computed, evaluate, summary
from server.applications.registry import Catalogue, DefinitionError, validate
from server.applications.submission import initial_status
from tests.unit.applications.support import ANNA, UNBORN, date_parts, make_ctx

D = dt.date
TODAY = D(2026, 3, 10)


def kid(child_id: str, birth: dt.date) -> Person:
    return Person(id=child_id, first_name="Kind", last_name=child_id, birth_date=birth)


KIDS = {
    "104": kid("104", D(2021, 5, 20)),  # 4 on TODAY: 0-5
    "111": kid("111", D(2014, 3, 25)),  # 11 on TODAY, 12 later this month
    "112": kid("112", D(2014, 3, 5)),  # 12 on TODAY
    "115": kid("115", D(2011, 1, 15)),  # 15 on TODAY
    "117": kid("117", D(2008, 3, 20)),  # 18 on 20.03.2026: the last month
    "118": kid("118", D(2008, 3, 5)),  # 18 on TODAY
}
FAMILY = HouseholdSnapshot(
    street="Musterweg",
    house_number="5a",
    postcode="42103",
    city="Wuppertal",
    children=(*KIDS.values(), UNBORN),
    guardians=(ANNA,),
)
HOME = {"child_address-street": "Musterweg", "child_address-house_number": "5a"} | {
    "child_address-postcode": "42103",
    "child_address-city": "Wuppertal",
}
VALID: dict[str, Any] = {
    "child": "112",
    "birth_place": "Wuppertal",
    "child_nationality": "deutsch",
    "lives_with": "nur_bei_mir",
    **date_parts("lives_with_since", D(2023, 1, 1)),
    **HOME,
    "applicant_role": "mutter",
    "marital_status": "ledig",
    "custody": "allein",
    "nationality": "deutsch",
    "contact": "regelmaessig",
    "contact_schedule": "Jedes zweite Wochenende.",
    "contact_nights": "4",
    "other_parent_status": "bekannt",
    "other_first_name": "Tom",
    "other_last_name": "Muster",
    "other_address_known": "nein",
    "paternity": "anerkennung",
    "maintenance_title": "nein",
    "payments": "zu_wenig",
    "payments_amount": "100",
    "efforts": "ja",
    **date_parts("efforts_date", D(2026, 2, 15)),
    "sgb2": "nein",
    "account_holder": "Anna Beispiel",
    "iban": "DE89 3704 0044 0532 0130 00",
    "duties": "ja",
}
PROOFS = {"birth_certificate": 1, "paternity_proof": 1, "payments_proof": 2}


def values(**changes: Any) -> dict[str, Any]:
    """VALID with changes; None removes a key."""
    merged = {**VALID, **changes}
    return {k: v for k, v in merged.items() if v is not None}


def ctx(today: dt.date = TODAY, proofs: dict[str, int] | None = None) -> Any:
    return make_ctx(today=today, household=FAMILY, proofs=PROOFS if proofs is None else proofs)


def run(raw: dict[str, Any], today: dt.date = TODAY, proofs: dict[str, int] | None = None) -> Evaluation:
    return evaluate(DEFINITION, raw, ctx(today, proofs))


def steps(evaluation: Evaluation) -> list[str]:
    return [s.step.id for s in evaluation.steps]


def shown(evaluation: Evaluation, step_id: str) -> list[str]:
    state = evaluation.state(step_id)
    assert state is not None, step_id
    return [f.id for f in state.fields]


def rows(raw: dict[str, Any], today: dt.date = TODAY, proofs: dict[str, int] | None = None) -> dict[str, str]:
    evaluation = run(raw, today, {**PROOFS, **(proofs or {})})
    assert evaluation.complete, (evaluation.errors, evaluation.general)
    return dict(computed(DEFINITION, evaluation.answers, ctx(today)))


# --- definition and amounts file ------------------------------------------------------------------------
def test_definition_validates_and_is_in_the_catalogue() -> None:
    validate(DEFINITION)
    assert Catalogue.load().get("uvg") is DEFINITION
    assert DEFINITION.signature == "paper"
    assert DEFINITION.life_situation == "alleinerziehend"
    assert DEFINITION.quick_check is not None


def test_the_amounts_of_the_data_file() -> None:
    assert AMOUNTS_FILE.name == "amounts.toml" and AMOUNTS_FILE.parent == Path(uvg.__file__).parent
    assert {year: entry.amounts for year, entry in AMOUNTS.items()} == {
        2024: (230, 301, 395),
        2025: (227, 299, 394),
        2026: (227, 299, 394),
    }


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("", "missing required field `years`"),
        ("years = []", "no [[years]] listed"),
        ("[[years]]\nyear = 2026\namounts = [227, 299]", "length 3"),
        ("[[years]]\nyear = 2026\namounts = [227, 299, 394]\nbetrag = 1", "unknown field"),
        ("[[years]]\nyear = 2026\namounts = [227, 299, '394']", "Expected `int`"),
        ("[[years]]\nyear = 2026\namounts = [227, 299, 394", "Unclosed array"),
        ("[[years]]\nyear = 2016\namounts = [1, 2, 3]", "between 2017 and 2100"),
        ("[[years]]\nyear = 2026\namounts = [0, 299, 394]", "between 1 and 2000"),
        ("[[years]]\nyear = 2026\namounts = [299, 227, 394]", "more than the younger one"),
        (
            "[[years]]\nyear = 2026\namounts = [1, 2, 3]\n[[years]]\nyear = 2025\namounts = [1, 2, 3]",
            "ascending order",
        ),
        (
            "[[years]]\nyear = 2026\namounts = [1, 2, 3]\n[[years]]\nyear = 2026\namounts = [1, 2, 3]",
            "once each",
        ),
    ],
)
def test_a_broken_amounts_file_is_refused_naming_file_and_problem(
    tmp_path: Path, content: str, problem: str
) -> None:
    path = tmp_path / "amounts.toml"
    path.write_text(content)
    with pytest.raises(AmountsError) as caught:
        load_amounts(path)
    assert str(path) in str(caught.value) and problem in str(caught.value)
    # A DefinitionError: the catalogue's start-up check stops the start with it.
    assert isinstance(caught.value, DefinitionError)


def test_a_missing_amounts_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(AmountsError, match="cannot be read"):
        load_amounts(tmp_path / "fehlt.toml")


def test_the_real_file_reads_like_the_module_table() -> None:
    assert load_amounts(AMOUNTS_FILE) == AMOUNTS


@pytest.mark.parametrize(
    ("year", "used"), [(2023, None), (2024, 2024), (2025, 2025), (2026, 2026), (2031, 2026)]
)
def test_amounts_of_a_year_or_the_latest_listed_before_it(year: int, used: int | None) -> None:
    found = amounts_for(year)
    assert (found.year if found else None) == used


# --- amounts by age group and year -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("birth", "month", "amount"),
    [
        (D(2021, 5, 20), D(2024, 12, 31), 230),  # 3 years: 2024's table
        (D(2021, 5, 20), D(2025, 1, 1), 227),  # the year boundary: 2025's table
        (D(2018, 7, 1), D(2024, 12, 1), 301),  # 6 to 11
        (D(2018, 7, 1), D(2025, 1, 1), 299),
        (D(2012, 2, 1), D(2024, 12, 1), 395),  # 12 to 17
        (D(2012, 2, 1), D(2025, 1, 1), 394),
        (D(2020, 6, 30), D(2026, 5, 31), 227),  # 5 years
        (
            D(2020, 6, 30),
            D(2026, 6, 1),
            299,
        ),  # the month of the 6th birthday counts as 6 (§ 1612a Abs. 3 BGB)
        (D(2014, 3, 25), D(2026, 2, 28), 299),
        (D(2014, 3, 25), D(2026, 3, 1), 394),  # the month of the 12th birthday
        (D(2026, 3, 10), D(2026, 3, 1), 227),  # the month of birth
        (D(2008, 3, 20), D(2026, 3, 31), 394),  # the month of the 18th birthday (paid in part)
        (D(2011, 1, 15), D(2027, 6, 1), 394),  # a year not listed: the latest listed amounts
    ],
)
def test_monthly_amount_by_age_group_and_year(birth: dt.date, month: dt.date, amount: int) -> None:
    expected = expected_amount(birth, month)
    assert expected is not None
    assert expected.amount == amount and expected.payable == amount


@pytest.mark.parametrize(
    ("birth", "month"),
    [
        (D(2026, 3, 10), D(2026, 2, 1)),  # before the month of birth
        (D(2008, 3, 20), D(2026, 4, 1)),  # after the month of the 18th birthday
        (D(2008, 3, 1), D(2026, 3, 1)),  # 18 on the first of the month: nothing that month
        (D(2021, 5, 20), D(2023, 12, 1)),  # a year before the first listed
    ],
)
def test_no_amount(birth: dt.date, month: dt.date) -> None:
    assert expected_amount(birth, month) is None


def test_age_groups_and_the_last_day() -> None:
    assert [age_group(D(2014, 3, 25), D(2026, m, 1)) for m in (2, 3)] == [1, 2]
    assert last_day(D(2008, 3, 20)) == D(2026, 3, 19)
    assert last_day(D(2008, 2, 29)) == D(2026, 2, 28)


def test_credited_maintenance_and_orphan_benefits_are_taken_off_never_below_zero() -> None:
    table = {2026: YearAmounts(year=2026, amounts=(227, 299, 394))}
    credited = (("Unterhalt", Decimal("100")), ("Waisenrente", Decimal("50.50")))
    expected = expected_amount(D(2014, 3, 5), D(2026, 3, 1), credited, table)
    assert expected is not None and expected.payable == Decimal("243.50")
    everything = expected_amount(D(2014, 3, 5), D(2026, 3, 1), (("Unterhalt", Decimal("500")),), table)
    assert everything is not None and everything.payable == 0


# --- computation on the check-answers page -------------------------------------------------------------------
def test_the_computed_amount_with_credited_maintenance() -> None:
    found = rows(values())
    assert found["Unterhaltsvorschuss im März 2026"] == "394,00 € im Monat (Altersstufe 12 bis 17 Jahre)"
    assert found["Angerechnet: Unterhalt vom anderen Elternteil"] == "– 100,00 €"
    assert found["Voraussichtlicher Unterhaltsvorschuss"] == "294,00 € im Monat"
    assert found["Längstens"] == "bis 04.03.2032, dem Tag vor dem 18. Geburtstag"
    assert "Hinweis zu den Beträgen" not in found
    assert "Unverbindliche Berechnung" in found["Hinweis"]


def test_the_next_age_group_is_announced() -> None:
    found = rows(values(child="104", sgb2=None))
    assert found["Unterhaltsvorschuss im März 2026"] == "227,00 € im Monat (Altersstufe 0 bis 5 Jahre)"
    assert (
        found["Ab Mai 2027"]
        == "299,00 € im Monat (Altersstufe 6 bis 11 Jahre, nach den heute bekannten Beträgen)"
    )
    # The child turning 12 later this month already gets the higher amount for the whole month.
    assert rows(values(child="111", sgb2=None))["Unterhaltsvorschuss im März 2026"].startswith("394,00 €")


def test_the_month_of_the_18th_birthday() -> None:
    found = rows(values(child="117", attends_school="ja"), today=D(2026, 3, 1), proofs={"school_proof": 1})
    assert found["Längstens"] == (
        "bis 19.03.2026, dem Tag vor dem 18. Geburtstag – in diesem Monat wird nur noch anteilig gezahlt"
    )


def test_a_year_without_listed_amounts_says_so() -> None:
    found = rows(values(child="104", sgb2=None), today=D(2027, 1, 15))
    assert found["Unterhaltsvorschuss im Januar 2027"].startswith("227,00 €")
    assert found["Hinweis zu den Beträgen"] == (
        "Die Beträge für 2027 sind noch nicht hinterlegt; gerechnet mit denen von 2026."
    )


@pytest.mark.parametrize(
    ("changes", "today", "start", "text"),
    [
        ({}, D(2026, 3, 10), D(2026, 2, 1), "Geht Ihr Antrag im März 2026 ein, frühestens ab 01.02.2026."),
        ({"efforts": "nein"}, D(2026, 3, 10), D(2026, 3, 1), "Frühester Beginn daher: 01.03.2026."),
        # Nobody to ask for maintenance: the month before is possible without efforts.
        (
            {"other_parent_status": "unbekannt", "efforts": None},
            D(2026, 3, 10),
            D(2026, 2, 1),
            "ab 01.02.2026",
        ),
        # Not before the child lives with the applicant alone; across a year boundary.
        (
            {**date_parts("lives_with_since", D(2025, 12, 20))},
            D(2026, 1, 5),
            D(2025, 12, 20),
            "ab 20.12.2025",
        ),
    ],
)
def test_back_payment_at_most_one_month(
    changes: dict[str, Any], today: dt.date, start: dt.date, text: str
) -> None:
    answers = run(values(**changes), today).answers
    earliest, explanation = back_payment(answers, today)
    assert earliest == start and text in explanation


def test_child_income_from_15_is_mentioned_but_left_to_the_office() -> None:
    found = rows(
        values(child="115", attends_school="nein", child_income="ja", child_income_amount="450"),
        proofs={"child_income_proof": 1},
    )
    assert found["Voraussichtlicher Unterhaltsvorschuss"] == "294,00 € im Monat"
    assert "§ 2 Abs. 4 UVG" in found["Einkommen Ihres Kindes"]


# --- conditions -------------------------------------------------------------------------------------------------
ALL_STEPS = [
    "kind",
    "wohnen",
    "ueber-sie",
    "umgang",
    "anderer-elternteil",
    "vaterschaft",
    "unterhalt",
    "konto",
    "pflichten",
]


@pytest.mark.parametrize(
    ("child", "today", "extra"),
    [
        ("104", TODAY, []),
        ("111", TODAY, []),  # 12 only on 25 March: age taken on today's date
        ("111", D(2026, 3, 25), ["ab-12"]),
        ("112", TODAY, ["ab-12"]),
        ("115", D(2026, 1, 14), ["ab-12"]),  # the day before the 15th birthday
        ("115", TODAY, ["ab-12", "ab-15"]),
    ],
)
def test_the_steps_for_12_and_15_appear_by_the_age_on_today(
    child: str, today: dt.date, extra: list[str]
) -> None:
    found = steps(run(values(child=child), today))
    assert found == ALL_STEPS[:7] + extra + ALL_STEPS[7:]


@pytest.mark.parametrize(
    ("changes", "present", "absent"),
    [
        ({"applicant_role": "vater"}, [], ["vaterschaft"]),
        ({"other_parent_status": "unbekannt"}, [], ["vaterschaft", "unterhalt", "waisenbezuege"]),
        ({"other_parent_status": "verstorben"}, ["vaterschaft", "waisenbezuege"], ["unterhalt"]),
    ],
)
def test_steps_about_the_other_parent(changes: dict[str, Any], present: list[str], absent: list[str]) -> None:
    found = steps(run(values(**changes)))
    assert set(present) <= set(found) and not set(absent) & set(found)


def test_fields_that_depend_on_answers() -> None:
    base = run(values())
    assert "separated_since" not in shown(base, "ueber-sie") and "divorce_proof" not in shown(
        base, "ueber-sie"
    )
    assert "separated_since" in shown(run(values(marital_status="getrennt")), "ueber-sie")
    assert "divorce_proof" in shown(run(values(marital_status="geschieden")), "ueber-sie")
    foreign = shown(run(values(nationality="andere")), "ueber-sie")
    assert {"residence_title", "residence_proof"} <= set(foreign)
    assert shown(run(values(contact="kein")), "umgang") == ["contact"]
    assert "other_address" in shown(run(values(other_address_known="ja")), "anderer-elternteil")
    assert "unknown_details" in shown(run(values(other_parent_status="unbekannt")), "anderer-elternteil")
    assert shown(run(values(payments="nein")), "unterhalt") == [
        "maintenance_title",
        "payments",
        "efforts",
        "efforts_date",
        "efforts_proof",
    ]
    assert shown(run(values(sgb2="ja", income_600="ja")), "ab-12") == [
        "sgb2",
        "sgb2_proof",
        "income_600",
        "income_proof",
    ]
    assert shown(run(values(sgb2="nein")), "ab-12") == ["sgb2"]


def test_a_complete_application_has_no_errors_and_its_summary() -> None:
    evaluation = run(values())
    assert evaluation.complete and not evaluation.warnings
    sections = {s.step: {r.label: r.lines for r in s.rows} for s in summary(DEFINITION, evaluation)}
    assert sections["kind"]["Kind"] == ["Kind 112, geboren am 05.03.2014"]
    assert sections["pflichten"]["Pflichten zur Kenntnis genommen"] == ["Bestätigt"]


def test_the_written_form_waits_for_the_signature() -> None:
    assert initial_status(DEFINITION, run(values()).answers) == "awaiting_signature"


# --- rules and messages -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"child": "999"}, "child", "Diese Person gibt es in Ihrem Haushalt nicht mehr."),
        ({"child": UNBORN.id}, "child", "Unterhaltsvorschuss gibt es erst ab der Geburt."),
        ({"child": "118"}, "child", "Ihr Kind ist 18 Jahre oder älter."),
        (
            {"lives_with": "beide_eltern"},
            "lives_with",
            "wenn Sie mit dem anderen Elternteil zusammenleben (§ 1 Abs. 3 UVG)",
        ),
        ({"lives_with": "wechselmodell"}, "lives_with", "(Wechselmodell), besteht kein Anspruch"),
        (
            {"lives_with": "woanders"},
            "lives_with",
            "Den Antrag stellt der Elternteil, bei dem das Kind wohnt.",
        ),
        (
            {**date_parts("lives_with_since", D(2014, 3, 1))},
            "lives_with_since",
            "vor der Geburt Ihres Kindes am 05.03.2014",
        ),
        (
            {**date_parts("lives_with_since", D(2026, 4, 1))},
            "lives_with_since",
            "darf nicht in der Zukunft liegen",
        ),
        (
            {"marital_status": "verheiratet"},
            "marital_status",
            "auch wenn es nicht der andere Elternteil des Kindes ist",
        ),
        (
            {"marital_status": "getrennt"},
            "separated_since",
            "Bitte geben Sie an, seit wann Sie getrennt leben.",
        ),
        ({"contact_nights": "32"}, "contact_nights", "Ein Monat hat höchstens 31 Nächte."),
        ({"contact_nights": "2,5"}, "contact_nights", "eine ganze Zahl"),
        (
            {"contact_schedule": ""},
            "contact_schedule",
            "Bitte beschreiben Sie, wann Ihr Kind beim anderen Elternteil ist.",
        ),
        ({"payments_amount": "-5"}, "payments_amount", "einen Betrag in Euro ein, zum Beispiel 1.250,00."),
        ({"payments_amount": "100.000,01"}, "payments_amount", "darf höchstens 100.000 € sein"),
        ({"iban": "DE00 1234"}, "iban", "Bitte prüfen Sie die IBAN."),
        ({"duties": None}, "duties", "Bitte bestätigen Sie, dass Sie Ihre Pflichten gelesen haben."),
    ],
)
def test_errors(changes: dict[str, Any], field: str, message: str) -> None:
    evaluation = run(values(**changes))
    assert message in evaluation.errors.get(field, ""), evaluation.errors


def test_missing_proofs() -> None:
    evaluation = run(values(), proofs={})
    assert (
        evaluation.errors["birth_certificate"]
        == "Bitte laden Sie den Nachweis „Geburtsurkunde des Kindes“ hoch."
    )
    assert (
        evaluation.errors["payments_proof"]
        == "Bitte laden Sie den Nachweis „Nachweis der Unterhaltszahlungen“ hoch."
    )
    assert "efforts_proof" not in evaluation.errors  # optional


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"contact_nights": "13"},
            "contact_nights",
            "einen wesentlichen Teil der Zeit beim anderen Elternteil",
        ),
        ({"payments": "ausreichend"}, "payments", "bleibt nach der Anrechnung nichts übrig"),
        ({"sgb2": "ja", "income_600": "nein"}, "income_600", "das Bürgergeld Ihres Kindes überflüssig macht"),
        (
            {"nationality": "andere", "residence_title": "andere"},
            "residence_title",
            "Aufenthaltsgestattung oder Duldung",
        ),
    ],
)
def test_warnings_do_not_stop_the_application(changes: dict[str, Any], field: str, message: str) -> None:
    proofs = {**PROOFS, "sgb2_proof": 1, "residence_proof": 1}
    evaluation = run(values(**changes), proofs=proofs)
    assert message in evaluation.warnings[field]
    assert evaluation.complete, evaluation.errors


def test_12_to_17_without_any_extra_condition_is_a_warning_only_from_12() -> None:
    younger = run(values(child="111", sgb2="ja", income_600="nein"))
    assert "income_600" not in younger.warnings and "sgb2" not in younger.answers


# --- quick check ---------------------------------------------------------------------------------------------
def quick(answers: dict[str, str], today: dt.date = TODAY) -> Any:
    check = DEFINITION.quick_check
    assert check is not None
    parsed, errors = parse_questions(check.questions, answers, ctx(today))
    assert not errors, errors
    return quick_assessment(parsed, ctx(today))


def test_quick_check_likely_with_amount_and_what_to_prepare() -> None:
    result = quick({"q_child": "104", "q_lives_with": "nur_bei_mir", "q_payments": "unregelmaessig"})
    assert result.likely is True
    assert (
        "Für Ihr Kind (Altersstufe 0 bis 5 Jahre) beträgt der Unterhaltsvorschuss 2026 bis zu 227,00 € im Monat."
        in result.reasons
    )
    assert "Unterhalt, den der andere Elternteil zahlt, wird davon abgezogen." in result.reasons
    assert any("Unterschrift" in r for r in result.reasons)
    assert result.prepare[0] == "Geburtsurkunde Ihres Kindes"
    assert any("Kontoauszüge" in p for p in result.prepare)
    assert not any("Bürgergeld" in p for p in result.prepare)


@pytest.mark.parametrize(
    ("answers", "reason"),
    [
        ({"q_child": "118"}, "18 Jahre oder älter"),
        ({"q_child": UNBORN.id}, "erst ab der Geburt"),
        ({"q_lives_with": "wechselmodell"}, "Im Wechselmodell"),
        ({"q_lives_with": "beide_eltern"}, "mit dem anderen Elternteil zusammenleben"),
        ({"q_lives_with": "woanders"}, "der Elternteil, bei dem das Kind lebt"),
        ({"q_payments": "ausreichend"}, "zahlt schon regelmäßig mindestens so viel"),
    ],
)
def test_quick_check_unlikely(answers: dict[str, str], reason: str) -> None:
    result = quick({"q_child": "104", "q_lives_with": "nur_bei_mir", "q_payments": "nein", **answers})
    assert result.likely is False
    assert any(reason in r for r in result.reasons), result.reasons
    assert result.prepare == ()


def test_quick_check_from_12() -> None:
    base = {"q_child": "112", "q_lives_with": "nur_bei_mir", "q_payments": "nein"}
    check = DEFINITION.quick_check
    assert check is not None
    _answers, errors = parse_questions(check.questions, base, ctx())
    assert errors == {"q_sgb2": "Ihr Kind ist 12 oder älter: Bitte geben Sie an, ob Sie Bürgergeld erhalten."}
    assert quick({**base, "q_sgb2": "nein"}).likely is True
    unclear = quick({**base, "q_sgb2": "ja", "q_income_600": "nein"})
    assert unclear.likely is None and any("Jobcenter" in r for r in unclear.reasons)
    earning = quick({**base, "q_sgb2": "ja", "q_income_600": "ja"})
    assert earning.likely is True
    assert "Ihren aktuellen Bürgergeld-Bescheid" in earning.prepare
    assert any("Lohnabrechnungen" in p for p in earning.prepare)
    assert any("Schulbescheinigung" in p for p in quick({**base, "q_child": "115", "q_sgb2": "nein"}).prepare)
    # Under 12 the questions for 12+ are not asked, whatever was sent.
    younger, errors = parse_questions(check.questions, {**base, "q_child": "104", "q_sgb2": "ja"}, ctx())
    assert not errors and "q_sgb2" not in younger


def test_quick_check_answers_prefill_the_application() -> None:
    check = DEFINITION.quick_check
    assert check is not None
    assert check.prefill == {
        "q_child": "child",
        "q_lives_with": "lives_with",
        "q_payments": "payments",
        "q_sgb2": "sgb2",
        "q_income_600": "income_600",
    }
    questions = {q.id: q for q in check.questions}
    for source, target in check.prefill.items():
        field = DEFINITION.field(target)
        assert field is not None and field.type == questions[source].type
        assert [o.value for o in field.options] == [o.value for o in questions[source].options]
    answers = {
        "q_child": "112",
        "q_lives_with": "nur_bei_mir",
        "q_payments": "zu_wenig",
        "q_sgb2": "ja",
        "q_income_600": "ja",
    }
    carried = {check.prefill[k]: v for k, v in answers.items()}
    # The maintenance step applies once the other parent is named.
    evaluation = run({**carried, "other_parent_status": "bekannt"})
    assert evaluation.answers["child"]["id"] == "112"
    assert {k: evaluation.answers[k] for k in ("lives_with", "payments", "sgb2", "income_600")} == {
        "lives_with": "nur_bei_mir",
        "payments": "zu_wenig",
        "sgb2": "ja",
        "income_600": "ja",
    }
