"""Conditions on what a parent entered. The same rules run in the browser for offline use
(frontend/static/js/conditions.js); tests/unit/applications/test_conditions_parity.py keeps them equal.

Values are the raw form values of a draft: field id (or `<id>-day` etc. for composite fields) to a string
or a list of strings. Facts are what the browser also knows: today and the household's children.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import msgspec

from server.applications.definitions import Condition

RawValue = str | list[str]
RawValues = Mapping[str, RawValue]


class Facts(msgspec.Struct, frozen=True, kw_only=True):
    today: dt.date
    # Household children by id (as a string): birth date, or the expected birth date of an unborn child.
    children: dict[str, dt.date] = {}


def scalar(values: RawValues, field_id: str) -> str:
    value = values.get(field_id, "")
    if isinstance(value, list):
        return value[0] if value else ""
    return value


def items(values: RawValues, field_id: str) -> list[str]:
    value = values.get(field_id, "")
    if isinstance(value, list):
        return [v for v in value if v]
    return [value] if value else []


def parse_date_parts(day: str, month: str, year: str) -> dt.date | None:
    if not all(p.isascii() and p.isdigit() and len(p) <= 4 for p in (day, month, year)):
        return None
    try:
        parsed = dt.date(int(year), int(month), int(day))
    except (ValueError, OverflowError):
        return None
    return parsed if 1900 <= parsed.year <= 2100 else None


def date_value(values: RawValues, field_id: str, facts: Facts) -> dt.date | None:
    """A date field's date, or the (expected) birth date of the household child a child field names."""
    if f"{field_id}-year" in values:
        return parse_date_parts(*(scalar(values, f"{field_id}-{p}") for p in ("day", "month", "year")))
    return facts.children.get(scalar(values, field_id))


def age_in_years(birth: dt.date, on: dt.date) -> int:
    years = on.year - birth.year
    if (on.month, on.day) < (birth.month, birth.day):
        years -= 1
    return years


def is_filled(values: RawValues, field_id: str) -> bool:
    for key, value in values.items():
        if key == field_id or key.startswith(field_id + "-"):
            if (isinstance(value, list) and any(value)) or (isinstance(value, str) and value):
                return True
    return False


def holds(condition: Condition | None, values: RawValues, facts: Facts) -> bool:
    if condition is None:
        return True
    if condition.all and not all(holds(c, values, facts) for c in condition.all):
        return False
    if condition.any and not any(holds(c, values, facts) for c in condition.any):
        return False
    if condition.not_ is not None and holds(condition.not_, values, facts):
        return False
    if not condition.field:
        return True
    name = condition.field
    chosen = items(values, name)
    if condition.equals is not None and condition.equals not in chosen:
        return False
    if condition.not_equals is not None and condition.not_equals in chosen:
        return False
    if condition.one_of and not any(v in condition.one_of for v in chosen):
        return False
    if condition.filled is not None and is_filled(values, name) != condition.filled:
        return False
    if condition.age_at_least is not None or condition.age_below is not None:
        birth = date_value(values, name, facts)
        on = date_value(values, condition.age_on, facts) if condition.age_on else facts.today
        if birth is None or on is None:
            return False
        age = age_in_years(birth, on)
        if condition.age_at_least is not None and age < condition.age_at_least:
            return False
        if condition.age_below is not None and age >= condition.age_below:
            return False
    return True
