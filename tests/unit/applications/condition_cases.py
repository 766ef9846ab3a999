"""One table of condition cases: (condition, raw values, facts) and the expected result.

test_conditions.py checks the Python rules against `expected`; test_conditions_parity.py runs the same table
through frontend/static/js/conditions.js and requires identical results.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from server.applications.conditions import Facts, RawValue
from server.applications.definitions import Condition as C
from tests.unit.applications.support import TODAY, date_parts

D = dt.date


class Case(NamedTuple):
    id: str
    condition: C | None
    values: dict[str, RawValue]
    expected: bool
    today: dt.date = TODAY
    children: dict[str, dt.date] = {}  # noqa: RUF012 - a NamedTuple default, never mutated

    @property
    def facts(self) -> Facts:
        return Facts(today=self.today, children=self.children)


# Household children: "11" born 20.05.2024, "12" expected 01.07.2026, "29" born on 29.02.2024.
KIDS = {"11": D(2024, 5, 20), "12": D(2026, 7, 1), "29": D(2024, 2, 29)}

EQ = C(field="a", equals="x")
NE = C(field="a", not_equals="x")
ONE_OF = C(field="a", one_of=("x", "y"))
FILLED = C(field="a", filled=True)
EMPTY = C(field="a", filled=False)
ONE_PLUS = C(field="b", age_at_least=1)
UNDER_ONE = C(field="b", age_below=1)
THREE_ON_START = C(field="b", age_at_least=3, age_on="s")
ONE_TO_THREE = C(field="b", age_at_least=1, age_below=3)


CASES: list[Case] = [
    # --- no condition / empty condition ---
    Case("none", None, {}, True),
    Case("empty-condition", C(), {"a": "x"}, True),
    Case("field-without-test", C(field="a"), {}, True),
    # --- equals ---
    Case("equals-match", EQ, {"a": "x"}, True),
    Case("equals-other", EQ, {"a": "y"}, False),
    Case("equals-missing", EQ, {}, False),
    Case("equals-empty-string", EQ, {"a": ""}, False),
    Case("equals-case-sensitive", EQ, {"a": "X"}, False),
    Case("equals-no-trim", EQ, {"a": " x"}, False),
    Case("equals-list-contains", EQ, {"a": ["y", "x"]}, True),
    Case("equals-list-without", EQ, {"a": ["y", "z"]}, False),
    Case("equals-list-empty", EQ, {"a": []}, False),
    Case("equals-part-key-is-not-the-value", EQ, {"a-x": "x"}, False),
    Case("equals-other-field", EQ, {"b": "x"}, False),
    Case("equals-empty-never-matches", C(field="a", equals=""), {"a": ["", ""]}, False),
    # --- not_equals ---
    Case("not-equals-other", NE, {"a": "y"}, True),
    Case("not-equals-same", NE, {"a": "x"}, False),
    Case("not-equals-missing", NE, {}, True),
    Case("not-equals-list-contains", NE, {"a": ["y", "x"]}, False),
    Case("not-equals-list-without", NE, {"a": ["y", "z"]}, True),
    # --- one_of ---
    Case("one-of-first", ONE_OF, {"a": "x"}, True),
    Case("one-of-second", ONE_OF, {"a": "y"}, True),
    Case("one-of-outside", ONE_OF, {"a": "z"}, False),
    Case("one-of-missing", ONE_OF, {}, False),
    Case("one-of-list-any", ONE_OF, {"a": ["z", "y"]}, True),
    Case("one-of-list-none", ONE_OF, {"a": ["z", "w"]}, False),
    Case("one-of-list-empty-strings", ONE_OF, {"a": ["", ""]}, False),
    # --- filled ---
    Case("filled-scalar", FILLED, {"a": "t"}, True),
    Case("filled-whitespace-counts", FILLED, {"a": " "}, True),
    Case("filled-missing", FILLED, {}, False),
    Case("filled-empty", FILLED, {"a": ""}, False),
    Case("filled-list-of-empty", FILLED, {"a": ["", ""]}, False),
    Case("filled-list", FILLED, {"a": ["", "x"]}, True),
    Case("filled-one-part", FILLED, {"a-day": "", "a-month": "3", "a-year": ""}, True),
    Case("filled-no-part", FILLED, {"a-day": "", "a-month": "", "a-year": ""}, False),
    Case("filled-other-field-with-prefix", FILLED, {"ab": "x", "ab-day": "1"}, False),
    Case("not-filled-missing", EMPTY, {}, True),
    Case("not-filled-empty", EMPTY, {"a": ""}, True),
    Case("not-filled-but-filled", EMPTY, {"a": "x"}, False),
    Case("equals-and-filled", C(field="a", equals="x", filled=True), {"a": "x"}, True),
    Case("equals-and-not-filled", C(field="a", equals="x", filled=False), {"a": "x"}, False),
    # --- ages of a date field, on today (10.03.2026) ---
    Case("age-exactly-one-today", ONE_PLUS, date_parts("b", D(2025, 3, 10)), True),
    Case("age-one-tomorrow", ONE_PLUS, date_parts("b", D(2025, 3, 11)), False),
    Case("age-below-one-tomorrow", UNDER_ONE, date_parts("b", D(2025, 3, 11)), True),
    Case("age-below-one-birthday", UNDER_ONE, date_parts("b", D(2025, 3, 10)), False),
    Case("age-leading-zeros", ONE_PLUS, date_parts("b", "01", "03", "2025"), True),
    Case("age-list-parts", ONE_PLUS, {"b-day": ["1"], "b-month": ["3"], "b-year": ["2025"]}, True),
    Case("age-future-date-below", UNDER_ONE, date_parts("b", D(2026, 9, 1)), True),
    Case(
        "age-future-date-at-least-zero", C(field="b", age_at_least=0), date_parts("b", D(2026, 9, 1)), False
    ),
    Case("age-range-inside", ONE_TO_THREE, date_parts("b", D(2024, 5, 20)), True),
    Case("age-range-too-old", ONE_TO_THREE, date_parts("b", D(2023, 3, 10)), False),
    Case("age-range-too-young", ONE_TO_THREE, date_parts("b", D(2025, 5, 20)), False),
    Case("age-month-before-birthday", ONE_PLUS, date_parts("b", D(2025, 4, 1)), False),
    # --- missing and invalid dates: neither age test holds ---
    Case("age-missing-at-least", ONE_PLUS, {}, False),
    Case("age-missing-below", UNDER_ONE, {}, False),
    Case("age-missing-day", UNDER_ONE, date_parts("b", "", "3", "2026"), False),
    Case("age-missing-year", UNDER_ONE, {"b-day": "1", "b-month": "3"}, False),
    Case("age-31-february", UNDER_ONE, date_parts("b", "31", "2", "2026"), False),
    Case("age-29-february-non-leap", UNDER_ONE, date_parts("b", "29", "2", "2025"), False),
    Case("age-month-13", UNDER_ONE, date_parts("b", "1", "13", "2025"), False),
    Case("age-day-zero", UNDER_ONE, date_parts("b", "0", "3", "2026"), False),
    Case("age-letters", UNDER_ONE, date_parts("b", "1a", "3", "2026"), False),
    Case("age-sign", UNDER_ONE, date_parts("b", "+1", "3", "2026"), False),
    Case("age-decimal", UNDER_ONE, date_parts("b", "1.0", "3", "2026"), False),
    Case("age-spaces-not-stripped", UNDER_ONE, date_parts("b", " 1", "3", "2026"), False),
    Case("age-arabic-digits", UNDER_ONE, date_parts("b", "١", "3", "2026"), False),
    Case("age-fullwidth-digits", UNDER_ONE, date_parts("b", "1", "3", "２０２６"), False),
    Case("age-two-digit-year", ONE_PLUS, date_parts("b", "1", "3", "25"), False),
    Case("age-year-1899", ONE_PLUS, date_parts("b", "1", "3", "1899"), False),
    Case("age-year-1900", ONE_PLUS, date_parts("b", "1", "1", "1900"), True),
    Case("age-year-2100", UNDER_ONE, date_parts("b", "31", "12", "2100"), True),
    Case("age-year-2101", UNDER_ONE, date_parts("b", "1", "1", "2101"), False),
    Case("age-year-10000", UNDER_ONE, date_parts("b", "1", "1", "10000"), False),
    # --- age on another date field ---
    Case(
        "age-on-field-reached",
        THREE_ON_START,
        {**date_parts("b", D(2024, 8, 1)), **date_parts("s", D(2027, 8, 1))},
        True,
    ),
    Case(
        "age-on-field-day-before",
        THREE_ON_START,
        {**date_parts("b", D(2024, 8, 1)), **date_parts("s", D(2027, 7, 31))},
        False,
    ),
    Case("age-on-field-missing", THREE_ON_START, date_parts("b", D(2020, 1, 1)), False),
    Case(
        "age-on-field-invalid",
        THREE_ON_START,
        {**date_parts("b", D(2020, 1, 1)), **date_parts("s", "30", "2", "2027")},
        False,
    ),
    Case(
        "age-on-field-ignores-today",
        C(field="b", age_below=1, age_on="s"),
        {**date_parts("b", D(2020, 1, 1)), **date_parts("s", D(2020, 6, 1))},
        True,
    ),
    # --- 29 February ---
    Case("leap-born-28-02-next-year", ONE_PLUS, date_parts("b", D(2024, 2, 29)), False, D(2025, 2, 28)),
    Case("leap-born-01-03-next-year", ONE_PLUS, date_parts("b", D(2024, 2, 29)), True, D(2025, 3, 1)),
    Case("leap-born-below-on-28-02", UNDER_ONE, date_parts("b", D(2024, 2, 29)), True, D(2025, 2, 28)),
    Case(
        "leap-born-four-on-29-02",
        C(field="b", age_at_least=4),
        date_parts("b", D(2024, 2, 29)),
        True,
        D(2028, 2, 29),
    ),
    Case(
        "leap-born-three-on-28-02",
        C(field="b", age_below=4),
        date_parts("b", D(2024, 2, 29)),
        True,
        D(2028, 2, 28),
    ),
    Case(
        "leap-on-field",
        C(field="b", age_at_least=1, age_on="s"),
        {**date_parts("b", D(2023, 2, 28)), **date_parts("s", D(2024, 2, 29))},
        True,
    ),
    Case(
        "leap-on-field-day-before",
        C(field="b", age_at_least=1, age_on="s"),
        {**date_parts("b", D(2023, 3, 1)), **date_parts("s", D(2024, 2, 29))},
        False,
    ),
    Case("leap-child-fact", C(field="child", age_at_least=1), {"child": "29"}, False, D(2025, 2, 28), KIDS),
    Case(
        "leap-child-fact-march", C(field="child", age_at_least=1), {"child": "29"}, True, D(2025, 3, 1), KIDS
    ),
    # --- ages of a child field (birth date or expected birth date from the facts) ---
    Case("child-one-plus", C(field="child", age_at_least=1), {"child": "11"}, True, TODAY, KIDS),
    Case("child-under-one", C(field="child", age_below=1), {"child": "11"}, False, TODAY, KIDS),
    Case("child-unborn-under-one", C(field="child", age_below=1), {"child": "12"}, True, TODAY, KIDS),
    Case("child-unborn-not-zero", C(field="child", age_at_least=0), {"child": "12"}, False, TODAY, KIDS),
    Case("child-unknown-id", C(field="child", age_below=99), {"child": "99"}, False, TODAY, KIDS),
    Case("child-not-chosen", C(field="child", age_below=99), {}, False, TODAY, KIDS),
    Case("child-no-facts", C(field="child", age_below=99), {"child": "11"}, False),
    Case("child-list-value", C(field="child", age_at_least=1), {"child": ["11"]}, True, TODAY, KIDS),
    Case(
        "child-prototype-name", C(field="child", age_below=99), {"child": "constructor"}, False, TODAY, KIDS
    ),
    Case(
        "child-on-date-field",
        C(field="child", age_at_least=3, age_on="s"),
        {"child": "11", **date_parts("s", D(2027, 8, 1))},
        True,
        TODAY,
        KIDS,
    ),
    Case(
        "child-on-date-field-too-young",
        C(field="child", age_at_least=3, age_on="s"),
        {"child": "11", **date_parts("s", D(2027, 5, 19))},
        False,
        TODAY,
        KIDS,
    ),
    Case("child-equals-id", C(field="child", equals="11"), {"child": "11"}, True, TODAY, KIDS),
    # --- all / any / not ---
    Case("all-both", C(all=(EQ, C(field="b", filled=True))), {"a": "x", "b": "1"}, True),
    Case("all-one-missing", C(all=(EQ, C(field="b", filled=True))), {"a": "x"}, False),
    Case("all-none", C(all=(EQ, C(field="b", filled=True))), {}, False),
    Case("any-first", C(any=(EQ, C(field="a", equals="y"))), {"a": "x"}, True),
    Case("any-second", C(any=(EQ, C(field="a", equals="y"))), {"a": "y"}, True),
    Case("any-neither", C(any=(EQ, C(field="a", equals="y"))), {"a": "z"}, False),
    Case("any-missing", C(any=(EQ, C(field="a", equals="y"))), {}, False),
    Case("not-true", C(not_=EQ), {"a": "y"}, True),
    Case("not-false", C(not_=EQ), {"a": "x"}, False),
    Case("not-missing", C(not_=EQ), {}, True),
    Case("not-not", C(not_=C(not_=EQ)), {"a": "x"}, True),
    Case("leaf-and-all", C(field="a", equals="x", all=(C(field="b", filled=True),)), {"a": "x"}, False),
    Case(
        "leaf-and-all-met",
        C(field="a", equals="x", all=(C(field="b", filled=True),)),
        {"a": "x", "b": "1"},
        True,
    ),
    Case("leaf-and-not", C(field="a", filled=True, not_=EQ), {"a": "y"}, True),
    Case("leaf-and-not-excluded", C(field="a", filled=True, not_=EQ), {"a": "x"}, False),
    Case(
        "nested-all-any-not",
        C(all=(C(any=(EQ, C(field="b", equals="y"))), C(not_=C(field="c", one_of=("1", "2"))))),
        {"b": "y", "c": "3"},
        True,
    ),
    Case(
        "nested-all-any-not-excluded",
        C(all=(C(any=(EQ, C(field="b", equals="y"))), C(not_=C(field="c", one_of=("1", "2"))))),
        {"b": "y", "c": ["3", "2"]},
        False,
    ),
    Case(
        "nested-any-of-ages",
        C(any=(C(field="b", age_below=1), C(field="child", age_at_least=3))),
        {"child": "11", **date_parts("b", D(2020, 1, 1))},
        False,
        TODAY,
        KIDS,
    ),
    Case(
        "nested-not-age",
        C(not_=C(field="child", age_below=1)),
        {"child": "12"},
        False,
        TODAY,
        KIDS,
    ),
    Case(
        "nested-not-of-missing-date-holds",
        C(not_=C(field="b", age_below=1)),
        {},
        True,
    ),
]
