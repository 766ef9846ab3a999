"""A rough estimate of the monthly Elterngeld (§ 2 BEEG) - pure functions, Decimal euros.

Basiselterngeld replaces 67 % of the average monthly net income before the birth (65 % above 1,240 €,
falling by 0.1 points per full 2 € above 1,200 €; more for small incomes: 0.1 points per full 2 € below
1,000 €, up to 100 %). Income above 2,770 € a month is not counted; at least 300 €, at most 1,800 € a month.
ElterngeldPlus (and the Partnerschaftsbonus) is half of it (150 € to 900 €).

Not taken into account (the estimate says so): income after the birth (part-time work reduces Elterngeld),
maternity pay credited in its months, the sibling bonus and the extra amount for twins, and the details of
how the office computes the net income. Income limit: no Elterngeld above 175,000 € taxable income in the
calendar year before the birth (births from 1 April 2025; Stand 2025).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

INCOME_CAP = Decimal(2770)
MINIMUM = Decimal(300)
MAXIMUM = Decimal(1800)
BASE_RATE = Decimal(67)
LOWEST_RATE = Decimal(65)
LOW_INCOME_BELOW = Decimal(1000)
HIGH_INCOME_ABOVE = Decimal(1200)
STEP_EUROS = 2
STEP_POINTS = Decimal("0.1")
INCOME_LIMIT = Decimal(175_000)  # taxable income of both parents (births from 1 April 2025)
CENT = Decimal("0.01")


def replacement_rate(net: Decimal) -> Decimal:
    """The percentage of the net income before the birth that Basiselterngeld replaces."""
    if net < LOW_INCOME_BELOW:
        steps = int((LOW_INCOME_BELOW - net) // STEP_EUROS)
        return min(Decimal(100), BASE_RATE + steps * STEP_POINTS)
    if net > HIGH_INCOME_ABOVE:
        steps = int((net - HIGH_INCOME_ABOVE) // STEP_EUROS)
        return max(LOWEST_RATE, BASE_RATE - steps * STEP_POINTS)
    return BASE_RATE


def basis_amount(net: Decimal) -> Decimal:
    """Basiselterngeld a month for an average monthly net income before the birth (no income after it)."""
    counted = min(max(net, Decimal(0)), INCOME_CAP)
    amount = (counted * replacement_rate(counted) / 100).quantize(CENT, ROUND_HALF_UP)
    return min(max(amount, MINIMUM), MAXIMUM)


def plus_amount(net: Decimal) -> Decimal:
    """ElterngeldPlus (and the Partnerschaftsbonus) a month: half of Basiselterngeld."""
    return (basis_amount(net) / 2).quantize(CENT, ROUND_HALF_UP)


def total(net: Decimal, basis_months: int, plus_months: int) -> Decimal:
    """All months together (ElterngeldPlus and bonus months count as `plus_months`)."""
    return basis_amount(net) * basis_months + plus_amount(net) * plus_months
