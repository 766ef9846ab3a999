"""Unterhaltsvorschuss amounts: per calendar year and age group, from `amounts.toml` beside this module.

The file is read and checked when the module is imported (that is, when the catalogue loads at start-up):
a broken file stops the portal's start with the file and the problem named.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import msgspec

from server.applications.conditions import age_in_years
from server.applications.registry import DefinitionError
from server.dates import add_months
from server.web.i18n import _

# --- the amounts -------------------------------------------------------------------------------------------
AMOUNTS_FILE = Path(__file__).with_name("amounts.toml")
# The age groups of the Mindestunterhalt (§ 1612a Abs. 1 BGB): up to 5, 6 to 11, 12 to 17 years.
AGE_GROUPS = ((0, 5), (6, 11), (12, 17))
AGE_GROUP_LABELS = (_("0 bis 5 Jahre"), _("6 bis 11 Jahre"), _("12 bis 17 Jahre"))
END_AGE = 18


class YearAmounts(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    year: int
    amounts: tuple[int, int, int]
    source: str = ""


class AmountsFile(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    years: tuple[YearAmounts, ...]


class AmountsError(DefinitionError):
    """The amounts file is missing or wrong; raised at import, so the portal does not start."""


def load_amounts(path: Path) -> dict[int, YearAmounts]:
    """The amounts per year from `path`, checked: years ascending without repeats, three positive whole
    euro amounts per year, each age group more than the one before."""

    def fail(problem: str) -> AmountsError:
        return AmountsError(f"{path}: {problem}")

    try:
        decoded = msgspec.toml.decode(path.read_bytes(), type=AmountsFile)
    except OSError as exc:
        raise fail(f"cannot be read ({exc.strerror or exc})") from exc
    except (msgspec.DecodeError, msgspec.ValidationError) as exc:
        raise fail(str(exc)) from exc
    if not decoded.years:
        raise fail("no [[years]] listed")
    previous = 0
    for entry in decoded.years:
        if not 2017 <= entry.year <= 2100:
            raise fail(f"year {entry.year}: must be between 2017 and 2100")
        if entry.year <= previous:
            raise fail(f"year {entry.year}: years must be listed once each, in ascending order")
        previous = entry.year
        if any(not 0 < amount <= 2000 for amount in entry.amounts):
            raise fail(f"year {entry.year}: amounts must be whole euros between 1 and 2000")
        if not entry.amounts[0] < entry.amounts[1] < entry.amounts[2]:
            raise fail(f"year {entry.year}: each age group must get more than the younger one")
    return {entry.year: entry for entry in decoded.years}


AMOUNTS = load_amounts(AMOUNTS_FILE)


def amounts_for(year: int, table: dict[int, YearAmounts] | None = None) -> YearAmounts | None:
    """The amounts of `year`; for a year not listed (yet), those of the latest listed year before it."""
    table = AMOUNTS if table is None else table
    known = [y for y in table if y <= year]
    return table[max(known)] if known else None


def month_end(month: dt.date) -> dt.date:
    return add_months(month.replace(day=1), 1) - dt.timedelta(days=1)


def age_group(birth: dt.date, month: dt.date) -> int | None:
    """The age group (0, 1, 2) of a calendar month. A higher group applies from the first day of the month
    of the birthday (§ 1612a Abs. 3 BGB), so the age counts as reached on the month's last day. None
    before the month of birth and from the month after the 18th birthday."""
    start = month.replace(day=1)
    if birth > month_end(start) or age_in_years(birth, start) >= END_AGE:
        return None
    age = min(age_in_years(birth, month_end(start)), END_AGE - 1)
    return next(i for i, (low, high) in enumerate(AGE_GROUPS) if low <= age <= high)


def last_day(birth: dt.date) -> dt.date:
    """The last day with a claim: the day before the 18th birthday (§ 1 Abs. 1 Nr. 1 UVG)."""
    try:
        eighteenth = birth.replace(year=birth.year + END_AGE)
    except ValueError:  # born on 29 February
        eighteenth = dt.date(birth.year + END_AGE, 3, 1)
    return eighteenth - dt.timedelta(days=1)


class Expected(msgspec.Struct, frozen=True, kw_only=True):
    """The expected monthly amount for one month."""

    month: dt.date
    group: int
    year_used: int
    amount: Decimal
    credited: tuple[tuple[str, Decimal], ...]

    @property
    def payable(self) -> Decimal:
        return max(Decimal(0), self.amount - sum((c for _label, c in self.credited), Decimal(0)))


def expected_amount(
    birth: dt.date,
    month: dt.date,
    credited: tuple[tuple[str, Decimal], ...] = (),
    table: dict[int, YearAmounts] | None = None,
) -> Expected | None:
    """The amount for the child's age group in `month` by that year's table, minus what is credited
    (maintenance paid by the other parent, orphan benefits: § 2 Abs. 3 UVG)."""
    group = age_group(birth, month)
    amounts = amounts_for(month.year, table)
    if group is None or amounts is None:
        return None
    return Expected(
        month=month.replace(day=1),
        group=group,
        year_used=amounts.year,
        amount=Decimal(amounts.amounts[group]),
        credited=credited,
    )
