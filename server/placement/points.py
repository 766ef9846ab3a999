"""Allocation points of a reservation under the municipality's criteria (tenant.toml [rules.kita]), the
child's age at the desired start, and the order in which a provider sees the reservations.

Wuppertal's JHA rules (VO/0741/19, DOMAIN.md §1): single parent in work 5, both parents in work 4, a sibling
in the facility 3; the highest score first, the earlier registration breaks ties. Other municipalities
weigh differently (Bottrop: single parent in work 22), so every number is configuration:

    [rules.kita]
    points_single_parent_working = 5
    points_both_parents_working = 4
    points_sibling = 3
    working = "vollzeit teilzeit ausbildung"   # employment answers that count as "in work"
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import msgspec

from server.web.i18n import _

EMPLOYMENT_VALUES = ("vollzeit", "teilzeit", "ausbildung", "arbeitsuchend", "nicht")
KEYS = ("points_single_parent_working", "points_both_parents_working", "points_sibling")


class PointRules(msgspec.Struct, frozen=True, kw_only=True):
    single_parent_working: int = 0
    both_parents_working: int = 0
    sibling: int = 0
    working: tuple[str, ...] = ("vollzeit", "teilzeit", "ausbildung")


class Score(msgspec.Struct, frozen=True):
    total: int
    # (reason, points) for every criterion met, in the order of the rules.
    reasons: tuple[tuple[str, int], ...]


class PointRulesError(ValueError):
    pass


def point_rules(settings: Mapping[str, Any]) -> PointRules:
    """The criteria from a tenant's flat settings ("kita.points_sibling" …); missing numbers count 0."""
    values: dict[str, Any] = {}
    for key in KEYS:
        value = settings.get(f"kita.{key}", 0)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 1000:
            raise PointRulesError(f"[rules.kita] {key} must be a whole number from 0 to 1000, not {value!r}")
        values[key.removeprefix("points_")] = value
    working = settings.get("kita.working")
    if working is not None:
        if not isinstance(working, str):
            raise PointRulesError("[rules.kita] working must be a text of employment values")
        chosen = tuple(working.split())
        unknown = [w for w in chosen if w not in EMPLOYMENT_VALUES]
        if unknown:
            raise PointRulesError(
                f"[rules.kita] working names unknown values {unknown}; known: {list(EMPLOYMENT_VALUES)}"
            )
        values["working"] = chosen
    return PointRules(**values)


def score(answers: Mapping[str, Any], sibling: bool, rules: PointRules) -> Score:
    """The points of one reservation: the family's situation (from the demand notice) and whether a sibling
    attends this facility."""
    employment = [e.get("value") for e in answers.get("employment") or [] if isinstance(e, dict)]
    in_work = [value in rules.working for value in employment]
    reasons: list[tuple[str, int]] = []
    if answers.get("single_parent") == "ja":
        if any(in_work) and rules.single_parent_working:
            reasons.append((_("alleinerziehend und erwerbstätig"), rules.single_parent_working))
    elif len(in_work) >= 2 and all(in_work) and rules.both_parents_working:
        reasons.append((_("beide Eltern erwerbstätig"), rules.both_parents_working))
    if sibling and rules.sibling:
        reasons.append((_("Geschwisterkind in der Einrichtung"), rules.sibling))
    return Score(sum(p for _r, p in reasons), tuple(reasons))


def months_between(born: dt.date, on: dt.date) -> int:
    """Completed months of age on a day (0 before the first monthly birthday; negative before birth)."""
    months = (on.year - born.year) * 12 + on.month - born.month
    if on.day < born.day:
        months -= 1
    return months


def age_group(months: int, boundary: int = 36) -> str:
    return "u3" if months < boundary else "ue3"


def birth_of(answers: Mapping[str, Any]) -> dt.date | None:
    child = answers.get("child") or {}
    raw = (child.get("birth_date") or child.get("expected_birth_date")) if isinstance(child, dict) else None
    try:
        return dt.date.fromisoformat(raw) if isinstance(raw, str) else None
    except ValueError:
        return None


def start_of(answers: Mapping[str, Any]) -> dt.date | None:
    raw = answers.get("start")
    try:
        return dt.date.fromisoformat(raw) if isinstance(raw, str) else None
    except ValueError:
        return None


def hours_of(answers: Mapping[str, Any]) -> int | None:
    """Weekly hours wished: the Kita booking (25/35/45) or the hours in Kindertagespflege."""
    for key in ("hours", "ktp_hours"):
        value = answers.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, str) and value.isdigit():
            return int(value)
    return None


def sort_key(total: int, registered: dt.datetime, reservation_id: int) -> tuple[int, dt.datetime, int]:
    """Highest score first, then the earlier registration (then the id, so the order is stable)."""
    return (-total, registered, reservation_id)
