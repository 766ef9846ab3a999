"""Conditions on raw form values: every operator, lists, missing and invalid values, ages and 29 February."""

from __future__ import annotations

import datetime as dt

import msgspec
import pytest

from server.applications.conditions import (
    Facts,
    age_in_years,
    date_value,
    holds,
    is_filled,
    items,
    parse_date_parts,
    scalar,
)
from server.applications.definitions import Condition as C
from tests.unit.applications.condition_cases import CASES, KIDS, Case
from tests.unit.applications.support import TODAY, date_parts

D = dt.date


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_holds(case: Case) -> None:
    assert holds(case.condition, case.values, case.facts) is case.expected


@pytest.mark.parametrize(
    ("birth", "on", "age"),
    [
        (D(2024, 5, 20), D(2025, 5, 19), 0),
        (D(2024, 5, 20), D(2025, 5, 20), 1),
        (D(2024, 5, 20), D(2024, 5, 20), 0),
        (D(2024, 5, 20), D(2024, 1, 1), -1),
        (D(2020, 12, 31), D(2021, 1, 1), 0),
        (D(2020, 12, 31), D(2021, 12, 31), 1),
        # Born on 29 February: a year older on 1 March of a common year, on 29 February of a leap year.
        (D(2024, 2, 29), D(2025, 2, 28), 0),
        (D(2024, 2, 29), D(2025, 3, 1), 1),
        (D(2024, 2, 29), D(2027, 2, 28), 2),
        (D(2024, 2, 29), D(2028, 2, 28), 3),
        (D(2024, 2, 29), D(2028, 2, 29), 4),
        (D(2023, 3, 1), D(2024, 2, 29), 0),
        (D(2023, 2, 28), D(2024, 2, 29), 1),
    ],
)
def test_age_in_years(birth: dt.date, on: dt.date, age: int) -> None:
    assert age_in_years(birth, on) == age


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (("1", "8", "2027"), D(2027, 8, 1)),
        (("01", "08", "2027"), D(2027, 8, 1)),
        (("29", "2", "2028"), D(2028, 2, 29)),
        (("29", "2", "2027"), None),
        (("31", "4", "2027"), None),
        (("0", "1", "2027"), None),
        (("1", "0", "2027"), None),
        (("1", "13", "2027"), None),
        (("", "8", "2027"), None),
        (("1", "8", ""), None),
        (("1", "8", "27"), None),
        (("1", "8", "1899"), None),
        (("1", "1", "1900"), D(1900, 1, 1)),
        (("31", "12", "2100"), D(2100, 12, 31)),
        (("1", "1", "2101"), None),
        (("1", "1", "0"), None),
        (("-1", "8", "2027"), None),
        ((" 1", "8", "2027"), None),
        (("1.", "8", "2027"), None),
        (("²", "8", "2027"), None),
        (("١", "8", "2027"), None),
    ],
)
def test_parse_date_parts(parts: tuple[str, str, str], expected: dt.date | None) -> None:
    assert parse_date_parts(*parts) == expected


@pytest.mark.parametrize("parts", [("9" * 20, "1", "2027"), ("1", "9" * 20, "2027")], ids=["day", "month"])
def test_parse_date_parts_huge_numbers(parts: tuple[str, str, str]) -> None:
    assert parse_date_parts(*parts) is None


def test_holds_with_huge_day_does_not_crash() -> None:
    values = date_parts("b", "9" * 20, "1", "2020")
    assert holds(C(field="b", age_below=99), values, Facts(today=TODAY)) is False


def test_date_value_prefers_date_parts_over_child_facts() -> None:
    facts = Facts(today=TODAY, children=KIDS)
    assert date_value({"child": "11"}, "child", facts) == D(2024, 5, 20)
    assert date_value({"child": "12"}, "child", facts) == D(2026, 7, 1)
    # A field with date parts is read as a date, even if its id names a child.
    assert date_value({"child": "11", **date_parts("child", D(2020, 1, 2))}, "child", facts) == D(2020, 1, 2)
    assert date_value(date_parts("child", "", "", ""), "child", facts) is None


@pytest.mark.parametrize(
    ("values", "scalar_value", "item_values"),
    [
        ({}, "", []),
        ({"a": ""}, "", []),
        ({"a": "x"}, "x", ["x"]),
        ({"a": []}, "", []),
        ({"a": ["", "y"]}, "", ["y"]),
        ({"a": ["x", "y"]}, "x", ["x", "y"]),
    ],
)
def test_scalar_and_items(values: dict, scalar_value: str, item_values: list[str]) -> None:
    assert scalar(values, "a") == scalar_value
    assert items(values, "a") == item_values


def test_is_filled_only_reads_own_keys() -> None:
    assert is_filled({"addr-street": "Weg"}, "addr")
    assert not is_filled({"address": "x", "addr_x": "y"}, "addr")
    assert not is_filled({"addr-street": ["", ""]}, "addr")


def test_condition_fields_lists_every_field_read() -> None:
    condition = C(
        all=(C(field="a", equals="x"), C(any=(C(field="b", age_below=3, age_on="s"),))),
        not_=C(field="c", filled=True),
    )
    assert condition.fields() == {"a", "b", "s", "c"}
    assert C().fields() == set()


def test_condition_decodes_not_from_its_json_name() -> None:
    decoded = msgspec.json.decode(b'{"not": {"field": "a", "equals": "x"}}', type=C)
    assert decoded == C(not_=C(field="a", equals="x"))
    assert msgspec.to_builtins(decoded) == {"not": {"field": "a", "equals": "x"}}
    with pytest.raises(msgspec.ValidationError):
        msgspec.json.decode(b'{"field": "a", "equal": "x"}', type=C)


def test_multichoice_combined_tests() -> None:
    # A multichoice list: equals "any chosen", not_equals "none chosen", one_of "any of these chosen".
    facts = Facts(today=TODAY)
    chosen = {"urgency": ["beruf", "sprache"]}
    assert holds(C(field="urgency", equals="sprache"), chosen, facts)
    assert not holds(C(field="urgency", not_equals="beruf"), chosen, facts)
    assert holds(C(field="urgency", one_of=("jugendamt", "beruf")), chosen, facts)
    assert not holds(C(field="urgency", one_of=("jugendamt", "belastung")), chosen, facts)
    assert holds(C(field="urgency", equals="beruf", not_equals="belastung"), chosen, facts)
