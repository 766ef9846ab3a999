"""Fee tables as per-tenant config files (`<tenants_dir>/<slug>/fees.toml`), decoded into frozen Structs and
checked once at start-up: a mistake stops the start with the file and the field named.

The model: income brackets ("bis X €", inclusive upper bounds, the last one open-ended) × weekly hours
columns × age group (younger/older than a configurable age in months) × care type (Kita, Kindertagespflege;
one table may serve both). See README "A new municipality" for the file format.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Literal

import msgspec

from server.tenants.config import Tenant

FILE_NAME = "fees.toml"
# KiBiz: Kita places are booked for 25, 35 or 45 hours a week; more only in Kindertagespflege.
KITA_MAX_HOURS = 45
KEY = re.compile(r"^[a-z][a-z0-9_]{0,15}$")

MAX_FEE = 100_000
Bound = Annotated[int, msgspec.Meta(gt=0, le=10_000_000)]
Hours = Annotated[int, msgspec.Meta(gt=0, le=80)]
Percent = Annotated[int, msgspec.Meta(ge=0, le=100)]


class FeeConfigError(ValueError):
    """A fees.toml that cannot be used; the message names the file and the field."""


class CareType(StrEnum):
    KITA = "kita"
    TAGESPFLEGE = "tagespflege"


class AgeGroups(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Two age groups split at `boundary_months` (e.g. 36: "u3"/"ue3"; 24: "u2"/"ue2").

    A child belongs to the older group from the month after the birthday on which it reaches the boundary age.
    """

    boundary_months: Annotated[int, msgspec.Meta(ge=1, le=72)] = 36
    younger: str = "u3"
    older: str = "ue3"

    @property
    def keys(self) -> tuple[str, str]:
        return (self.younger, self.older)


class SiblingRule(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """How the fees of several children in care at the same time combine.

    * `highest_only`: only one child pays, the one with the highest fee; the others are free.
    * `ranked`: the children are ordered by their fee, highest first; the n-th child pays `percent[n-1]` % of
      its fee, the last entry applies to every further child. `percent = [100, 0]` is "the second and every
      further child is free, the higher fee applies".

    A child in a fee-free year before school counts with the fee it would pay (OVG NRW 12 A 1756/15).
    """

    rule: Literal["highest_only", "ranked"] = "highest_only"
    percent: tuple[Percent, ...] = (100, 0)


class FeeTable(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Monthly fees in whole euros for the care types listed, one matrix per age group.

    `hours` are the columns' upper bounds (a booking of up to 25 h uses the "25" column); with `more_hours`
    a last column prices bookings above the last bound (Kindertagespflege only). Each matrix has one row per
    income bracket (the brackets, then the open top bracket), each row one fee per column. Age groups listed
    in `free_age_groups` pay nothing and have no matrix.
    """

    name: str = ""
    care_types: tuple[CareType, ...]
    hours: tuple[Hours, ...] = (25, 35, 45)
    more_hours: bool = False
    free_age_groups: tuple[str, ...] = ()
    fees: dict[str, tuple[tuple[int, ...], ...]] = {}

    @property
    def columns(self) -> int:
        return len(self.hours) + (1 if self.more_hours else 0)

    def column_for(self, weekly_hours: int) -> int | None:
        """The column that prices a booking of `weekly_hours`, or None if this table has none."""
        if weekly_hours <= 0:
            return None
        for index, bound in enumerate(self.hours):
            if weekly_hours <= bound:
                return index
        return len(self.hours) if self.more_hours else None


class FeeSchedule(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """One tenant's parent-fee rules: what `calculate()` needs and what the calculator page shows."""

    # Shown on the calculator page, e.g. "Beitragstabelle der Stadt … ab 1.8.2021".
    title: str
    valid_from: dt.date
    # Not this municipality's valid table (sample or borrowed figures): the page says so, with `notice`.
    demo: bool = False
    notice: str = ""
    source: str = ""
    # "bis" bounds of the income brackets in euros a year, ascending; above the last: the open top bracket.
    brackets: tuple[Bound, ...]
    # NRW (§ 50 KiBiz): the last two Kita years before school are free; 0 switches the rule off.
    free_years_before_school: Annotated[int, msgspec.Meta(ge=0, le=3)] = 2
    age_groups: AgeGroups = AgeGroups()
    siblings: SiblingRule = SiblingRule()
    tables: tuple[FeeTable, ...]

    def table_for(self, care: CareType) -> FeeTable:
        for table in self.tables:
            if care in table.care_types:
                return table
        raise KeyError(care)  # validate() guarantees a table for every care type

    @property
    def top_bracket(self) -> int:
        return len(self.brackets)

    def bracket_index(self, income: Decimal | int) -> int:
        """The bracket of a yearly income: the first whose "bis" bound is at least the income."""
        for index, bound in enumerate(self.brackets):
            if income <= bound:
                return index
        return self.top_bracket

    def hours_options(self) -> tuple[int, ...]:
        """Every hours bound of any table, ascending (the calculator's choices besides "more")."""
        return tuple(sorted({h for table in self.tables for h in table.hours}))

    @property
    def has_more_hours(self) -> bool:
        return any(table.more_hours for table in self.tables)


def validate(schedule: FeeSchedule) -> list[str]:
    """What is wrong with a decoded schedule, as "field: problem" lines (empty when it is fine)."""
    problems: list[str] = []
    if not schedule.title.strip():
        problems.append("title: must not be empty")
    if not schedule.brackets:
        problems.append("brackets: at least one income bound is needed")
    for i, (low, high) in enumerate(zip(schedule.brackets, schedule.brackets[1:], strict=False)):
        if high <= low:
            problems.append(f"brackets[{i + 1}]: {high} is not above {low} (bounds must ascend)")
    ages = schedule.age_groups
    for field in ("younger", "older"):
        if not KEY.match(getattr(ages, field)):
            problems.append(f"age_groups.{field}: {getattr(ages, field)!r} is not a short lower-case key")
    if ages.younger == ages.older:
        problems.append("age_groups: younger and older must be different keys")
    if schedule.siblings.rule == "ranked" and not schedule.siblings.percent:
        problems.append("siblings.percent: the ranked rule needs at least one percentage")
    if not schedule.tables:
        problems.append("tables: at least one table is needed")
    covered: dict[CareType, int] = {}
    rows = len(schedule.brackets) + 1
    for t, table in enumerate(schedule.tables):
        where = f"tables[{t}]"
        if not table.care_types:
            problems.append(f"{where}.care_types: name kita, tagespflege or both")
        for care in table.care_types:
            if care in covered:
                problems.append(
                    f"{where}.care_types: {care.value} is already priced by tables[{covered[care]}]"
                )
            covered[care] = t
        if not table.hours:
            problems.append(f"{where}.hours: at least one hours column is needed")
        for i, (low, high) in enumerate(zip(table.hours, table.hours[1:], strict=False)):
            if high <= low:
                problems.append(f"{where}.hours[{i + 1}]: {high} is not above {low} (columns must ascend)")
        if CareType.KITA in table.care_types and table.hours and table.hours[-1] < KITA_MAX_HOURS:
            problems.append(f"{where}.hours: a Kita table needs columns up to {KITA_MAX_HOURS} hours")
        if table.more_hours and CareType.TAGESPFLEGE not in table.care_types:
            problems.append(
                f"{where}.more_hours: only Kindertagespflege books more than {KITA_MAX_HOURS} hours"
            )
        for group in table.free_age_groups:
            if group not in ages.keys:
                problems.append(f"{where}.free_age_groups: unknown age group {group!r} (use {ages.keys})")
        for group in table.fees:
            if group not in ages.keys:
                problems.append(
                    f"{where}.fees.{group}: unknown age group (use {ages.younger} or {ages.older})"
                )
            elif group in table.free_age_groups:
                problems.append(f"{where}.fees.{group}: the age group is listed in free_age_groups")
        for group in ages.keys:
            if group in table.free_age_groups:
                continue
            matrix = table.fees.get(group)
            if matrix is None:
                problems.append(f"{where}.fees.{group}: missing (or list the group in free_age_groups)")
                continue
            if len(matrix) != rows:
                problems.append(
                    f"{where}.fees.{group}: {len(matrix)} rows, but there are {rows} income brackets "
                    f"({len(schedule.brackets)} bounds and the open top bracket)"
                )
            for r, row in enumerate(matrix):
                for c, fee in enumerate(row):
                    if not 0 <= fee <= MAX_FEE:
                        problems.append(
                            f"{where}.fees.{group}[{r}][{c}]: {fee} is not a fee in euros (0 or more)"
                        )
                if len(row) != table.columns:
                    problems.append(
                        f"{where}.fees.{group}[{r}]: {len(row)} fees, but the table has {table.columns} hours "
                        f"columns ({', '.join(map(str, table.hours))}{', more' if table.more_hours else ''})"
                    )
    for care in CareType:
        if care not in covered and schedule.tables:
            problems.append(f"tables: no table prices {care.value}")
    return problems


def load_schedule(path: Path) -> FeeSchedule:
    """Decode and check one fees.toml; raises FeeConfigError naming the file and the field."""
    try:
        schedule = msgspec.toml.decode(path.read_bytes(), type=FeeSchedule)
    except OSError as exc:
        raise FeeConfigError(f"{path}: cannot be read ({exc.strerror})") from exc
    except (msgspec.DecodeError, msgspec.ValidationError) as exc:
        raise FeeConfigError(f"{path}: {exc}") from exc
    problems = validate(schedule)
    if problems:
        raise FeeConfigError(f"{path}: " + "; ".join(problems))
    return schedule


@functools.lru_cache(maxsize=32)
def _schedule_at(path: str, mtime: float) -> FeeSchedule:
    return load_schedule(Path(path))


def schedule_for(tenant: Tenant) -> FeeSchedule | None:
    """The tenant's fee schedule (checked at start-up by FeeRegistry), for code that has only the tenant,
    e.g. a service definition's fee computation. Reloaded when the file changes."""
    path = tenant.path / FILE_NAME
    if not path.is_file():
        return None
    return _schedule_at(str(path), path.stat().st_mtime)


class FeeRegistry:
    """The fee schedules of all tenants that have one, loaded once when the app is built."""

    def __init__(self, schedules: dict[str, FeeSchedule]) -> None:
        self._schedules = dict(schedules)

    @classmethod
    def from_tenants(cls, tenants: Iterable[Tenant]) -> FeeRegistry:
        """Load `<tenant folder>/fees.toml` of every tenant; every tenant needs one. A missing or broken file
        raises FeeConfigError."""
        schedules: dict[str, FeeSchedule] = {}
        for tenant in tenants:
            path = tenant.path / FILE_NAME
            if not path.is_file():
                raise FeeConfigError(f"{path}: missing (every municipality needs its parent-fee table)")
            schedules[tenant.slug] = load_schedule(path)
        return cls(schedules)

    def get(self, slug: str) -> FeeSchedule | None:
        return self._schedules.get(slug)

    def __contains__(self, slug: object) -> bool:
        return slug in self._schedules

    def __len__(self) -> int:
        return len(self._schedules)
