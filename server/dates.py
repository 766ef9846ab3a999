"""Calendar helpers shared by the features: month arithmetic and months in German words."""

from __future__ import annotations

import calendar
import datetime as dt
from zoneinfo import ZoneInfo

from server.web.i18n import _

# The municipalities' calendar and clocks: what a date or time shown to people means, whatever zone the
# server runs in (containers usually run in UTC).
BERLIN = ZoneInfo("Europe/Berlin")


def local(value: dt.datetime) -> dt.datetime:
    """A stored (UTC) time as the clock in the municipality shows it."""
    return value.astimezone(BERLIN)


MONTH_NAMES = (
    _("Januar"),
    _("Februar"),
    _("März"),
    _("April"),
    _("Mai"),
    _("Juni"),
    _("Juli"),
    _("August"),
    _("September"),
    _("Oktober"),
    _("November"),
    _("Dezember"),
)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (or earlier); the month's last day when it is shorter (29 Feb + 12 → 28 Feb).
    The first of a month stays the first of a month."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def month_label(day: dt.date) -> str:
    """The month in words, e.g. "März 2026"."""
    return f"{MONTH_NAMES[day.month - 1]} {day.year}"
