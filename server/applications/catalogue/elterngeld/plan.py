"""The Elterngeld month plan and its rules - pure functions, no request, no database.

A plan says which parent takes which kind of Elterngeld in which Lebensmonat of the child: cells
(life month 1-32, parent) -> "basis" | "plus" | "bonus"; parent "a" is the applicant, "b" the other parent.
The raw form keys are `<field id>-<month>-<parent>` (e.g. `plan-3-a`), an empty value is "kein Elterngeld".

The rules (BEEG §§ 4, 4b, 4c and 7 for births from 1 April 2024; DOMAIN.md §5 [G5][G6][G10][G12][G14];
familienportal.nrw "Elterngeld planen"; wuppertal.de "Elterngeld: Partnerschaftsbonus"):

* Basiselterngeld only in the Lebensmonate 1 to 14; ElterngeldPlus and the Partnerschaftsbonus also later,
  up to Lebensmonat 32.
* The amounts are counted in Basis months: one ElterngeldPlus month counts as half. One parent takes at most
  12, both together at most 14 (12 + 2 Partnermonate), a single parent at most 14 (§ 4c). A month in which
  both parents take Basiselterngeld uses two. The Partnerschaftsbonus comes on top.
* A parent who takes Elterngeld takes it for at least 2 Lebensmonate.
* Both parents at the same time with Basiselterngeld: at most one Lebensmonat, and only in the Lebensmonate
  1 to 12 (births from 1 April 2024).
* Partnerschaftsbonus (§ 4b, births from 1 September 2021): both parents at the same time (a single parent
  alone), 2 to 4 Lebensmonate in a row, 24 to 32 hours of work a week (the hours are checked in the step
  after the plan, hooks.py).
* From Lebensmonat 15 on there must be no gap: in every Lebensmonat up to the last one planned, at least one
  parent takes ElterngeldPlus or the bonus.
* A warning, not an error: Elterngeld is paid back for at most the three Lebensmonate before the one in
  which the application arrives (§ 7 Abs. 1); earlier months of the applicant are not paid.

Simplified on purpose (the planner's help text says so): the Partnermonate are assumed to come with a loss
of income; the exceptions for premature and multiple births and disabled children (more simultaneous Basis
months) are not modelled; months with maternity pay count as the mother's Basis months, which is only a
warning (hooks.py, Lebensmonate 1 and 2); Lebensmonate are counted in whole calendar months from the
birthday (month ends are not adjusted as § 188 BGB would).

The browser runs the same rules while the parent plans (frontend/static/js/widgets/elterngeld-plan.js);
tests/unit/applications/services/test_elterngeld_parity.py keeps both equal on one table of plans,
messages and summaries included.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping

import msgspec

from server.web.i18n import _

KINDS = ("basis", "plus", "bonus")
PARENTS = ("a", "b")
LAST_MONTH = 32
BASIS_LAST_MONTH = 14
PARALLEL_BASIS_LAST_MONTH = 12
MAX_PARALLEL_BASIS = 1
MIN_MONTHS = 2
BONUS_MIN, BONUS_MAX = 2, 4
# Amounts of Basiselterngeld in halves (an ElterngeldPlus month is one half).
PARENT_HALVES = 24
SINGLE_HALVES = 28
TOGETHER_HALVES = 28
RETRO_MONTHS = 3

Cell = tuple[int, str]
Plan = dict[Cell, str]
RawValues = Mapping[str, "str | list[str]"]

_CELL = re.compile(r"([1-9][0-9]?)-([ab])")


class Problem(msgspec.Struct, frozen=True, kw_only=True):
    """A broken rule: `code` names it; the other fields fill its message. `n` and `limit` are halves of
    Basis months for the budgets, a number of months otherwise."""

    code: str
    parent: str = ""
    months: tuple[int, ...] = ()
    n: int = 0
    limit: int = 0
    warning: bool = False


def read(values: RawValues, field_id: str) -> tuple[Plan, bool]:
    """The plan in a draft's raw values, and whether any of its keys or values was not a valid cell."""
    plan: Plan = {}
    invalid = False
    prefix = field_id + "-"
    for key, raw in values.items():
        if not key.startswith(prefix):
            continue
        value = (raw[0] if raw else "") if isinstance(raw, list) else raw
        value = value.strip()
        if not value:
            continue
        match = _CELL.fullmatch(key[len(prefix) :])
        if match is None or int(match.group(1)) > LAST_MONTH or value not in KINDS:
            invalid = True
            continue
        plan[(int(match.group(1)), match.group(2))] = value
    return plan, invalid


def parents_of(single: bool) -> tuple[str, ...]:
    return ("a",) if single else PARENTS


def applicable(plan: Plan, single: bool) -> Plan:
    """A single parent plans only their own months: the other parent's cells do not count."""
    parents = parents_of(single)
    return {cell: kind for cell, kind in plan.items() if cell[1] in parents}


def months_of(plan: Plan, parent: str, kinds: Iterable[str] = KINDS) -> list[int]:
    wanted = set(kinds)
    return sorted(m for (m, p), kind in plan.items() if p == parent and kind in wanted)


def runs(months: Iterable[int]) -> list[list[int]]:
    """Consecutive months grouped: [1, 2, 3, 7] -> [[1, 2, 3], [7]]."""
    groups: list[list[int]] = []
    for month in sorted(set(months)):
        if groups and groups[-1][-1] == month - 1:
            groups[-1].append(month)
        else:
            groups.append([month])
    return groups


def halves(plan: Plan, parent: str) -> int:
    return 2 * len(months_of(plan, parent, ("basis",))) + len(months_of(plan, parent, ("plus",)))


def check(plan: Plan, *, single: bool, first_paid: int = 1) -> list[Problem]:
    """Every broken rule of the plan, in a fixed order (the browser shows them in the same order)."""
    parents = parents_of(single)
    cells = applicable(plan, single)
    problems: list[Problem] = []
    if not months_of(cells, "a"):
        problems.append(Problem(code="none_a"))
    for parent in parents:
        late = [m for m in months_of(cells, parent, ("basis",)) if m > BASIS_LAST_MONTH]
        if late:
            problems.append(Problem(code="basis_late", parent=parent, months=tuple(late)))
    for parent in parents:
        taken = len(months_of(cells, parent))
        if 0 < taken < MIN_MONTHS:
            problems.append(Problem(code="min_months", parent=parent, n=taken))
    limit = SINGLE_HALVES if single else PARENT_HALVES
    used = {parent: halves(cells, parent) for parent in parents}
    for parent in parents:
        if used[parent] > limit:
            problems.append(Problem(code="too_many", parent=parent, n=used[parent], limit=limit))
    if not single and sum(used.values()) > TOGETHER_HALVES:
        problems.append(Problem(code="too_many_together", n=sum(used.values()), limit=TOGETHER_HALVES))
    if not single:
        both = sorted(set(months_of(cells, "a", ("basis",))) & set(months_of(cells, "b", ("basis",))))
        late = [m for m in both if m > PARALLEL_BASIS_LAST_MONTH]
        if late:
            problems.append(Problem(code="parallel_basis_late", months=tuple(late)))
        early = [m for m in both if m <= PARALLEL_BASIS_LAST_MONTH]
        if len(early) > MAX_PARALLEL_BASIS:
            problems.append(Problem(code="parallel_basis", months=tuple(early)))
        alone = sorted(set(months_of(cells, "a", ("bonus",))) ^ set(months_of(cells, "b", ("bonus",))))
        if alone:
            problems.append(Problem(code="bonus_alone", months=tuple(alone)))
    bonus = sorted({m for parent in parents for m in months_of(cells, parent, ("bonus",))})
    if bonus:
        if len(runs(bonus)) > 1:
            problems.append(Problem(code="bonus_split", months=tuple(bonus)))
        elif not BONUS_MIN <= len(bonus) <= BONUS_MAX:
            problems.append(Problem(code="bonus_length", n=len(bonus)))
    later = sorted({m for (m, _p) in cells if m > BASIS_LAST_MONTH})
    if later:
        missing = [m for m in range(BASIS_LAST_MONTH + 1, later[-1] + 1) if m not in later]
        if missing:
            problems.append(Problem(code="gap", months=tuple(missing)))
    if first_paid > 1:
        past = [m for m in months_of(cells, "a") if m < first_paid]
        if past:
            problems.append(Problem(code="retro", parent="a", months=tuple(past), warning=True))
    return problems


# --- dates -----------------------------------------------------------------------------------------------
def life_month(birth: dt.date, on: dt.date) -> int:
    """The child's Lebensmonat on a day (1 from the birthday; 0 before the birth). Vereinfacht: whole
    calendar months from the birthday."""
    whole = (on.year - birth.year) * 12 + on.month - birth.month - (1 if on.day < birth.day else 0)
    return whole + 1 if on >= birth else 0


def first_paid_month(birth: dt.date | None, today: dt.date) -> int:
    """The earliest Lebensmonat still paid if the application arrives today (§ 7 Abs. 1 BEEG: back for the
    three Lebensmonate before the one in which it arrives); 1 before the birth."""
    if birth is None or today < birth:
        return 1
    return max(1, life_month(birth, today) - RETRO_MONTHS)


# --- German text -----------------------------------------------------------------------------------------
def count_text(n: int) -> str:
    return _("1 Monat") if n == 1 else _("{n} Monate").format(n=n)


def halves_text(n: int) -> str:
    """Halves of months as German text: 25 -> "12,5"."""
    return f"{n // 2},5" if n % 2 else str(n // 2)


def join_words(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " " + _("und") + " " + words[-1]


def months_text(months: Iterable[int], dative: bool = False) -> str:
    """[3] -> "Lebensmonat 3"; [1, 3, 4, 5, 9] -> "Lebensmonate 1, 3 bis 5 und 9" ("Lebensmonaten …" after
    "in")."""
    ordered = sorted(set(months))
    words: list[str] = []
    for group in runs(ordered):
        if len(group) >= 3:
            words.append(_("{first} bis {last}").format(first=group[0], last=group[-1]))
        else:
            words.extend(str(m) for m in group)
    if len(ordered) == 1:
        return _("Lebensmonat {months}").format(months=words[0])
    if dative:
        return _("Lebensmonaten {months}").format(months=join_words(words))
    return _("Lebensmonate {months}").format(months=join_words(words))


def labels(name_a: str = "", name_b: str = "") -> dict[str, str]:
    return {"a": name_a.strip() or _("Sie"), "b": name_b.strip() or _("Anderer Elternteil")}


def messages() -> dict[str, str]:
    """The German message of each rule (placeholders: parent, months, in_months - the months after "in" -,
    n, limit, count)."""
    return {
        "none_a": _(
            "Bitte planen Sie mindestens zwei Lebensmonate, in denen Sie selbst Elterngeld beziehen."
        ),
        "basis_late": _(
            "{parent}: Basiselterngeld gibt es nur in den Lebensmonaten 1 bis 14. Bitte wählen Sie für "
            "{months} ElterngeldPlus oder den Partnerschaftsbonus."
        ),
        "min_months": _(
            "{parent}: Elterngeld gibt es nur für mindestens 2 Lebensmonate – geplant ist {count}."
        ),
        "too_many": _(
            "{parent}: höchstens {limit} Monate Basiselterngeld – geplant sind {n} (ein Monat ElterngeldPlus "
            "zählt halb)."
        ),
        "too_many_together": _(
            "Beide Eltern zusammen: höchstens {limit} Monate Basiselterngeld (12 Monate und 2 Partnermonate) – "
            "geplant sind {n} (ein Monat ElterngeldPlus zählt halb)."
        ),
        "parallel_basis_late": _(
            "Basiselterngeld für beide Eltern gleichzeitig gibt es nur in den Lebensmonaten 1 bis 12 – nicht "
            "in {in_months}."
        ),
        "parallel_basis": _(
            "Basiselterngeld für beide Eltern gleichzeitig gibt es höchstens in einem Lebensmonat – geplant "
            "in {in_months}."
        ),
        "bonus_alone": _(
            "Den Partnerschaftsbonus gibt es nur für beide Eltern gleichzeitig. Bitte wählen Sie in {in_months} "
            "bei beiden „Bonus“."
        ),
        "bonus_split": _(
            "Die Monate mit Partnerschaftsbonus müssen direkt aufeinander folgen – geplant in {in_months}."
        ),
        "bonus_length": _("Den Partnerschaftsbonus gibt es für 2 bis 4 Monate am Stück – geplant: {count}."),
        "gap": _(
            "Ab Lebensmonat 15 muss ohne Lücke mindestens ein Elternteil ElterngeldPlus oder den "
            "Partnerschaftsbonus beziehen. Lücke: {months}."
        ),
        "retro": _(
            "{parent}: Für {months} wird kein Elterngeld mehr gezahlt – rückwirkend nur für die letzten 3 "
            "Lebensmonate vor dem Monat, in dem der Antrag eingeht."
        ),
    }


def message(problem: Problem, names: Mapping[str, str]) -> str:
    return messages()[problem.code].format(
        parent=names.get(problem.parent, ""),
        months=months_text(problem.months) if problem.months else "",
        in_months=months_text(problem.months, dative=True) if problem.months else "",
        n=halves_text(problem.n) if problem.code.startswith("too_many") else str(problem.n),
        limit=halves_text(problem.limit),
        count=count_text(problem.n),
    )


def kind_titles() -> dict[str, str]:
    return {"basis": _("Basiselterngeld"), "plus": _("ElterngeldPlus"), "bonus": _("Partnerschaftsbonus")}


def counts(plan: Plan, parent: str) -> dict[str, int]:
    return {kind: len(months_of(plan, parent, (kind,))) for kind in KINDS}


def summary(plan: Plan, *, single: bool, names: Mapping[str, str]) -> list[str]:
    """The running summary under the planner: months of each kind per parent, and the Basis amounts used."""
    parents = parents_of(single)
    cells = applicable(plan, single)
    per = {parent: counts(cells, parent) for parent in parents}
    titles = kind_titles()
    lines = []
    for kind in KINDS:
        if single:
            lines.append(_("{kind}: {count}.").format(kind=titles[kind], count=count_text(per["a"][kind])))
        else:
            parts = [f"{names[p]} {count_text(per[p][kind])}" for p in parents]
            lines.append(_("{kind}: {parts}.").format(kind=titles[kind], parts=", ".join(parts)))
    used = sum(halves(cells, p) for p in parents)
    lines.append(
        _(
            "Verplant: {used} von {limit} Monatsbeträgen Basiselterngeld (ein Monat ElterngeldPlus zählt halb)."
        ).format(used=halves_text(used), limit=halves_text(SINGLE_HALVES if single else TOGETHER_HALVES))
    )
    return lines


# --- the plan as an answer -------------------------------------------------------------------------------


class PlanLine(msgspec.Struct, frozen=True, kw_only=True):
    """One parent's months of one kind: stored with the application (JSON), shown as one line of text."""

    parent: str
    name: str
    kind: str
    months: list[int]

    def __str__(self) -> str:
        return _("{name} – {kind}: {months}").format(
            name=self.name, kind=kind_titles()[self.kind], months=months_text(self.months)
        )


def answer(plan: Plan, *, single: bool, names: Mapping[str, str]) -> list[PlanLine]:
    cells = applicable(plan, single)
    return [
        PlanLine(parent=parent, name=names[parent], kind=kind, months=found)
        for parent in parents_of(single)
        for kind in KINDS
        if (found := months_of(cells, parent, (kind,)))
    ]
