"""Parent fees (Elternbeiträge): per-tenant fee tables from fees.toml, the fee rules, the public calculator.

The API other features use (e.g. the income declaration):

    from server.fees import FeeChild, FeeHousehold, calculate

    schedule = registry.get(tenant.slug)            # FeeRegistry.from_tenants(tenants), built at app start
    result = calculate(schedule, FeeHousehold(income=Decimal("45000"), children=(child,)), on=month)
    result.total, result.bracket, [(c.label, c.fee, c.notes) for c in result.children], result.lines
"""

from server.fees.config import (
    AgeGroups,
    CareType,
    FeeConfigError,
    FeeRegistry,
    FeeSchedule,
    FeeTable,
    SiblingRule,
    load_schedule,
    schedule_for,
)
from server.fees.rules import (
    Basis,
    Benefit,
    Bracket,
    ChildFee,
    FeeChild,
    FeeError,
    FeeHousehold,
    FeeResult,
    age_group,
    calculate,
    euro,
    free_years_start,
    in_free_years,
    regular_school_start,
)

__all__ = [
    "schedule_for",
    "AgeGroups",
    "Basis",
    "Benefit",
    "Bracket",
    "CareType",
    "ChildFee",
    "FeeChild",
    "FeeConfigError",
    "FeeError",
    "FeeHousehold",
    "FeeRegistry",
    "FeeResult",
    "FeeSchedule",
    "FeeTable",
    "SiblingRule",
    "age_group",
    "calculate",
    "euro",
    "free_years_start",
    "in_free_years",
    "load_schedule",
    "regular_school_start",
]
