"""The shipped fee schedules and short constructors for the fee tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from server.fees import CareType, FeeChild, FeeHousehold, FeeSchedule, load_schedule
from server.settings import Settings

DATA = Path(Settings().tenants_dir)
WUPPERTAL: FeeSchedule = load_schedule(DATA / "wuppertal" / "fees.toml")
ISERLOHN: FeeSchedule = load_schedule(DATA / "iserlohn" / "fees.toml")

# The month most tests price, and birth dates that put a child in a known group in that month.
ON = dt.date(2026, 11, 1)
BABY = dt.date(2025, 6, 15)  # 17 months: under 2 and under 3
TODDLER = dt.date(2024, 3, 1)  # 2 years 8 months: over 2, under 3
THREE = dt.date(2023, 6, 1)  # 3 years 5 months: over 3, no free year yet (free from 1.8.2027)
FREE_YEAR = dt.date(2022, 5, 3)  # turned 4 on 3.5.2026: free since 1.8.2026, school from 1.8.2028


def kid(birth: dt.date, care: str = "kita", hours: int = 35, **extra: object) -> FeeChild:
    return FeeChild(birth_date=birth, care=CareType(care), weekly_hours=hours, **extra)  # type: ignore[arg-type]


def family(*children: FeeChild, income: int | str | None = 45000, **extra: object) -> FeeHousehold:
    amount = None if income is None else Decimal(str(income))
    return FeeHousehold(children=children, income=amount, **extra)  # type: ignore[arg-type]
