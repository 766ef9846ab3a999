"""How directory data reads on the pages: German numbers, ages, hours and the free-places table."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import msgspec

from server.dates import (
    BERLIN,
    month_label,
)
from server.facilities.schemas import AGE_GROUPS, GROUP_FORMS, KINDS, TRAEGER_TYPES, FacilityRecord
from server.web.i18n import _

LANGUAGES = {
    "de": _("Deutsch"),
    "en": _("Englisch"),
    "fr": _("Französisch"),
    "tr": _("Türkisch"),
    "ar": _("Arabisch"),
    "ru": _("Russisch"),
    "pl": _("Polnisch"),
    "es": _("Spanisch"),
    "it": _("Italienisch"),
    "el": _("Griechisch"),
    "uk": _("Ukrainisch"),
}


def km(distance: float | None) -> str:
    """ "850 m", "1,2 km", "12 km"."""
    if distance is None:
        return ""
    if distance < 1:
        return f"{max(10, round(distance * 1000, -1)):.0f} m"
    if distance < 10:
        return f"{distance:.1f} km".replace(".", ",")
    return f"{distance:.0f} km"


def months_text(months: int) -> str:
    """An age: "7 Monate", "1 Jahr", "2 Jahre und 3 Monate"."""
    years, rest = divmod(max(0, months), 12)
    parts = []
    if years:
        parts.append(_("1 Jahr") if years == 1 else _("{n} Jahre").format(n=years))
    if rest or not years:
        parts.append(_("1 Monat") if rest == 1 else _("{n} Monate").format(n=rest))
    return _(" und ").join(parts)


def age_range(record: FacilityRecord) -> str:
    if record.age_min_months <= 0:
        return _("ab der Geburt bis {high}").format(high=months_text(record.age_max_months))
    return _("{low} bis {high}").format(
        low=months_text(record.age_min_months), high=months_text(record.age_max_months)
    )


def hours_text(record: FacilityRecord) -> str:
    hours = record.hours_offered
    if not hours:
        return _("keine Angabe")
    if record.kind == "tagespflege":
        return _("bis zu {n} Stunden pro Woche").format(n=hours[0])
    listed = [str(h) for h in sorted(hours)]
    joined = (
        listed[0] if len(listed) == 1 else _("{a} oder {b}").format(a=", ".join(listed[:-1]), b=listed[-1])
    )
    return _("{hours} Stunden pro Woche").format(hours=joined)


def date_de(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = (value if value.tzinfo else value.replace(tzinfo=dt.UTC)).astimezone(BERLIN).date()
    return f"{value.day:02d}.{value.month:02d}.{value.year:04d}"


def address(record: FacilityRecord) -> str:
    street = " ".join(p for p in (record.street, record.house_number) if p)
    town = " ".join(p for p in (record.postcode, record.city) if p)
    return ", ".join(p for p in (street, town) if p)


def free_places_rows(
    record: FacilityRecord, from_month: dt.date | None = None, limit: int | None = None
) -> list[tuple[str, dict[str, int]]]:
    """(month label, {age group: places}) for the months with free places, from `from_month` on."""
    by_month: dict[dt.date, dict[str, int]] = {}
    for place in record.free_places:
        if place.places <= 0 or (from_month is not None and place.start_month < from_month):
            continue
        by_month.setdefault(place.start_month, {})[place.age_group] = place.places
    months = sorted(by_month)[:limit] if limit else sorted(by_month)
    return [(month_label(m), by_month[m]) for m in months]


def labels(record: FacilityRecord) -> dict[str, str]:
    return {
        "kind": KINDS.get(record.kind, record.kind),
        "traeger_type": TRAEGER_TYPES.get(record.traeger_type, record.traeger_type),
    }


class ResultView(msgspec.Struct, frozen=True):
    """A facility as one entry of the result list, its texts ready (the list is the page's hot loop)."""

    id: int
    name: str
    lat: float
    lon: float
    facts: str  # "Kita · städtisch · Elberfeld"
    address: str
    age_and_hours: str
    places: tuple[tuple[str, int, int], ...]  # (month, under 3, from 3), the next few months with places
    stand: str


@lru_cache(maxsize=8192)
def result_view(record: FacilityRecord, from_month: dt.date | None, months: int = 3) -> ResultView:
    kind = labels(record)
    facts = " · ".join(p for p in (kind["kind"], kind["traeger_type"], record.district) if p)
    rows = free_places_rows(record, from_month, months)
    stand = (
        _("Stand: {date}").format(date=date_de(record.places_updated_at))
        if record.places_updated_at
        else _("Stand: unbekannt")
    )
    return ResultView(
        id=record.id,
        name=record.name,
        lat=record.lat,
        lon=record.lon,
        facts=facts,
        address=address(record),
        age_and_hours=_("Alter: {range}").format(range=age_range(record)) + " · " + hours_text(record),
        places=tuple((month, groups.get("u3", 0), groups.get("ue3", 0)) for month, groups in rows),
        stand=stand,
    )


HELPERS = {
    "km": km,
    "months_text": months_text,
    "age_range": age_range,
    "hours_text": hours_text,
    "date_de": date_de,
    "address": address,
    "free_places_rows": free_places_rows,
    "labels": labels,
    "AGE_GROUPS": AGE_GROUPS,
    "GROUP_FORMS": GROUP_FORMS,
    "LANGUAGES": LANGUAGES,
}
