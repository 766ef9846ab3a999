"""A municipality's placement settings (tenant.toml [rules.kita]) and the answer deadline of an offer.

    [rules.kita]
    offer_deadline_days = 14       # the deadline a provider's offer form suggests (days from today)
    offer_min_deadline_days = 3    # the earliest deadline a provider may set

The parent may answer until the end of the deadline day in Europe/Berlin (inclusive); the offer expires at
the following midnight there, stored in UTC.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import msgspec

from server.dates import BERLIN
from server.placement.points import PointRules, PointRulesError, point_rules


class PlacementConfig(msgspec.Struct, frozen=True, kw_only=True):
    points: PointRules
    deadline_days: int = 14
    min_deadline_days: int = 3


def _days(settings: Mapping[str, Any], key: str, default: int) -> int:
    value = settings.get(f"kita.{key}", default)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 90:
        raise PointRulesError(
            f"[rules.kita] {key} must be a whole number of days from 1 to 90, not {value!r}"
        )
    return value


def placement_config(settings: Mapping[str, Any]) -> PlacementConfig:
    """Raises PointRulesError (naming the setting) for a wrong value: checked for every tenant at start-up."""
    config = PlacementConfig(
        points=point_rules(settings),
        deadline_days=_days(settings, "offer_deadline_days", 14),
        min_deadline_days=_days(settings, "offer_min_deadline_days", 3),
    )
    if config.min_deadline_days > config.deadline_days:
        raise PointRulesError("[rules.kita] offer_min_deadline_days must not exceed offer_deadline_days")
    return config


def local_today(now: dt.datetime | None = None) -> dt.date:
    """Today in Europe/Berlin (the municipality's calendar day), also when the server runs in UTC."""
    return (now or dt.datetime.now(dt.UTC)).astimezone(BERLIN).date()


def expires_at(deadline: dt.date) -> dt.datetime:
    """The end of the deadline day in Europe/Berlin (the next midnight there), in UTC."""
    return dt.datetime.combine(deadline + dt.timedelta(days=1), dt.time(), BERLIN).astimezone(dt.UTC)


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)
