"""One table of Elterngeld month plans with the rules each breaks, shared by the rules' unit tests
(test_elterngeld_plan.py) and the Python/JavaScript parity test (test_elterngeld_parity.py), both in this folder.

A plan is written as a small text per parent: "basis:1-12 plus:15,17-18" (kind:months, months as
comma-separated numbers and ranges).
"""

from __future__ import annotations

from typing import NamedTuple

from server.applications.catalogue.elterngeld.plan import Plan


def months(spec: str) -> list[int]:
    found: list[int] = []
    for part in spec.split(","):
        first, _sep, last = part.partition("-")
        found.extend(range(int(first), int(last or first) + 1))
    return found


def cells(a: str = "", b: str = "") -> Plan:
    plan: Plan = {}
    for parent, spec in (("a", a), ("b", b)):
        for item in spec.split():
            kind, _sep, when = item.partition(":")
            for month in months(when):
                plan[(month, parent)] = kind
    return plan


def raw(plan: Plan, field_id: str = "plan") -> dict[str, str]:
    """The form values a plan is posted as: every cell of both parents, "" for "kein"."""
    values = {f"{field_id}-{m}-{p}": "" for m in range(1, 33) for p in ("a", "b")}
    values.update({f"{field_id}-{m}-{p}": kind for (m, p), kind in plan.items()})
    return values


class Case(NamedTuple):
    id: str
    a: str
    b: str
    expected: list[str]
    single: bool = False
    first_paid: int = 1

    @property
    def plan(self) -> Plan:
        return cells(self.a, self.b)


CASES: list[Case] = [
    Case("empty", "", "", ["none_a"]),
    Case("only-other-parent", "", "basis:1-12", ["none_a"]),
    Case("twelve-basis", "basis:1-12", "", []),
    Case("twelve-and-two-partner-months", "basis:1-12", "basis:13-14", []),
    Case("thirteen-for-one-parent", "basis:1-13", "", ["too_many"]),
    Case("fourteen-for-one-parent-and-plus", "basis:1-14", "plus:15-16", ["too_many", "too_many_together"]),
    Case("basis-after-14-and-too-many", "basis:1-12", "basis:13-15", ["basis_late", "too_many_together"]),
    Case("single-fourteen", "basis:1-14", "", [], single=True),
    Case("single-fourteen-and-a-half", "basis:1-14 plus:15", "", ["too_many"], single=True),
    Case("single-ignores-other-column", "basis:1-12", "basis:1-12", [], single=True),
    Case("single-basis-late", "basis:15-16", "", ["basis_late"], single=True),
    Case("one-month-only", "basis:1", "", ["min_months"]),
    Case("other-parent-one-month", "basis:1-12", "plus:15", ["min_months"]),
    Case("plus-24-months", "plus:1-24", "", []),
    Case("plus-for-both-to-28", "plus:1-24", "plus:25-28", []),
    Case("gap-at-15", "plus:1-14,16-20", "", ["gap"]),
    Case("gap-at-15-and-16", "basis:1-10 plus:17-18", "", ["gap"]),
    Case("gap-filled-by-other-parent", "basis:1-10 plus:16-17", "basis:11-12 plus:15", []),
    Case("later-plus-too-many", "basis:1-5 plus:15-32", "", ["too_many"]),
    Case("parallel-basis-two-months", "basis:1-12", "basis:1-2", ["parallel_basis"]),
    Case("parallel-basis-one-month", "basis:1-12", "basis:1,13", []),
    Case("parallel-basis-after-12", "basis:1-2,13", "basis:13-14", ["parallel_basis_late"]),
    Case("bonus-both", "basis:1-10 bonus:15-16", "basis:11-12 bonus:15-16", []),
    Case("bonus-in-first-year", "basis:1-10 bonus:11-12", "bonus:11-12 basis:13-14", []),
    Case("bonus-alone", "basis:1-12 bonus:15-16", "bonus:15", ["min_months", "bonus_alone"]),
    Case("bonus-five-months", "basis:1-12 bonus:15-19", "basis:13-14 bonus:15-19", ["bonus_length"]),
    Case(
        "bonus-split", "basis:1-12 bonus:15-16,18-19", "basis:13-14 bonus:15-16,18-19", ["bonus_split", "gap"]
    ),
    Case("single-bonus-one-month", "basis:1-12 bonus:15", "", ["bonus_length"], single=True),
    Case("single-bonus-alone-is-fine", "basis:1-12 bonus:15-16", "", [], single=True),
    Case("retro-warning", "basis:1-12", "", ["retro"], first_paid=4),
    Case("retro-only-own-months", "basis:4-12", "basis:1-3", [], first_paid=4),
    Case(
        "everything-wrong",
        "basis:1-13,15 bonus:20",
        "basis:1-3,13 bonus:21",
        [
            "basis_late",
            "too_many",
            "too_many_together",
            "parallel_basis_late",
            "parallel_basis",
            "bonus_alone",
            "gap",
            "retro",
        ],
        first_paid=3,
    ),
]
