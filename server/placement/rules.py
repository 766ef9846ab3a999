"""The offer and acceptance rules, without a database: what an event does to an offer, to the reservations
of the children concerned and to their applications.

tests/unit/placement/test_rules.py checks them as a table. The service (offers.py) loads the state, asks
these functions for a `Plan` and applies it in one transaction; the application's status changes go through
`server.applications.cases.transition`, and every move planned here is one the status table allows.

| event       | actor    | offer           | offered reservation | the child's other reservations     | application         |
|-------------|----------|-----------------|---------------------|------------------------------------|---------------------|
| make        | provider | (new) open      | active → offered    | active → paused                    | reserved/declined → offered |
| accept      | parent   | open → accepted | offered → accepted  | paused → withdrawn                 | offered → accepted  |
| decline     | parent   | open → declined | offered → declined  | paused → active                    | offered → declined  |
| lapse       | system   | open → lapsed   | offered → lapsed    | paused → active                    | offered → reserved  |
| withdraw    | provider | open → withdrawn| offered → active    | paused → active                    | offered → reserved  |
| contract    | provider | accepted (contract "contracted") | accepted → contracted | –               | accepted → contracted |
| no_contract | provider | accepted (contract "none") | accepted → withdrawn | withdrawn (by this offer) → active | accepted → reserved |

Siblings offered together share one offer: every event applies to all of them at once. A child whose
application has ended meanwhile (the parent withdrew it, or it was rejected) takes no part: its open
reservations are withdrawn, and its application is left alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Literal

import msgspec

from server.applications import status as machine

RESERVATION_STATUSES = (
    "active",
    "paused",
    "offered",
    "withdrawn",
    "declined",
    "accepted",
    "lapsed",
    "contracted",
)
OFFER_STATUSES = ("open", "accepted", "declined", "lapsed", "withdrawn")
# Applications whose reservations a provider sees and may make an offer for.
OFFERABLE = ("reserved", "declined")
# Applications that have left the allocation: their reservations are over.
ENDED = ("withdrawn", "rejected")

Event = Literal["accept", "decline", "lapse", "withdraw", "contract", "no_contract"]


class Res(msgspec.Struct, frozen=True, kw_only=True):
    """A reservation as the rules see it."""

    id: int
    application: int
    status: str
    held_by: int | None = None


class Change(msgspec.Struct, frozen=True):
    reservation: int
    status: str
    held_by: int | None


class Move(msgspec.Struct, frozen=True):
    application: int
    source: str
    target: str
    actor: str


class Plan(msgspec.Struct, frozen=True, kw_only=True):
    offer_status: str
    contract: str = ""
    reservations: tuple[Change, ...] = ()
    applications: tuple[Move, ...] = ()


class RuleError(ValueError):
    """The event is not possible in this state; `code` says why (the pages map it to a German text)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class Rule(msgspec.Struct, frozen=True):
    """One row of the table above: (before, after) pairs of statuses."""

    actor: str
    offer: tuple[str, str]
    offered: tuple[str, str]
    # The child's other reservations held by this offer (None: they stay as they are).
    others: tuple[str, str] | None
    application: tuple[str, str]
    contract: str = ""  # the contract status after the event (accepted offers only)


# fmt: off
EVENTS: dict[str, Rule] = {
    "accept":      Rule("parent",   ("open", "accepted"),     ("offered", "accepted"),    ("paused", "withdrawn"), ("offered", "accepted")),
    "decline":     Rule("parent",   ("open", "declined"),     ("offered", "declined"),    ("paused", "active"),    ("offered", "declined")),
    "lapse":       Rule("system",   ("open", "lapsed"),       ("offered", "lapsed"),      ("paused", "active"),    ("offered", "reserved")),
    "withdraw":    Rule("provider", ("open", "withdrawn"),    ("offered", "active"),      ("paused", "active"),    ("offered", "reserved")),
    "contract":    Rule("provider", ("accepted", "accepted"), ("accepted", "contracted"), None,                    ("accepted", "contracted"), "contracted"),
    "no_contract": Rule("provider", ("accepted", "accepted"), ("accepted", "withdrawn"),  ("withdrawn", "active"),  ("accepted", "reserved"),   "none"),
}
# fmt: on

# After these the reservation is no longer held by the offer (it is free again).
_RELEASED = {"active"}


def _allowed(move: Move) -> None:
    if not machine.can("kita", move.source, move.target, move.actor):
        raise RuleError("transition")  # a mistake in this table, caught by the tests


def make_offer(
    offer_id: int,
    offered: Iterable[int],
    reservations: Sequence[Res],
    application_status: Mapping[int, str],
) -> Plan:
    """An offer for the reservations `offered` (one per child). `reservations` are all reservations of the
    applications concerned."""
    wanted = set(offered)
    chosen = [r for r in reservations if r.id in wanted]
    if not wanted or len(chosen) != len(wanted):
        raise RuleError("unknown")
    applications = [r.application for r in chosen]
    if len(set(applications)) != len(applications):
        raise RuleError("one_per_application")
    if any(r.status != "active" for r in chosen):
        raise RuleError("not_active")
    if any(application_status.get(a) not in OFFERABLE for a in applications):
        raise RuleError("application_status")
    changes = [Change(r.id, "offered", offer_id) for r in chosen]
    changes += [
        Change(r.id, "paused", offer_id)
        for r in reservations
        if r.application in applications and r.id not in wanted and r.status == "active"
    ]
    moves = [Move(a, application_status[a], "offered", "provider") for a in sorted(applications)]
    for move in moves:
        _allowed(move)
    return Plan(offer_status="open", reservations=tuple(changes), applications=tuple(moves))


def close(
    event: Event,
    offer_id: int,
    offer_status: str,
    contract: str,
    items: Iterable[int],
    reservations: Sequence[Res],
    application_status: Mapping[int, str],
) -> Plan:
    """What `event` does to the offer `offer_id` (with the reservations `items`). `reservations` are all
    reservations of the applications concerned."""
    rule = EVENTS[event]
    actor, contract_after, others = rule.actor, rule.contract, rule.others
    (offer_before, offer_after), (res_before, res_after) = rule.offer, rule.offered
    app_before, app_after = rule.application
    if offer_status != offer_before or (offer_before == "accepted" and contract):
        raise RuleError("offer_status")
    item_ids = set(items)
    offered = [r for r in reservations if r.id in item_ids]
    if len(offered) != len(item_ids):
        raise RuleError("unknown")
    live = [r for r in offered if application_status.get(r.application) not in ENDED]
    ended = {r.application for r in offered} - {r.application for r in live}
    if not live and event not in ("lapse", "withdraw"):
        raise RuleError("application_status")
    if any(r.status != res_before or application_status.get(r.application) != app_before for r in live):
        raise RuleError("application_status")
    changes: list[Change] = []
    for r in live:
        changes.append(Change(r.id, res_after, None if res_after in _RELEASED else offer_id))
    live_apps = {r.application for r in live}
    for r in reservations:
        if r.id in item_ids:
            continue
        if r.application in live_apps and others and r.status == others[0] and r.held_by == offer_id:
            changes.append(Change(r.id, others[1], None if others[1] in _RELEASED else offer_id))
    for r in reservations:
        # A child whose application ended meanwhile: whatever is still open of it is over.
        if r.application in ended and r.status in ("active", "paused", "offered"):
            changes.append(Change(r.id, "withdrawn", r.held_by))
    moves = [Move(a, app_before, app_after, actor) for a in sorted(live_apps)]
    for move in moves:
        _allowed(move)
    return Plan(
        offer_status=offer_after,
        contract=contract_after,
        reservations=tuple(changes),
        applications=tuple(moves),
    )


def retire(reservations: Sequence[Res], application_status: Mapping[int, str]) -> tuple[Change, ...]:
    """Reservations still open although their application has ended (withdrawn by the parent, rejected):
    they are withdrawn."""
    return tuple(
        Change(r.id, "withdrawn", r.held_by)
        for r in reservations
        if application_status.get(r.application) in ENDED and r.status in ("active", "paused", "offered")
    )
