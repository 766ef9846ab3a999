"""Allocation points per municipality, the child's age at the start, the order a provider sees, and the
placement settings of tenant.toml."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from server.placement import points as pts
from server.placement.config import PlacementConfig, expires_at, local_today, placement_config
from server.tenants.config import TenantRegistry

WUPPERTAL = {
    "kita.points_single_parent_working": 5,
    "kita.points_both_parents_working": 4,
    "kita.points_sibling": 3,
}
# Bottrop weighs a working single parent much higher (DOMAIN.md §1); training does not count as work here.
BOTTROP = {
    "kita.points_single_parent_working": 22,
    "kita.points_both_parents_working": 10,
    "kita.points_sibling": 8,
    "kita.working": "vollzeit teilzeit",
}


def answers(single: str, *employment: str) -> dict:
    return {
        "single_parent": single,
        "employment": [{"guardian": str(i), "name": f"P{i}", "value": v} for i, v in enumerate(employment)],
    }


SCORES = [
    # (settings, answers, sibling, total)
    (WUPPERTAL, answers("ja", "vollzeit"), False, 5),
    (WUPPERTAL, answers("ja", "teilzeit"), True, 8),
    (WUPPERTAL, answers("ja", "ausbildung"), False, 5),
    (WUPPERTAL, answers("ja", "nicht"), False, 0),
    (WUPPERTAL, answers("ja", "arbeitsuchend"), True, 3),
    (WUPPERTAL, answers("nein", "vollzeit", "teilzeit"), False, 4),
    (WUPPERTAL, answers("nein", "vollzeit", "nicht"), False, 0),
    (WUPPERTAL, answers("nein", "vollzeit"), False, 0),  # both parents, but only one named in the household
    (WUPPERTAL, answers("nein", "vollzeit", "vollzeit"), True, 7),
    (WUPPERTAL, answers("nein"), True, 3),
    (BOTTROP, answers("ja", "vollzeit"), False, 22),
    (BOTTROP, answers("ja", "ausbildung"), False, 0),
    (BOTTROP, answers("nein", "teilzeit", "vollzeit"), True, 18),
    ({}, answers("ja", "vollzeit"), True, 0),  # a municipality without point rules: everyone 0
]


@pytest.mark.parametrize(("settings", "given", "sibling", "total"), SCORES)
def test_score(settings: dict, given: dict, sibling: bool, total: int) -> None:
    score = pts.score(given, sibling, pts.point_rules(settings))
    assert score.total == total
    assert sum(p for _reason, p in score.reasons) == total


def test_reasons_name_the_criteria() -> None:
    score = pts.score(answers("ja", "vollzeit"), True, pts.point_rules(WUPPERTAL))
    assert score.reasons == (
        ("alleinerziehend und erwerbstätig", 5),
        ("Geschwisterkind in der Einrichtung", 3),
    )


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"kita.points_sibling": -1}, "points_sibling"),
        ({"kita.points_sibling": True}, "points_sibling"),
        ({"kita.points_sibling": "3"}, "points_sibling"),
        ({"kita.working": "vollzeit rentner"}, "rentner"),
        ({"kita.working": 3}, "working"),
        ({"kita.offer_deadline_days": 0}, "offer_deadline_days"),
        ({"kita.offer_deadline_days": 5, "kita.offer_min_deadline_days": 7}, "offer_min_deadline_days"),
    ],
)
def test_wrong_settings_name_the_key(settings: dict, message: str) -> None:
    with pytest.raises(pts.PointRulesError, match=message):
        placement_config(settings)


def test_the_demo_tenants_configure_points_and_deadlines() -> None:
    registry = TenantRegistry.from_folder(Path("server/tenants/data"), "wuppertal")
    wuppertal = placement_config(registry.get("wuppertal").settings)  # type: ignore[union-attr]
    assert wuppertal == PlacementConfig(
        points=pts.PointRules(single_parent_working=5, both_parents_working=4, sibling=3),
        deadline_days=14,
        min_deadline_days=3,
    )
    for tenant in registry:
        placement_config(tenant.settings)


@pytest.mark.parametrize(
    ("born", "on", "months"),
    [
        (dt.date(2024, 3, 8), dt.date(2025, 3, 8), 12),
        (dt.date(2024, 3, 8), dt.date(2025, 3, 7), 11),
        (dt.date(2024, 3, 8), dt.date(2027, 8, 1), 40),
        (dt.date(2024, 1, 31), dt.date(2024, 2, 29), 0),
        (dt.date(2027, 1, 10), dt.date(2026, 12, 1), -2),
    ],
)
def test_months_between(born: dt.date, on: dt.date, months: int) -> None:
    assert pts.months_between(born, on) == months


def test_age_group_boundary() -> None:
    assert pts.age_group(35) == "u3"
    assert pts.age_group(36) == "ue3"


def test_answers_read_defensively() -> None:
    given = {"child": {"birth_date": "2024-03-08"}, "start": "2026-08-01", "hours": "35"}
    assert pts.birth_of(given) == dt.date(2024, 3, 8)
    assert pts.birth_of({"child": {"expected_birth_date": "2026-01-02"}}) == dt.date(2026, 1, 2)
    assert pts.birth_of({"child": "x"}) is None
    assert pts.birth_of({"child": {"birth_date": "kaputt"}}) is None
    assert pts.start_of(given) == dt.date(2026, 8, 1)
    assert pts.hours_of(given) == 35
    assert pts.hours_of({"ktp_hours": 20}) == 20
    assert pts.hours_of({}) is None


def test_order_highest_score_then_earliest_registration() -> None:
    early = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    late = dt.datetime(2026, 2, 1, tzinfo=dt.UTC)
    rows = [(3, late, 1), (5, late, 2), (3, early, 3), (5, early, 4)]
    rows.sort(key=lambda r: pts.sort_key(*r))
    assert [r[2] for r in rows] == [4, 2, 3, 1]


@pytest.mark.parametrize(
    ("deadline", "expected"),
    [
        # Winter (CET, UTC+1): the end of 15 January is 23:00 UTC that day.
        (dt.date(2027, 1, 15), dt.datetime(2027, 1, 15, 23, 0, tzinfo=dt.UTC)),
        # Summer (CEST, UTC+2): 22:00 UTC.
        (dt.date(2027, 7, 15), dt.datetime(2027, 7, 15, 22, 0, tzinfo=dt.UTC)),
        # The day the clocks go forward (28 March 2027): the next midnight is still CEST.
        (dt.date(2027, 3, 28), dt.datetime(2027, 3, 28, 22, 0, tzinfo=dt.UTC)),
        # The day before the clocks go back (31 October 2027).
        (dt.date(2027, 10, 30), dt.datetime(2027, 10, 30, 22, 0, tzinfo=dt.UTC)),
    ],
)
def test_the_deadline_ends_at_midnight_in_berlin(deadline: dt.date, expected: dt.datetime) -> None:
    assert expires_at(deadline) == expected


def test_local_today_is_berlin() -> None:
    assert local_today(dt.datetime(2027, 1, 15, 23, 30, tzinfo=dt.UTC)) == dt.date(2027, 1, 16)
    assert local_today(dt.datetime(2027, 1, 15, 22, 30, tzinfo=dt.UTC)) == dt.date(2027, 1, 15)
