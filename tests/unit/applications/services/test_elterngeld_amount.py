"""The rough Elterngeld estimate (catalogue/elterngeld/amount.py): § 2 BEEG's replacement rate, the cap on
counted income, the minimum and maximum, ElterngeldPlus as half."""

from __future__ import annotations

from decimal import Decimal

import pytest

from server.applications.catalogue.elterngeld import amount


@pytest.mark.parametrize(
    ("net", "rate", "basis"),
    [
        ("0", "100", "300.00"),  # the minimum
        ("280", "100", "300.00"),
        ("500", "92.0", "460.00"),  # 250 full steps of 2 € below 1,000 €: +25 points
        ("998", "67.1", "669.66"),
        ("999", "67", "669.33"),  # less than a full step of 2 €
        ("1000", "67", "670.00"),
        ("1200", "67", "804.00"),
        ("1202", "66.9", "804.14"),
        ("1240", "65.0", "806.00"),
        ("2000", "65", "1300.00"),
        ("2769", "65", "1799.85"),
        ("2770", "65", "1800.00"),  # 1,800.50 before the maximum
        ("6000", "65", "1800.00"),  # counted up to 2,770 €
    ],
)
def test_basis_amount(net: str, rate: str, basis: str) -> None:
    counted = min(Decimal(net), amount.INCOME_CAP)
    assert amount.replacement_rate(counted) == Decimal(rate)
    assert amount.basis_amount(Decimal(net)) == Decimal(basis)


@pytest.mark.parametrize(
    ("net", "plus"), [("0", "150.00"), ("2000", "650.00"), ("1202", "402.07"), ("9000", "900.00")]
)
def test_plus_is_half(net: str, plus: str) -> None:
    assert amount.plus_amount(Decimal(net)) == Decimal(plus)


def test_total_of_a_plan() -> None:
    # 12 months Basiselterngeld and 2 bonus months at 2,000 € net before the birth.
    assert amount.total(Decimal(2000), 12, 2) == Decimal("16900.00")
    assert amount.total(Decimal(0), 0, 0) == 0


def test_negative_income_counts_as_none() -> None:
    assert amount.basis_amount(Decimal(-50)) == Decimal("300.00")
