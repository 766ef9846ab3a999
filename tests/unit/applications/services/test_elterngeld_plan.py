"""The Elterngeld month plan's rules (catalogue/elterngeld/plan.py): one table of plans, the raw form
values, the German messages and the running summary."""

from __future__ import annotations

import datetime as dt

import pytest

from server.applications.catalogue.elterngeld import plan
from tests.unit.applications.services.elterngeld_cases import CASES, cells, raw

D = dt.date
NAMES = plan.labels("Anna", "Ben Beispiel")


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_rules(case) -> None:
    problems = plan.check(case.plan, single=case.single, first_paid=case.first_paid)
    assert [p.code for p in problems] == case.expected
    assert all(p.warning == (p.code == "retro") for p in problems)


def test_the_table_covers_every_rule() -> None:
    seen = {code for case in CASES for code in case.expected}
    assert seen == set(plan.messages()), set(plan.messages()) - seen


@pytest.mark.parametrize(
    ("a", "b", "single", "problem"),
    [
        ("basis:1-13", "", False, plan.Problem(code="too_many", parent="a", n=26, limit=24)),
        ("basis:1-12", "basis:13 plus:15-17", False, plan.Problem(code="too_many_together", n=29, limit=28)),
        ("basis:1-14 plus:15", "", True, plan.Problem(code="too_many", parent="a", n=29, limit=28)),
        ("basis:1-12", "basis:1-2", False, plan.Problem(code="parallel_basis", months=(1, 2))),
        (
            "basis:1-12 bonus:15-16",
            "bonus:15-16,18",
            False,
            plan.Problem(code="bonus_split", months=(15, 16, 18)),
        ),
        ("basis:1-12", "plus:15", False, plan.Problem(code="min_months", parent="b", n=1)),
    ],
)
def test_problem_details(a: str, b: str, single: bool, problem: plan.Problem) -> None:
    assert problem in plan.check(cells(a, b), single=single)


@pytest.mark.parametrize(
    ("a", "b", "first_paid", "text"),
    [
        (
            "",
            "",
            1,
            "Bitte planen Sie mindestens zwei Lebensmonate, in denen Sie selbst Elterngeld beziehen.",
        ),
        (
            "basis:1-13",
            "",
            1,
            "Anna: höchstens 12 Monate Basiselterngeld – geplant sind 13 (ein Monat ElterngeldPlus zählt halb).",
        ),
        (
            "basis:1-12",
            "basis:13 plus:15-17",
            1,
            "Beide Eltern zusammen: höchstens 14 Monate Basiselterngeld (12 Monate und 2 Partnermonate) – "
            "geplant sind 14,5 (ein Monat ElterngeldPlus zählt halb).",
        ),
        (
            "basis:1-12",
            "basis:13-14,15",
            1,
            "Ben Beispiel: Basiselterngeld gibt es nur in den Lebensmonaten 1 bis 14. Bitte wählen Sie für "
            "Lebensmonat 15 ElterngeldPlus oder den Partnerschaftsbonus.",
        ),
        (
            "basis:1-12",
            "plus:15",
            1,
            "Ben Beispiel: Elterngeld gibt es nur für mindestens 2 Lebensmonate – geplant ist 1 Monat.",
        ),
        (
            "basis:1-12",
            "basis:1-3",
            1,
            "Basiselterngeld für beide Eltern gleichzeitig gibt es höchstens in einem Lebensmonat – geplant in "
            "Lebensmonaten 1 bis 3.",
        ),
        (
            "basis:1-12 bonus:15-16",
            "bonus:15 basis:13",
            1,
            "Den Partnerschaftsbonus gibt es nur für beide Eltern gleichzeitig. Bitte wählen Sie in "
            "Lebensmonat 16 bei beiden „Bonus“.",
        ),
        (
            "basis:1-12 bonus:15-19",
            "basis:13-14 bonus:15-19",
            1,
            "Den Partnerschaftsbonus gibt es für 2 bis 4 Monate am Stück – geplant: 5 Monate.",
        ),
        (
            "plus:1-14,17",
            "",
            1,
            "Ab Lebensmonat 15 muss ohne Lücke mindestens ein Elternteil ElterngeldPlus oder den "
            "Partnerschaftsbonus beziehen. Lücke: Lebensmonate 15 und 16.",
        ),
        (
            "basis:1-12",
            "",
            3,
            "Anna: Für Lebensmonate 1 und 2 wird kein Elterngeld mehr gezahlt – rückwirkend nur für die letzten "
            "3 Lebensmonate vor dem Monat, in dem der Antrag eingeht.",
        ),
    ],
)
def test_messages(a: str, b: str, first_paid: int, text: str) -> None:
    problems = plan.check(cells(a, b), single=False, first_paid=first_paid)
    assert text in [plan.message(p, NAMES) for p in problems]


def test_parent_names_default_when_unknown() -> None:
    assert plan.labels("", "  ") == {"a": "Sie", "b": "Anderer Elternteil"}
    problem = plan.Problem(code="min_months", parent="b", n=1)
    assert plan.message(problem, plan.labels()).startswith("Anderer Elternteil: Elterngeld gibt es nur")


@pytest.mark.parametrize(
    ("months", "text"),
    [
        ([3], "Lebensmonat 3"),
        ([3, 4], "Lebensmonate 3 und 4"),
        ([3, 4, 5], "Lebensmonate 3 bis 5"),
        ([9, 1, 3, 4, 5, 5], "Lebensmonate 1, 3 bis 5 und 9"),
        ([1, 2, 7, 8, 9, 10, 20], "Lebensmonate 1, 2, 7 bis 10 und 20"),
    ],
)
def test_months_text(months: list[int], text: str) -> None:
    assert plan.months_text(months) == text
    dative = text if len(set(months)) == 1 else text.replace("Lebensmonate ", "Lebensmonaten ")
    assert plan.months_text(months, dative=True) == dative


def test_summary_for_two_parents_and_for_one() -> None:
    two = cells("basis:1-12 bonus:15-16", "basis:13 plus:17-18 bonus:15-16")
    assert plan.summary(two, single=False, names=NAMES) == [
        "Basiselterngeld: Anna 12 Monate, Ben Beispiel 1 Monat.",
        "ElterngeldPlus: Anna 0 Monate, Ben Beispiel 2 Monate.",
        "Partnerschaftsbonus: Anna 2 Monate, Ben Beispiel 2 Monate.",
        "Verplant: 14 von 14 Monatsbeträgen Basiselterngeld (ein Monat ElterngeldPlus zählt halb).",
    ]
    one = cells("basis:1-13 plus:15", "basis:14")
    assert plan.summary(one, single=True, names=NAMES) == [
        "Basiselterngeld: 13 Monate.",
        "ElterngeldPlus: 1 Monat.",
        "Partnerschaftsbonus: 0 Monate.",
        "Verplant: 13,5 von 14 Monatsbeträgen Basiselterngeld (ein Monat ElterngeldPlus zählt halb).",
    ]


def test_read_raw_values() -> None:
    values = {**raw(cells("basis:1-2", "plus:15")), "other": "x", "planned": "basis"}
    found, invalid = plan.read(values, "plan")
    assert found == {(1, "a"): "basis", (2, "a"): "basis", (15, "b"): "plus"} and not invalid
    assert plan.read({"plan-3-a": ["bonus", "basis"], "plan-4-b": " plus "}, "plan") == (
        {(3, "a"): "bonus", (4, "b"): "plus"},
        False,
    )


@pytest.mark.parametrize(
    "values",
    [
        {"plan-33-a": "plus"},
        {"plan-0-a": "plus"},
        {"plan-03-a": "plus"},
        {"plan-3-c": "plus"},
        {"plan-3-a": "voll"},
        {"plan-3-a-x": "plus"},
        {"plan-3": "plus"},
        {"plan-3-a\n": "plus"},
    ],
)
def test_read_refuses_what_the_form_never_sends(values: dict[str, str]) -> None:
    found, invalid = plan.read(values, "plan")
    assert invalid and found == {}


def test_empty_cells_are_no_elterngeld() -> None:
    assert plan.read({"plan-3-a": "", "plan-4-a": [], "plan-5-a": "  "}, "plan") == ({}, False)


def test_answer_lines() -> None:
    lines = plan.answer(cells("basis:1-12 bonus:15-16", "basis:13-14 bonus:15-16"), single=False, names=NAMES)
    assert [str(line) for line in lines] == [
        "Anna – Basiselterngeld: Lebensmonate 1 bis 12",
        "Anna – Partnerschaftsbonus: Lebensmonate 15 und 16",
        "Ben Beispiel – Basiselterngeld: Lebensmonate 13 und 14",
        "Ben Beispiel – Partnerschaftsbonus: Lebensmonate 15 und 16",
    ]
    assert lines[0].months == list(range(1, 13)) and lines[0].parent == "a" and lines[0].kind == "basis"
    single = plan.answer(cells("basis:1-14", "basis:1-2"), single=True, names=NAMES)
    assert [line.parent for line in single] == ["a"]


@pytest.mark.parametrize(
    ("birth", "on", "month"),
    [
        (D(2026, 2, 10), D(2026, 2, 9), 0),
        (D(2026, 2, 10), D(2026, 2, 10), 1),
        (D(2026, 2, 10), D(2026, 3, 9), 1),
        (D(2026, 2, 10), D(2026, 3, 10), 2),
        (D(2025, 12, 31), D(2026, 1, 30), 1),
        (D(2025, 12, 31), D(2026, 1, 31), 2),
        (D(2024, 2, 29), D(2025, 2, 28), 12),
        (D(2024, 2, 29), D(2025, 3, 1), 13),
    ],
)
def test_life_month(birth: dt.date, on: dt.date, month: int) -> None:
    assert plan.life_month(birth, on) == month


@pytest.mark.parametrize(
    ("birth", "today", "first"),
    [
        (None, D(2026, 3, 10), 1),
        (D(2026, 7, 1), D(2026, 3, 10), 1),
        (D(2026, 1, 20), D(2026, 3, 10), 1),  # Lebensmonat 2: everything is still paid
        (D(2025, 12, 5), D(2026, 3, 10), 1),  # Lebensmonat 4: back to 1
        (D(2025, 11, 5), D(2026, 3, 10), 2),  # Lebensmonat 5: 2, 3, 4 and 5 on
        (D(2024, 5, 20), D(2026, 3, 10), 19),
    ],
)
def test_first_paid_month(birth: dt.date | None, today: dt.date, first: int) -> None:
    assert plan.first_paid_month(birth, today) == first
