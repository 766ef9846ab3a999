"""The fee rules, table-driven: brackets at every border, age groups, free years, sibling rules, exemptions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import msgspec
import pytest

from server.fees import (
    Basis,
    Benefit,
    FeeError,
    SiblingRule,
    age_group,
    calculate,
    euro,
    free_years_start,
    in_free_years,
    regular_school_start,
)
from tests.unit.fees.support import (
    BABY,
    FREE_YEAR,
    ISERLOHN,
    ON,
    THREE,
    TODDLER,
    WUPPERTAL,
    family,
    kid,
)

# --- income brackets: at each bound, one euro below and one above ------------------------------------------
# The Düsseldorf table from 1.8.2021 (DOMAIN.md §2), under 3, €/month: bound → (25 h, 35 h, 45 h, >45 h).
DUESSELDORF_U3 = [
    (30000, (0, 0, 0, 50)),
    (40000, (0, 0, 0, 50)),
    (50000, (25, 100, 150, 200)),
    (60000, (50, 175, 225, 275)),
    (70000, (75, 255, 305, 355)),
    (80000, (100, 305, 355, 405)),
    (None, (125, 350, 400, 450)),
]
# The Wuppertal-like demo sample, Kita, under 2, 45 h, per bracket.
WUPPERTAL_U2_45 = [
    (12500, 0),
    (25000, 68),
    (37000, 125),
    (49000, 190),
    (61000, 255),
    (71000, 320),
    (80000, 360),
    (90000, 390),
    (100000, 410),
    (None, 425),
]


def border_cases(bounds: list[int | None]) -> list[tuple[int, int]]:
    """(income, expected bracket index) at, one euro below and one euro above every bound."""
    cases = []
    for index, bound in enumerate(bounds):
        if bound is None:
            continue
        cases += [(bound - 1, index), (bound, index), (bound + 1, index + 1)]
    return cases


@pytest.mark.parametrize(
    ("income", "index"), border_cases([b for b, _fees in DUESSELDORF_U3]) + [(0, 0), (1_000_000, 6)]
)
def test_iserlohn_brackets_and_duesseldorf_figures(income: int, index: int) -> None:
    expected = DUESSELDORF_U3[index][1]
    for column, hours in enumerate((25, 35, 45)):
        result = calculate(ISERLOHN, family(kid(BABY, hours=hours), income=income), ON)
        assert result.bracket is not None and result.bracket.index == index
        assert result.total == expected[column], (income, hours)
    # more than 45 hours: Kindertagespflege only
    ktp = calculate(ISERLOHN, family(kid(BABY, "tagespflege", hours=50), income=income), ON)
    assert ktp.total == expected[3]
    assert ktp.children[0].hours_label == "mehr als 45 Stunden"


@pytest.mark.parametrize(
    ("income", "index"), border_cases([b for b, _fee in WUPPERTAL_U2_45]) + [(0, 0), (250_000, 9)]
)
def test_wuppertal_brackets(income: int, index: int) -> None:
    result = calculate(WUPPERTAL, family(kid(BABY, hours=45), income=income), ON)
    assert result.bracket is not None and result.bracket.index == index
    assert result.total == WUPPERTAL_U2_45[index][1]
    assert result.basis is Basis.INCOME


def test_wuppertal_sample_has_ten_steps_and_a_top_rate_in_the_420s() -> None:
    assert len(WUPPERTAL.brackets) + 1 == 10
    assert WUPPERTAL.brackets[0] == 12500 and WUPPERTAL.brackets[-1] == 100000
    top = max(fee for table in WUPPERTAL.tables for m in table.fees.values() for fee in m[-1])
    assert 420 <= top <= 430
    assert all(fee == 0 for table in WUPPERTAL.tables for m in table.fees.values() for fee in m[0])
    assert WUPPERTAL.demo and "Demo" in WUPPERTAL.notice
    assert ISERLOHN.title == "Beispiel: Beitragstabelle der Landeshauptstadt Düsseldorf ab 1.8.2021"


def test_income_with_cents_just_above_a_bound_is_in_the_next_bracket() -> None:
    at = calculate(ISERLOHN, family(kid(BABY), income="50000.00"), ON)
    above = calculate(ISERLOHN, family(kid(BABY), income="50000.01"), ON)
    assert (at.bracket.index, above.bracket.index) == (2, 3)  # type: ignore[union-attr]
    assert at.bracket.label == "über 40.000 € bis 50.000 €"  # type: ignore[union-attr]
    assert above.bracket.label == "über 50.000 € bis 60.000 €"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("schedule", "index", "label"),
    [
        (ISERLOHN, 0, "bis 30.000 €"),
        (ISERLOHN, 6, "über 80.000 €"),
        (WUPPERTAL, 0, "bis 12.500 €"),
        (WUPPERTAL, 9, "über 100.000 €"),
    ],
)
def test_bracket_labels(schedule, index, label) -> None:
    from server.fees.rules import bracket

    assert bracket(schedule, index).label == label


# --- age groups ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("schedule", "birth", "month", "group"),
    [
        # Wuppertal: under/over 2, the older group from the month after the 2nd birthday
        (WUPPERTAL, dt.date(2024, 11, 15), dt.date(2026, 11, 1), "u2"),
        (WUPPERTAL, dt.date(2024, 11, 15), dt.date(2026, 12, 1), "ue2"),
        (WUPPERTAL, dt.date(2024, 11, 1), dt.date(2026, 11, 1), "u2"),
        (WUPPERTAL, dt.date(2024, 11, 1), dt.date(2026, 12, 1), "ue2"),
        (WUPPERTAL, dt.date(2024, 10, 31), dt.date(2026, 11, 1), "ue2"),
        # Iserlohn: under/over 3
        (ISERLOHN, dt.date(2023, 11, 15), dt.date(2026, 11, 1), "u3"),
        (ISERLOHN, dt.date(2023, 11, 15), dt.date(2026, 12, 1), "ue3"),
        (ISERLOHN, dt.date(2023, 10, 31), dt.date(2026, 11, 1), "ue3"),
        # 29 February: the birthday in a common year is 28 February
        (ISERLOHN, dt.date(2024, 2, 29), dt.date(2027, 2, 1), "u3"),
        (ISERLOHN, dt.date(2024, 2, 29), dt.date(2027, 3, 1), "ue3"),
    ],
)
def test_age_group(schedule, birth, month, group) -> None:
    assert age_group(schedule, birth, month) == group


def test_over_3_in_iserlohn_is_free_by_the_table() -> None:
    result = calculate(ISERLOHN, family(kid(THREE, hours=45), income=200000), ON)
    child = result.children[0]
    assert (child.age_group, child.fee, child.free_year) == ("ue3", 0, False)
    assert "Altersgruppe ab 3 Jahren: beitragsfrei nach der Beitragstabelle." in child.notes


def test_over_2_pays_the_lower_wuppertal_table_and_tagespflege_its_own() -> None:
    kita = calculate(WUPPERTAL, family(kid(TODDLER, hours=45), income=45000), ON)
    ktp = calculate(WUPPERTAL, family(kid(TODDLER, "tagespflege", hours=50), income=45000), ON)
    ktp_30 = calculate(WUPPERTAL, family(kid(BABY, "tagespflege", hours=30), income=45000), ON)
    assert (kita.total, ktp.total, ktp_30.total) == (110, 125, 160)  # 30 h: the "35" column
    assert ktp_30.children[0].hours_label == "30 Stunden (Stufe bis 35 Stunden)"


# --- free years before school ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("birth", "free_from", "school"),
    [
        (dt.date(2022, 9, 30), dt.date(2026, 8, 1), dt.date(2028, 8, 1)),  # 4 on 30 September: that year
        (dt.date(2022, 10, 1), dt.date(2027, 8, 1), dt.date(2029, 8, 1)),  # 4 on 1 October: a year later
        (dt.date(2022, 1, 1), dt.date(2026, 8, 1), dt.date(2028, 8, 1)),
        (dt.date(2022, 8, 1), dt.date(2026, 8, 1), dt.date(2028, 8, 1)),
        (dt.date(2022, 12, 31), dt.date(2027, 8, 1), dt.date(2029, 8, 1)),
        (dt.date(2020, 2, 29), dt.date(2024, 8, 1), dt.date(2026, 8, 1)),
    ],
)
def test_free_years_around_30_september(birth, free_from, school) -> None:
    assert free_years_start(birth) == free_from
    assert regular_school_start(birth) == school
    day_before = free_from - dt.timedelta(days=1)
    assert not in_free_years(birth, day_before)
    assert in_free_years(birth, free_from)
    assert in_free_years(birth, school - dt.timedelta(days=1))
    assert not in_free_years(birth, school)  # at school


@pytest.mark.parametrize(
    ("month", "fee", "note"),
    [
        (dt.date(2026, 7, 1), Decimal(190), None),  # the Kita year before: pays (over 2, 45 h, 71.000 €)
        (dt.date(2026, 8, 1), Decimal(0), "Beitragsfrei: vorletztes Kita-Jahr vor der Schule."),
        (dt.date(2027, 7, 1), Decimal(0), "Beitragsfrei: vorletztes Kita-Jahr vor der Schule."),
        (dt.date(2027, 8, 1), Decimal(0), "Beitragsfrei: letztes Kita-Jahr vor der Schule."),
        (dt.date(2028, 7, 1), Decimal(0), "Beitragsfrei: letztes Kita-Jahr vor der Schule."),
    ],
)
def test_free_year_fee_and_note(month, fee, note) -> None:
    birth = dt.date(2022, 9, 30)
    result = calculate(WUPPERTAL, family(kid(birth, hours=45), income=71000), month)
    child = result.children[0]
    assert child.fee == fee
    assert child.free_year is (note is not None)
    assert child.table_fee == 190
    if note:
        assert child.notes[0] == note
        assert "Ohne Beitragsfreiheit wären es 190 € im Monat" in child.notes[1]


def test_born_1_october_pays_one_kita_year_longer() -> None:
    result = calculate(
        WUPPERTAL, family(kid(dt.date(2022, 10, 1), hours=45), income=71000), dt.date(2026, 8, 1)
    )
    assert result.total == 190 and not result.children[0].free_year


def test_at_school_there_is_no_kita_fee() -> None:
    with pytest.raises(FeeError, match="at school"):
        calculate(WUPPERTAL, family(kid(dt.date(2022, 9, 30))), dt.date(2028, 8, 1))


def test_deferred_school_start_extends_the_free_years() -> None:
    birth = dt.date(2022, 9, 30)
    deferred = kid(birth, hours=45, school_start=dt.date(2029, 8, 1))
    assert in_free_years(birth, dt.date(2028, 8, 1), dt.date(2029, 8, 1))
    result = calculate(WUPPERTAL, family(deferred, income=71000), dt.date(2028, 8, 1))
    assert result.total == 0
    assert result.children[0].notes[0] == "Beitragsfrei bis zur späteren Einschulung am 01.08.2029."
    # the free years still begin in the year the child turns 4 by 30 September, not a year later
    assert calculate(WUPPERTAL, family(deferred, income=71000), dt.date(2026, 8, 1)).total == 0
    assert calculate(WUPPERTAL, family(deferred, income=71000), dt.date(2026, 7, 1)).total == 190
    with pytest.raises(FeeError):
        calculate(WUPPERTAL, family(deferred), dt.date(2029, 8, 1))


def test_free_years_can_be_switched_off() -> None:
    schedule = msgspec.structs.replace(WUPPERTAL, free_years_before_school=0)
    result = calculate(schedule, family(kid(FREE_YEAR, hours=45), income=71000), ON)
    assert result.total == 190 and not result.children[0].free_year


# --- sibling rules ---------------------------------------------------------------------------------------------
WUPPERTAL_HIGHEST_ONLY = msgspec.structs.replace(WUPPERTAL, siblings=SiblingRule(rule="highest_only"))
WUPPERTAL_HALF = msgspec.structs.replace(WUPPERTAL, siblings=SiblingRule(rule="ranked", percent=(100, 50, 0)))


@pytest.mark.parametrize(
    ("schedule", "children", "income", "fees"),
    [
        # Wuppertal: the second and every further child free, the higher fee applies
        (WUPPERTAL, [kid(BABY, hours=35), kid(TODDLER, hours=45)], 45000, [160, 0]),
        (WUPPERTAL, [kid(TODDLER, hours=25), kid(BABY, hours=45)], 45000, [0, 190]),
        (
            WUPPERTAL,
            [kid(TODDLER, hours=45), kid(TODDLER, hours=45)],
            45000,
            [110, 0],
        ),  # a tie: the first pays
        (WUPPERTAL, [kid(BABY), kid(BABY), kid(TODDLER, "tagespflege", 50)], 45000, [160, 0, 0]),
        # Iserlohn: only one child pays, the highest fee
        (ISERLOHN, [kid(BABY, hours=35), kid(BABY, hours=45)], 55000, [0, 225]),
        (ISERLOHN, [kid(BABY, "tagespflege", 50), kid(TODDLER, hours=25)], 55000, [275, 0]),
        (ISERLOHN, [kid(THREE, hours=45), kid(BABY, hours=25)], 55000, [0, 50]),  # over 3 is free anyway
        # a ranked rule with a discount: 100 %, 50 %, then free; cents are rounded half up
        (
            WUPPERTAL_HALF,
            [kid(BABY, hours=35), kid(TODDLER, hours=25), kid(TODDLER, hours=45)],
            45000,
            [160, 0, 55],
        ),
        (WUPPERTAL_HALF, [kid(TODDLER, hours=25), kid(BABY, hours=25)], 49000, ["37.50", 130]),
        # one child: no sibling rule
        (WUPPERTAL, [kid(BABY, hours=35)], 45000, [160]),
    ],
)
def test_sibling_rules(schedule, children, income, fees) -> None:
    result = calculate(schedule, family(*children, income=income), ON)
    assert [c.fee for c in result.children] == [Decimal(str(f)) for f in fees]
    assert result.total == sum(Decimal(str(f)) for f in fees)
    has_rule_line = any(line.startswith("Geschwisterregel") for line in result.lines)
    assert has_rule_line is (len(children) > 1)


def test_sibling_lines_name_the_rule() -> None:
    wuppertal = calculate(WUPPERTAL, family(kid(BABY), kid(TODDLER)), ON)
    assert (
        "Geschwisterregel: Für das zweite und jedes weitere Kind entfällt der Beitrag; es gilt der höhere Beitrag."
        in wuppertal.lines
    )
    assert "Geschwisterregel: kein Beitrag als 2. Kind." in wuppertal.children[1].notes
    iserlohn = calculate(ISERLOHN, family(kid(BABY, hours=25), kid(BABY, hours=45), income=55000), ON)
    assert "Geschwisterregel: Nur ein Kind zahlt – das Kind mit dem höchsten Beitrag." in iserlohn.lines
    assert "Geschwisterregel: kein Beitrag – 2. Kind hat den höheren Beitrag." in iserlohn.children[0].notes
    half = calculate(WUPPERTAL_HALF, family(kid(BABY), kid(TODDLER), kid(TODDLER, hours=25)), ON)
    assert (
        "Geschwisterregel nach der Höhe des Beitrags: 1. Kind 100 %, 2. Kind 50 %, ab dem 3. Kind 0 %."
        in half.lines
    )


@pytest.mark.parametrize("schedule", [WUPPERTAL, WUPPERTAL_HIGHEST_ONLY])
def test_a_free_year_child_counts_as_paying_so_its_younger_sibling_pays_nothing(schedule) -> None:
    # The free-year child would pay 110 € (over 2, 45 h), its younger sibling 75 € (over 2, 25 h):
    # the rule picks the free-year child as the one who pays, then its fee is 0 - the family pays nothing.
    result = calculate(schedule, family(kid(FREE_YEAR, hours=45), kid(TODDLER, hours=25)), ON)
    older, younger = result.children
    assert (older.table_fee, older.fee, older.free_year) == (110, 0, True)
    assert (younger.table_fee, younger.fee) == (75, 0)
    assert result.total == 0
    assert any("OVG NRW, 12 A 1756/15" in line for line in result.lines)


def test_the_younger_sibling_pays_when_its_fee_is_higher_than_the_free_childs() -> None:
    result = calculate(WUPPERTAL_HIGHEST_ONLY, family(kid(FREE_YEAR, hours=25), kid(BABY, hours=45)), ON)
    assert [c.fee for c in result.children] == [0, 190]
    assert not any("OVG" in line for line in result.lines)


def test_free_year_in_iserlohn_does_not_free_an_under_3_sibling() -> None:
    # over 3 the Düsseldorf table is 0 anyway, so the under-3 child has the highest fee and pays it
    result = calculate(ISERLOHN, family(kid(FREE_YEAR, hours=45), kid(BABY, hours=45), income=55000), ON)
    assert [c.fee for c in result.children] == [0, 225]


# --- exemptions, top bracket, missing proof --------------------------------------------------------------------
@pytest.mark.parametrize("benefit", list(Benefit))
@pytest.mark.parametrize("schedule", [WUPPERTAL, ISERLOHN])
def test_benefit_recipients_pay_nothing_with_proof(schedule, benefit) -> None:
    result = calculate(schedule, family(kid(BABY, hours=45), kid(TODDLER), income=None, benefit=benefit), ON)
    assert result.total == 0 and all(c.fee == 0 for c in result.children)
    assert result.basis is Basis.BENEFIT and result.bracket is None
    assert result.proof_needed is not None and result.proof_needed.startswith("den aktuellen Bescheid über")
    assert result.lines[0].startswith("Beitragsfrei: Ihre Familie bezieht")


def test_benefit_without_proof_is_the_top_bracket() -> None:
    result = calculate(
        ISERLOHN, family(kid(BABY, hours=45), income=None, benefit=Benefit.WOHNGELD, proven=False), ON
    )
    assert result.basis is Basis.NO_PROOF and result.total == 400
    assert result.lines[0] == "Ohne Nachweis über Wohngeld gilt die höchste Einkommensstufe (über 80.000 €)."


@pytest.mark.parametrize("income", [None, 10000, 500000])
def test_accepting_the_top_bracket_needs_no_proof(income) -> None:
    result = calculate(WUPPERTAL, family(kid(BABY, hours=45), income=income, top_bracket_accepted=True), ON)
    assert result.basis is Basis.TOP_BRACKET_ACCEPTED
    assert result.bracket.index == 9 and result.bracket.upper is None  # type: ignore[union-attr]
    assert result.total == 425 and result.proof_needed is None
    assert "Einen Einkommensnachweis brauchen Sie dann nicht." in result.lines[0]


def test_no_income_or_no_proof_is_the_top_bracket() -> None:
    missing = calculate(ISERLOHN, family(kid(BABY, hours=35), income=None), ON)
    unproven = calculate(ISERLOHN, family(kid(BABY, hours=35), income=20000, proven=False), ON)
    for result in (missing, unproven):
        assert result.basis is Basis.NO_PROOF and result.total == 350
        assert result.bracket.index == 6  # type: ignore[union-attr]
    assert missing.lines[0] == "Ohne Angabe des Einkommens gilt die höchste Einkommensstufe (über 80.000 €)."
    assert unproven.lines[0] == "Ohne Einkommensnachweis gilt die höchste Einkommensstufe (über 80.000 €)."


def test_income_basis_names_the_income_and_the_proof() -> None:
    result = calculate(WUPPERTAL, family(kid(BABY), income="45000.50"), ON)
    assert result.lines[0] == "Einkommensstufe über 37.000 € bis 49.000 € (Jahreseinkommen 45.000,50 €)."
    assert result.proof_needed == "Einkommensnachweise, zum Beispiel Lohnabrechnungen oder den Steuerbescheid"
    assert result.valid_from == dt.date(2019, 8, 1) and result.month == ON


# --- what cannot be priced ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("household", "on", "message"),
    [
        (family(), ON, "no children"),
        (family(kid(BABY)), dt.date(2019, 7, 31), "valid from"),
        (family(kid(dt.date(2026, 12, 5))), ON, "not born"),
        (family(kid(BABY, hours=46)), ON, "at most 45 hours"),
        (family(kid(BABY, hours=0)), ON, "no column"),
        (family(kid(BABY), income=-1), ON, "negative"),
    ],
)
def test_refused(household, on, message) -> None:
    with pytest.raises(FeeError, match=message):
        calculate(WUPPERTAL, household, on)


def test_any_day_prices_its_month() -> None:
    first = calculate(WUPPERTAL, family(kid(BABY)), dt.date(2026, 11, 1))
    last = calculate(WUPPERTAL, family(kid(BABY)), dt.date(2026, 11, 30))
    assert first == last


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (0, "0 €"),
        (50, "50 €"),
        (1250, "1.250 €"),
        (Decimal("37.5"), "37,50 €"),
        (Decimal("45000.5"), "45.000,50 €"),
    ],
)
def test_euro(amount, text) -> None:
    assert euro(amount) == text
