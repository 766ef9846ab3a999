"""The parent-fee (Elternbeitrag) rules as pure functions over a tenant's FeeSchedule.

    result = calculate(schedule, FeeHousehold(income=Decimal("45000"), children=(FeeChild(...),)), on=day)

The order of the rules, as the Satzungen and KiBiz apply them:

1. The basis: a family receiving Bürgergeld/SGB II, SGB XII, AsylbLG, Kinderzuschlag or Wohngeld pays
   nothing (with proof); a family that accepts the highest fee, or gives or proves no income, is in the top
   bracket; otherwise the income decides the bracket ("bis X €" bounds are inclusive).
2. Each child's table fee: its care type's table, its age group in that month, its weekly hours.
3. The tenant's sibling rule over the table fees of all children in care. A child in a fee-free year before
   school takes part with the fee it would pay (OVG NRW 12 A 1756/15).
4. The fee-free years (NRW, since 1.8.2020): from 1 August of the year in which the child turns 4 by
   30 September until school starts (by default 1 August of the year in which it turns 6 by 30 September;
   a later, e.g. deferred, school start extends it) the child's fee is 0.

Money is Decimal (euros, two places); explanation lines are German, through gettext.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

import msgspec

from server.dates import add_months
from server.fees.config import KITA_MAX_HOURS, CareType, FeeSchedule, FeeTable
from server.web.i18n import _

CENT = Decimal("0.01")
# NRW: the school year and the Kita year begin on 1 August; the school entry cut-off is 30 September.
YEAR_START = (8, 1)
CUT_OFF = (9, 30)
SCHOOL_AGE = 6


class FeeError(ValueError):
    """The household cannot be priced with this schedule (e.g. a child already at school)."""


class Benefit(StrEnum):
    """Benefits that exempt a family from the fee (with proof)."""

    BUERGERGELD = "sgb2"
    SOZIALHILFE = "sgb12"
    ASYLBLG = "asylblg"
    KINDERZUSCHLAG = "kinderzuschlag"
    WOHNGELD = "wohngeld"


def benefit_label(benefit: Benefit) -> str:
    return {
        Benefit.BUERGERGELD: _("Bürgergeld (SGB II)"),
        Benefit.SOZIALHILFE: _("Sozialhilfe oder Grundsicherung (SGB XII)"),
        Benefit.ASYLBLG: _("Leistungen nach dem Asylbewerberleistungsgesetz"),
        Benefit.KINDERZUSCHLAG: _("Kinderzuschlag"),
        Benefit.WOHNGELD: _("Wohngeld"),
    }[benefit]


def care_label(care: CareType) -> str:
    return {CareType.KITA: _("Kita"), CareType.TAGESPFLEGE: _("Kindertagespflege")}[care]


class Basis(StrEnum):
    """What decided the bracket."""

    INCOME = "income"  # the declared income
    TOP_BRACKET_ACCEPTED = "top_bracket_accepted"  # "Ich akzeptiere den Höchstbeitrag": no proof needed
    NO_PROOF = "no_proof"  # no income given or not proven: the top bracket
    BENEFIT = "benefit"  # exempt: fee 0


class FeeChild(msgspec.Struct, frozen=True, kw_only=True):
    birth_date: dt.date
    care: CareType
    # Booked hours a week; the table's column with the next bound at or above prices it (Kita: 25/35/45).
    weekly_hours: int
    # An explicit school start, e.g. one year later after a deferral; None: the regular start.
    school_start: dt.date | None = None
    # How the explanations name the child, e.g. "1. Kind" or its first name.
    label: str = ""


class FeeHousehold(msgspec.Struct, frozen=True, kw_only=True):
    children: tuple[FeeChild, ...]
    # The family's yearly income in euros as the Satzung defines it; None: not given.
    income: Decimal | None = None
    top_bracket_accepted: bool = False
    benefit: Benefit | None = None
    # Whether the income (or the benefit) is proven. The calculator estimates with True; the income
    # declaration passes False while proofs are missing, which puts the family in the top bracket.
    proven: bool = True


class Bracket(msgspec.Struct, frozen=True):
    index: int
    lower: int | None  # incomes above this (the previous bound); None for the first bracket
    upper: int | None  # up to and including this; None for the open top bracket

    @property
    def label(self) -> str:
        if self.upper is None:
            return _("über {amount}").format(amount=euro(self.lower or 0))
        if self.lower is None:
            return _("bis {amount}").format(amount=euro(self.upper))
        return _("über {lower} bis {upper}").format(lower=euro(self.lower), upper=euro(self.upper))


class ChildFee(msgspec.Struct, frozen=True, kw_only=True):
    child: FeeChild
    label: str
    age_group: str  # the schedule's key, e.g. "u3"
    age_group_label: str  # "unter 3 Jahren"
    care_label: str
    hours_label: str
    table_fee: Decimal  # from the table; the fee the sibling rule works with
    fee: Decimal  # to pay for the month
    free_year: bool
    notes: tuple[str, ...]


class FeeResult(msgspec.Struct, frozen=True, kw_only=True):
    month: dt.date  # the first day of the month priced
    basis: Basis
    bracket: Bracket | None  # None when exempt by a benefit
    children: tuple[ChildFee, ...]
    total: Decimal
    lines: tuple[str, ...]  # the household's rules applied, in German
    proof_needed: str | None  # what the family would have to prove, or None
    valid_from: dt.date
    table_title: str


# --- dates -------------------------------------------------------------------------------------------------
def _by_cut_off(birth: dt.date) -> int:
    """0 if the birthday is on or before 30 September, else 1: the year a birthday counts for."""
    return 0 if (birth.month, birth.day) <= CUT_OFF else 1


def regular_school_start(birth: dt.date) -> dt.date:
    """1 August of the year in which the child turns 6 on or before 30 September (§ 35 SchulG NRW)."""
    return dt.date(birth.year + SCHOOL_AGE + _by_cut_off(birth), *YEAR_START)


def free_years_start(birth: dt.date, years: int = 2) -> dt.date:
    """The first fee-free day: 1 August of the year in which the child turns 6 − `years` on or before
    30 September (with the NRW two years: turns 4 by 30 September)."""
    return dt.date(birth.year + SCHOOL_AGE - years + _by_cut_off(birth), *YEAR_START)


def in_free_years(
    birth: dt.date, month: dt.date, school_start: dt.date | None = None, years: int = 2
) -> bool:
    """Whether the child pays nothing in `month` because it is in a fee-free year before school."""
    school = school_start or regular_school_start(birth)
    return years > 0 and free_years_start(birth, years) <= month < school


def kita_year(day: dt.date) -> int:
    """The calendar year in which the Kita year containing `day` began (1 August)."""
    return day.year if (day.month, day.day) >= YEAR_START else day.year - 1


def age_group(schedule: FeeSchedule, birth: dt.date, month: dt.date) -> str:
    """The age group for `month`: the older one from the month after the birthday at the boundary age."""
    groups = schedule.age_groups
    birthday = add_months(birth, groups.boundary_months)
    return groups.older if month.replace(day=1) > birthday else groups.younger


def age_group_label(schedule: FeeSchedule, group: str) -> str:
    months = schedule.age_groups.boundary_months
    if months % 12 == 0:
        amount = _("{n} Jahren").format(n=months // 12)
    else:
        amount = _("{n} Monaten").format(n=months)
    if group == schedule.age_groups.younger:
        return _("unter {amount}").format(amount=amount)
    return _("ab {amount}").format(amount=amount)


# --- money -------------------------------------------------------------------------------------------------
def euro(amount: Decimal | int) -> str:
    """German notation: "1.250 €", "37,50 €"."""
    value = Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)
    whole, cents = divmod(abs(value) * 100, 100)
    text = f"{int(whole):,}".replace(",", ".")
    if cents:
        text += f",{int(cents):02d}"
    return f"{'-' if value < 0 else ''}{text} €"


def bracket(schedule: FeeSchedule, index: int) -> Bracket:
    bounds = schedule.brackets
    lower = bounds[index - 1] if index > 0 else None
    upper = bounds[index] if index < len(bounds) else None
    return Bracket(index=index, lower=lower, upper=upper)


def hours_label(table: FeeTable, weekly_hours: int, column: int) -> str:
    if column >= len(table.hours):
        return _("mehr als {n} Stunden").format(n=table.hours[-1])
    bound = table.hours[column]
    if weekly_hours == bound:
        return _("{n} Stunden").format(n=bound)
    return _("{n} Stunden (Stufe bis {bound} Stunden)").format(n=weekly_hours, bound=bound)


# --- the calculation -----------------------------------------------------------------------------------------
class _Priced(msgspec.Struct):
    child: FeeChild
    label: str
    group: str
    table: FeeTable
    column: int
    table_fee: Decimal
    free_year: bool
    fee: Decimal = Decimal(0)
    notes: list[str] = []


def _basis(schedule: FeeSchedule, household: FeeHousehold) -> tuple[Basis, int | None, list[str], str | None]:
    """The basis, the bracket index (None when exempt), the household's lines and the proof needed."""
    top = schedule.top_bracket
    top_label = bracket(schedule, top).label
    if household.benefit is not None:
        name = benefit_label(household.benefit)
        if household.proven:
            return (
                Basis.BENEFIT,
                None,
                [
                    _("Beitragsfrei: Ihre Familie bezieht {benefit}. Dafür ist ein Nachweis nötig.").format(
                        benefit=name
                    )
                ],
                _("den aktuellen Bescheid über {benefit}").format(benefit=name),
            )
        return (
            Basis.NO_PROOF,
            top,
            [
                _("Ohne Nachweis über {benefit} gilt die höchste Einkommensstufe ({bracket}).").format(
                    benefit=name, bracket=top_label
                )
            ],
            None,
        )
    if household.top_bracket_accepted:
        line = _(
            "Sie akzeptieren den Höchstbeitrag: Es gilt die höchste Einkommensstufe ({bracket}). "
            "Einen Einkommensnachweis brauchen Sie dann nicht."
        ).format(bracket=top_label)
        return Basis.TOP_BRACKET_ACCEPTED, top, [line], None
    if household.income is None:
        line = _("Ohne Angabe des Einkommens gilt die höchste Einkommensstufe ({bracket}).")
        return Basis.NO_PROOF, top, [line.format(bracket=top_label)], None
    if household.income < 0:
        raise FeeError("the income must not be negative")
    if not household.proven:
        line = _("Ohne Einkommensnachweis gilt die höchste Einkommensstufe ({bracket}).")
        return Basis.NO_PROOF, top, [line.format(bracket=top_label)], None
    index = schedule.bracket_index(household.income)
    line = _("Einkommensstufe {bracket} (Jahreseinkommen {income}).").format(
        bracket=bracket(schedule, index).label, income=euro(household.income)
    )
    proof = _("Einkommensnachweise, zum Beispiel Lohnabrechnungen oder den Steuerbescheid")
    return Basis.INCOME, index, [line], proof


def _price(schedule: FeeSchedule, child: FeeChild, number: int, month: dt.date, index: int | None) -> _Priced:
    label = child.label or _("{n}. Kind").format(n=number)
    if child.birth_date > month:
        raise FeeError(f"{label}: not born on {month.isoformat()}")
    school = child.school_start or regular_school_start(child.birth_date)
    if month >= school:
        raise FeeError(f"{label}: at school from {school.isoformat()}, no Kita fee")
    if child.care is CareType.KITA and child.weekly_hours > KITA_MAX_HOURS:
        raise FeeError(f"{label}: a Kita books at most {KITA_MAX_HOURS} hours a week")
    table = schedule.table_for(child.care)
    column = table.column_for(child.weekly_hours)
    if column is None:
        raise FeeError(f"{label}: the table has no column for {child.weekly_hours} hours a week")
    group = age_group(schedule, child.birth_date, month)
    free_year = in_free_years(child.birth_date, month, child.school_start, schedule.free_years_before_school)
    if index is None or group in table.free_age_groups:
        table_fee = Decimal(0)
    else:
        table_fee = Decimal(table.fees[group][index][column])
    return _Priced(
        child=child,
        label=label,
        group=group,
        table=table,
        column=column,
        table_fee=table_fee,
        free_year=free_year,
        fee=table_fee,
        notes=[],
    )


def _sibling_rule(schedule: FeeSchedule, priced: list[_Priced]) -> list[str]:
    """Apply the tenant's sibling rule to the table fees (free-year children included); the lines to show."""
    rule = schedule.siblings
    order = sorted(range(len(priced)), key=lambda i: (-priced[i].table_fee, i))
    lines: list[str] = []
    free_child_counted = False
    if rule.rule == "highest_only":
        payer = priced[order[0]]
        lines.append(_("Geschwisterregel: Nur ein Kind zahlt – das Kind mit dem höchsten Beitrag."))
        for p in priced:
            if p is payer or p.table_fee == 0:
                continue
            p.fee = Decimal(0)
            if p.free_year:
                continue  # free anyway: the free-year note explains it
            free_child_counted = free_child_counted or payer.free_year
            p.notes.append(
                _("Geschwisterregel: kein Beitrag – {payer} hat den höheren Beitrag.").format(
                    payer=payer.label
                )
            )
    else:
        percent = rule.percent
        if tuple(percent) == (100, 0):
            lines.append(
                _(
                    "Geschwisterregel: Für das zweite und jedes weitere Kind entfällt der Beitrag; "
                    "es gilt der höhere Beitrag."
                )
            )
        else:
            shares = ", ".join(_("{n}. Kind {p} %").format(n=n + 1, p=p) for n, p in enumerate(percent[:-1]))
            last = _("ab dem {n}. Kind {p} %").format(n=len(percent), p=percent[-1])
            lines.append(
                _("Geschwisterregel nach der Höhe des Beitrags: {shares}.").format(
                    shares=", ".join(s for s in (shares, last) if s)
                )
            )
        for rank, i in enumerate(order):
            p = priced[i]
            share = percent[min(rank, len(percent) - 1)]
            if share == 100 or p.table_fee == 0:
                continue
            p.fee = (p.table_fee * share / 100).quantize(CENT, rounding=ROUND_HALF_UP)
            if p.free_year:
                continue  # free anyway: the free-year note explains it
            free_child_counted = free_child_counted or any(priced[j].free_year for j in order[:rank])
            if share == 0:
                p.notes.append(_("Geschwisterregel: kein Beitrag als {n}. Kind.").format(n=rank + 1))
            else:
                p.notes.append(
                    _("Geschwisterregel: {p} % des Beitrags als {n}. Kind.").format(p=share, n=rank + 1)
                )
    if free_child_counted:
        lines.append(
            _(
                "Ein Kind in einem beitragsfreien Jahr zählt bei der Geschwisterregel mit dem Beitrag, den es "
                "sonst zahlen würde (OVG NRW, 12 A 1756/15)."
            )
        )
    return lines


def _free_year_note(child: FeeChild, month: dt.date) -> str:
    regular = regular_school_start(child.birth_date)
    if child.school_start is not None and child.school_start != regular:
        return _("Beitragsfrei bis zur späteren Einschulung am {date}.").format(
            date=child.school_start.strftime("%d.%m.%Y")
        )
    years_left = regular.year - kita_year(month)
    if years_left == 1:
        return _("Beitragsfrei: letztes Kita-Jahr vor der Schule.")
    if years_left == 2:
        return _("Beitragsfrei: vorletztes Kita-Jahr vor der Schule.")
    return _("Beitragsfrei: Kita-Jahr vor der Schule.")


def calculate(schedule: FeeSchedule, household: FeeHousehold, on: dt.date) -> FeeResult:
    """The monthly fee of every child and the family for the month containing `on`.

    Raises FeeError for a household the schedule cannot price: no children, a month before the table is
    valid, a child not yet born or already at school in that month, or hours the table has no column for.
    """
    month = on.replace(day=1)
    if not household.children:
        raise FeeError("no children to price")
    if month < schedule.valid_from.replace(day=1):
        raise FeeError(f"the table is valid from {schedule.valid_from.isoformat()}")
    basis, index, lines, proof = _basis(schedule, household)
    priced = [_price(schedule, child, n, month, index) for n, child in enumerate(household.children, 1)]
    for p in priced:
        if basis is Basis.BENEFIT:
            continue
        group = age_group_label(schedule, p.group)
        if p.group in p.table.free_age_groups:
            p.notes.append(
                _("Altersgruppe {group}: beitragsfrei nach der Beitragstabelle.").format(group=group)
            )
            continue
        details = {
            "group": group,
            "care": care_label(p.child.care),
            "hours": hours_label(p.table, p.child.weekly_hours, p.column),
            "fee": euro(p.table_fee),
        }
        if p.free_year:
            note = _("Ohne Beitragsfreiheit wären es {fee} im Monat (Altersgruppe {group}, {care}, {hours}).")
        else:
            note = _("Altersgruppe {group}, {care}, {hours}: {fee} im Monat laut Tabelle.")
        p.notes.append(note.format(**details))
    if len(priced) > 1 and basis is not Basis.BENEFIT:
        lines.extend(_sibling_rule(schedule, priced))
    for p in priced:
        if p.free_year:
            p.fee = Decimal(0)
            p.notes.insert(0, _free_year_note(p.child, month))
    children = tuple(
        ChildFee(
            child=p.child,
            label=p.label,
            age_group=p.group,
            age_group_label=age_group_label(schedule, p.group),
            care_label=care_label(p.child.care),
            hours_label=hours_label(p.table, p.child.weekly_hours, p.column),
            table_fee=p.table_fee,
            fee=p.fee,
            free_year=p.free_year,
            notes=tuple(p.notes),
        )
        for p in priced
    )
    return FeeResult(
        month=month,
        basis=basis,
        bracket=None if index is None else bracket(schedule, index),
        children=children,
        total=sum((c.fee for c in children), Decimal(0)),
        lines=tuple(lines),
        proof_needed=proof,
        valid_from=schedule.valid_from,
        table_title=schedule.title,
    )
