import datetime as dt

import pytest

from server.dates import add_months, local, month_label

D = dt.date


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2026, 3, 10), 6, D(2026, 9, 10)),
        (D(2026, 3, 10), 12, D(2027, 3, 10)),
        (D(2026, 11, 15), 3, D(2027, 2, 15)),
        (D(2024, 12, 15), 1, D(2025, 1, 15)),
        # a shorter month: its last day
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2024, 1, 31), 1, D(2024, 2, 29)),
        (D(2026, 8, 31), 6, D(2027, 2, 28)),
        (D(2027, 8, 31), 6, D(2028, 2, 29)),
        (D(2026, 5, 31), 1, D(2026, 6, 30)),
        (D(2024, 2, 29), 12, D(2025, 2, 28)),
        (D(2024, 2, 29), 48, D(2028, 2, 29)),
        # first of a month stays the first, also backwards over a year
        (D(2026, 12, 1), 0, D(2026, 12, 1)),
        (D(2026, 11, 1), 2, D(2027, 1, 1)),
        (D(2026, 1, 1), -1, D(2025, 12, 1)),
        (D(2026, 3, 31), -13, D(2025, 2, 28)),
    ],
)
def test_add_months(day: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(day, months) == expected


def test_month_label() -> None:
    assert month_label(D(2026, 3, 17)) == "März 2026"
    assert month_label(D(2027, 12, 1)) == "Dezember 2027"


def test_local_is_the_municipalitys_clock_whatever_the_servers_zone() -> None:
    # 23:30 UTC on New Year's Eve is already 00:30 on 1 January in Berlin (winter time) ...
    assert local(dt.datetime(2025, 12, 31, 23, 30, tzinfo=dt.UTC)).timetuple()[:5] == (2026, 1, 1, 0, 30)
    # ... and 22:30 UTC in July is 00:30 the next day (summer time).
    assert local(dt.datetime(2026, 7, 14, 22, 30, tzinfo=dt.UTC)).timetuple()[:5] == (2026, 7, 15, 0, 30)
