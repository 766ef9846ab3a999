"""The offer and acceptance rules as a table: given the reservations of a family and the applications'
statuses, what an event does to the offer, the reservations and the applications."""

from __future__ import annotations

import pytest

from server.applications.status import can
from server.placement import rules
from server.placement.rules import Change, Move, Res, RuleError

OFFER = 90

# One child (application 1) with three wishes; a sibling (application 2) with two wishes.
FAMILY_START = (
    Res(id=11, application=1, status="active"),
    Res(id=12, application=1, status="active"),
    Res(id=13, application=1, status="active"),
    Res(id=21, application=2, status="active"),
    Res(id=22, application=2, status="active"),
)


def by_id(changes: tuple[Change, ...]) -> dict[int, tuple[str, int | None]]:
    return {c.reservation: (c.status, c.held_by) for c in changes}


# --- making an offer ------------------------------------------------------------------------------------

MAKE_CASES = [
    # (name, offered ids, application statuses, expected changes, expected moves)
    (
        "one child: its other wishes pause",
        {11},
        {1: "reserved"},
        {11: ("offered", OFFER), 12: ("paused", OFFER), 13: ("paused", OFFER)},
        [Move(1, "reserved", "offered", "provider")],
    ),
    (
        "after a decline the child is still in the allocation",
        {12},
        {1: "declined"},
        {12: ("offered", OFFER), 11: ("paused", OFFER), 13: ("paused", OFFER)},
        [Move(1, "declined", "offered", "provider")],
    ),
    (
        "siblings together: both families of wishes pause",
        {11, 21},
        {1: "reserved", 2: "reserved"},
        {
            11: ("offered", OFFER),
            21: ("offered", OFFER),
            12: ("paused", OFFER),
            13: ("paused", OFFER),
            22: ("paused", OFFER),
        },
        [Move(1, "reserved", "offered", "provider"), Move(2, "reserved", "offered", "provider")],
    ),
]


@pytest.mark.parametrize(
    ("name", "offered", "apps", "changes", "moves"), MAKE_CASES, ids=[c[0] for c in MAKE_CASES]
)
def test_make_offer(
    name: str, offered: set[int], apps: dict[int, str], changes: dict, moves: list[Move]
) -> None:
    family = [r for r in FAMILY_START if r.application in apps]
    plan = rules.make_offer(OFFER, offered, family, apps)
    assert plan.offer_status == "open"
    assert by_id(plan.reservations) == changes
    assert list(plan.applications) == moves


def test_make_offer_leaves_finished_wishes_alone() -> None:
    family = [
        Res(id=11, application=1, status="active"),
        Res(id=12, application=1, status="declined", held_by=5),
        Res(id=13, application=1, status="lapsed", held_by=6),
    ]
    plan = rules.make_offer(OFFER, {11}, family, {1: "declined"})
    assert by_id(plan.reservations) == {11: ("offered", OFFER)}


MAKE_REFUSALS = [
    ("nothing chosen", set(), {1: "reserved"}, "unknown"),
    ("unknown reservation", {99}, {1: "reserved"}, "unknown"),
    ("two wishes of one child", {11, 12}, {1: "reserved"}, "one_per_application"),
    ("not confirmed yet", {11}, {1: "submitted"}, "application_status"),
    ("already offered elsewhere", {11}, {1: "offered"}, "application_status"),
    ("withdrawn by the parent", {11}, {1: "withdrawn"}, "application_status"),
    ("accepted elsewhere", {11}, {1: "accepted"}, "application_status"),
]


@pytest.mark.parametrize(
    ("name", "offered", "apps", "code"), MAKE_REFUSALS, ids=[c[0] for c in MAKE_REFUSALS]
)
def test_make_offer_refused(name: str, offered: set[int], apps: dict[int, str], code: str) -> None:
    family = [r for r in FAMILY_START if r.application == 1]
    with pytest.raises(RuleError) as raised:
        rules.make_offer(OFFER, offered, family, apps)
    assert raised.value.code == code


def test_a_reservation_that_is_not_active_cannot_be_offered() -> None:
    family = [
        Res(id=11, application=1, status="paused", held_by=3),
        Res(id=12, application=1, status="offered", held_by=3),
    ]
    with pytest.raises(RuleError) as raised:
        rules.make_offer(OFFER, {11}, family, {1: "reserved"})
    assert raised.value.code == "not_active"


# --- events on an open or accepted offer -----------------------------------------------------------------


def offered_family(*apps: int) -> list[Res]:
    """The state after an offer for reservation 11 (and 21 for the sibling): the rest paused by it."""
    state = [
        Res(id=11, application=1, status="offered", held_by=OFFER),
        Res(id=12, application=1, status="paused", held_by=OFFER),
        Res(id=13, application=1, status="declined", held_by=7),  # an earlier offer, declined: stays
        Res(id=21, application=2, status="offered", held_by=OFFER),
        Res(id=22, application=2, status="paused", held_by=OFFER),
    ]
    return [r for r in state if r.application in apps]


def accepted_family(*apps: int) -> list[Res]:
    state = [
        Res(id=11, application=1, status="accepted", held_by=OFFER),
        Res(id=12, application=1, status="withdrawn", held_by=OFFER),
        Res(id=13, application=1, status="declined", held_by=7),
        Res(id=14, application=1, status="withdrawn", held_by=None),  # withdrawn for another reason: stays
        Res(id=21, application=2, status="accepted", held_by=OFFER),
        Res(id=22, application=2, status="withdrawn", held_by=OFFER),
    ]
    return [r for r in state if r.application in apps]


CLOSE_CASES = [
    # (event, offer status, state, application statuses, items,
    #  expected offer status, contract, reservation changes, application moves)
    (
        "accept",
        "open",
        offered_family(1),
        {1: "offered"},
        {11},
        "accepted",
        "",
        {11: ("accepted", OFFER), 12: ("withdrawn", OFFER)},
        [Move(1, "offered", "accepted", "parent")],
    ),
    (
        "decline",
        "open",
        offered_family(1),
        {1: "offered"},
        {11},
        "declined",
        "",
        {11: ("declined", OFFER), 12: ("active", None)},
        [Move(1, "offered", "declined", "parent")],
    ),
    (
        "lapse",
        "open",
        offered_family(1),
        {1: "offered"},
        {11},
        "lapsed",
        "",
        {11: ("lapsed", OFFER), 12: ("active", None)},
        [Move(1, "offered", "reserved", "system")],
    ),
    (
        "withdraw",
        "open",
        offered_family(1),
        {1: "offered"},
        {11},
        "withdrawn",
        "",
        {11: ("active", None), 12: ("active", None)},
        [Move(1, "offered", "reserved", "provider")],
    ),
    (
        "contract",
        "accepted",
        accepted_family(1),
        {1: "accepted"},
        {11},
        "accepted",
        "contracted",
        {11: ("contracted", OFFER)},
        [Move(1, "accepted", "contracted", "provider")],
    ),
    (
        "no_contract",
        "accepted",
        accepted_family(1),
        {1: "accepted"},
        {11},
        "accepted",
        "none",
        {11: ("withdrawn", OFFER), 12: ("active", None)},
        [Move(1, "accepted", "reserved", "provider")],
    ),
    # Siblings offered together are answered together.
    (
        "accept",
        "open",
        offered_family(1, 2),
        {1: "offered", 2: "offered"},
        {11, 21},
        "accepted",
        "",
        {
            11: ("accepted", OFFER),
            12: ("withdrawn", OFFER),
            21: ("accepted", OFFER),
            22: ("withdrawn", OFFER),
        },
        [Move(1, "offered", "accepted", "parent"), Move(2, "offered", "accepted", "parent")],
    ),
    (
        "decline",
        "open",
        offered_family(1, 2),
        {1: "offered", 2: "offered"},
        {11, 21},
        "declined",
        "",
        {11: ("declined", OFFER), 12: ("active", None), 21: ("declined", OFFER), 22: ("active", None)},
        [Move(1, "offered", "declined", "parent"), Move(2, "offered", "declined", "parent")],
    ),
    (
        "lapse",
        "open",
        offered_family(1, 2),
        {1: "offered", 2: "offered"},
        {11, 21},
        "lapsed",
        "",
        {11: ("lapsed", OFFER), 12: ("active", None), 21: ("lapsed", OFFER), 22: ("active", None)},
        [Move(1, "offered", "reserved", "system"), Move(2, "offered", "reserved", "system")],
    ),
    (
        "no_contract",
        "accepted",
        accepted_family(1, 2),
        {1: "accepted", 2: "accepted"},
        {11, 21},
        "accepted",
        "none",
        {11: ("withdrawn", OFFER), 12: ("active", None), 21: ("withdrawn", OFFER), 22: ("active", None)},
        [Move(1, "accepted", "reserved", "provider"), Move(2, "accepted", "reserved", "provider")],
    ),
    # The parent withdrew one child's demand notice while the sibling offer was open: only the other child
    # takes part; the withdrawn child's open reservations end.
    (
        "accept",
        "open",
        offered_family(1, 2),
        {1: "offered", 2: "withdrawn"},
        {11, 21},
        "accepted",
        "",
        {
            11: ("accepted", OFFER),
            12: ("withdrawn", OFFER),
            21: ("withdrawn", OFFER),
            22: ("withdrawn", OFFER),
        },
        [Move(1, "offered", "accepted", "parent")],
    ),
    # Every child's demand notice was withdrawn: the offer still lapses, nothing else moves.
    (
        "lapse",
        "open",
        offered_family(1),
        {1: "withdrawn"},
        {11},
        "lapsed",
        "",
        {11: ("withdrawn", OFFER), 12: ("withdrawn", OFFER)},
        [],
    ),
]


@pytest.mark.parametrize(
    ("event", "offer_status", "state", "apps", "items", "after", "contract", "changes", "moves"),
    CLOSE_CASES,
    ids=[f"{c[0]}-{len(c[4])}-{'-'.join(c[3].values())}" for c in CLOSE_CASES],
)
def test_close(
    event: str,
    offer_status: str,
    state: list[Res],
    apps: dict[int, str],
    items: set[int],
    after: str,
    contract: str,
    changes: dict,
    moves: list[Move],
) -> None:
    plan = rules.close(event, OFFER, offer_status, "", items, state, apps)  # type: ignore[arg-type]
    assert plan.offer_status == after
    assert plan.contract == contract
    assert by_id(plan.reservations) == changes
    assert list(plan.applications) == moves


CLOSE_REFUSALS = [
    # (event, offer status, contract, application statuses, code)
    ("accept", "accepted", "", {1: "accepted"}, "offer_status"),
    ("accept", "declined", "", {1: "declined"}, "offer_status"),
    ("decline", "lapsed", "", {1: "reserved"}, "offer_status"),
    ("lapse", "accepted", "", {1: "accepted"}, "offer_status"),
    ("withdraw", "withdrawn", "", {1: "reserved"}, "offer_status"),
    ("contract", "open", "", {1: "offered"}, "offer_status"),
    ("contract", "accepted", "contracted", {1: "contracted"}, "offer_status"),
    ("no_contract", "accepted", "none", {1: "reserved"}, "offer_status"),
    ("contract", "accepted", "", {1: "withdrawn"}, "application_status"),
    ("accept", "open", "", {1: "withdrawn"}, "application_status"),
    ("decline", "open", "", {1: "withdrawn"}, "application_status"),
    # The application moved on although the offer looks open: someone else was faster.
    ("accept", "open", "", {1: "reserved"}, "application_status"),
]


@pytest.mark.parametrize(("event", "offer_status", "contract", "apps", "code"), CLOSE_REFUSALS)
def test_close_refused(event: str, offer_status: str, contract: str, apps: dict[int, str], code: str) -> None:
    state = offered_family(1) if offer_status == "open" else accepted_family(1)
    with pytest.raises(RuleError) as raised:
        rules.close(event, OFFER, offer_status, contract, {11}, state, apps)  # type: ignore[arg-type]
    assert raised.value.code == code


def test_every_planned_move_is_allowed_by_the_status_table() -> None:
    for event, rule in rules.EVENTS.items():
        assert can("kita", *rule.application, rule.actor), event
    for source in rules.OFFERABLE:
        assert can("kita", source, "offered", "provider")


def test_retire_withdraws_what_is_open_of_ended_applications() -> None:
    state = [
        Res(id=1, application=1, status="active"),
        Res(id=2, application=1, status="paused", held_by=4),
        Res(id=3, application=1, status="declined", held_by=3),
        Res(id=4, application=2, status="active"),
        Res(id=5, application=3, status="offered", held_by=4),
    ]
    changes = rules.retire(state, {1: "withdrawn", 2: "reserved", 3: "rejected"})
    assert by_id(changes) == {1: ("withdrawn", None), 2: ("withdrawn", 4), 5: ("withdrawn", 4)}


def test_statuses_are_known() -> None:
    for rule in rules.EVENTS.values():
        assert set(rule.offer) <= set(rules.OFFER_STATUSES)
        assert set(rule.offered) | set(rule.others or ()) <= set(rules.RESERVATION_STATUSES)
        assert rule.contract in ("", "contracted", "none")
