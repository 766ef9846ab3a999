"""A provider's (Träger) facilities: which ones an account works for, the facility data it may change and
its free places. Every write bumps `facility.updated_at`, so every app process reloads its search index."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec

from server.dates import add_months
from server.facilities.schemas import CONCEPT_TAGS
from server.facilities.tables import Facility, FreePlaces
from server.placement.config import first_of_month
from server.placement.tables import ProviderFacility

# The facility data a provider maintains itself; everything else (name, address, Träger, age range, hours
# offered, capacity) comes from the youth office's import.
EDITABLE = ("phone", "email", "website", "opening_hours", "meals", "description")
LIMITS = {"phone": 40, "email": 254, "website": 254, "opening_hours": 200, "meals": 200, "description": 2000}
# How many start months the free-places form shows, from the current month on.
PLACE_MONTHS = 12
MAX_PLACES = 500


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class OwnFacility(msgspec.Struct, kw_only=True):
    id: int
    name: str
    kind: str
    district: str
    traeger_name: str
    age_min_months: int
    age_max_months: int
    hours_offered: tuple[int, ...]
    places_updated_at: dt.datetime | None

    @property
    def age_groups(self) -> tuple[str, ...]:
        """The age groups the facility takes (under 3, from 3), as its age range says."""
        groups = []
        if self.age_min_months < 36:
            groups.append("u3")
        if self.age_max_months > 36:
            groups.append("ue3")
        return tuple(groups) or ("u3", "ue3")


def _ints(raw: Any) -> tuple[int, ...]:
    if isinstance(raw, str | bytes):
        raw = msgspec.json.decode(raw) if raw else []
    return tuple(int(v) for v in raw or ())


_COLUMNS = (
    Facility.id,
    Facility.name,
    Facility.kind,
    Facility.district,
    Facility.traeger_name,
    Facility.age_min_months,
    Facility.age_max_months,
    Facility.hours_offered,
    Facility.places_updated_at,
)


def _own(row: dict[str, Any]) -> OwnFacility:
    return OwnFacility(**{**row, "hours_offered": _ints(row["hours_offered"])})


async def facilities_of(tenant: str, account_id: int) -> list[OwnFacility]:
    ids = ProviderFacility.select(ProviderFacility.facility).where(
        (ProviderFacility.tenant == tenant) & (ProviderFacility.account == account_id)
    )
    rows = await (
        Facility.select(*_COLUMNS)
        .where((Facility.tenant == tenant) & Facility.id.is_in(ids))
        .order_by(Facility.name)
    )
    return [_own(r) for r in rows]


async def own_facility(tenant: str, account_id: int, facility_id: int) -> OwnFacility | None:
    """The facility if this provider account works for it (and it is of this tenant); None answers 404."""
    linked = await ProviderFacility.exists().where(
        (ProviderFacility.tenant == tenant)
        & (ProviderFacility.account == account_id)
        & (ProviderFacility.facility == facility_id)
    )
    if not linked:
        return None
    row = (
        await Facility.select(*_COLUMNS)
        .where((Facility.tenant == tenant) & (Facility.id == facility_id))
        .first()
    )
    return _own(row) if row else None


async def link(tenant: str, account_id: int, facility_ids: list[int]) -> int:
    """Link facilities of the tenant to a provider account (missing links only); returns how many."""
    if not facility_ids:
        return 0
    existing = {
        r["facility"]
        for r in await ProviderFacility.select(ProviderFacility.facility).where(
            (ProviderFacility.tenant == tenant) & (ProviderFacility.account == account_id)
        )
    }
    valid = {
        r["id"]
        for r in await Facility.select(Facility.id).where(
            (Facility.tenant == tenant) & Facility.id.is_in(facility_ids)
        )
    }
    new = [fid for fid in facility_ids if fid in valid and fid not in existing]
    if new:
        now = utcnow()
        await ProviderFacility.insert(
            *(
                ProviderFacility(tenant=tenant, account=account_id, facility=fid, created_at=now)
                for fid in new
            )
        )
    return len(new)


# --- facility data ---------------------------------------------------------------------------------------


class FacilityData(msgspec.Struct, kw_only=True):
    phone: str = ""
    email: str = ""
    website: str = ""
    opening_hours: str = ""
    meals: str = ""
    description: str = ""
    concept_tags: tuple[str, ...] = ()


async def facility_data(tenant: str, facility_id: int) -> FacilityData:
    row = await (
        Facility.select(*(Facility._meta.get_column_by_name(n) for n in EDITABLE), Facility.concept_tags)
        .where((Facility.tenant == tenant) & (Facility.id == facility_id))
        .first()
    )
    assert row is not None
    tags = row.pop("concept_tags")
    if isinstance(tags, str | bytes):
        tags = msgspec.json.decode(tags) if tags else []
    return FacilityData(**row, concept_tags=tuple(t for t in tags or () if t in CONCEPT_TAGS))


async def save_facility_data(tenant: str, facility_id: int, data: FacilityData) -> list[str]:
    """Store the changed fields; returns their names (empty: nothing changed, nothing written)."""
    before = await facility_data(tenant, facility_id)
    changed = [n for n in (*EDITABLE, "concept_tags") if getattr(before, n) != getattr(data, n)]
    if not changed:
        return []
    values: dict[Any, Any] = {Facility._meta.get_column_by_name(n): getattr(data, n) for n in EDITABLE}
    values[Facility.concept_tags] = msgspec.json.encode(list(data.concept_tags)).decode()
    values[Facility.updated_at] = utcnow()
    await Facility.update(values).where((Facility.tenant == tenant) & (Facility.id == facility_id))
    return changed


# --- free places -----------------------------------------------------------------------------------------


def place_months(today: dt.date, count: int = PLACE_MONTHS) -> list[dt.date]:
    first = first_of_month(today)
    return [add_months(first, i) for i in range(count)]


async def free_places(tenant: str, facility_id: int, months: list[dt.date]) -> dict[tuple[dt.date, str], int]:
    rows = await FreePlaces.select(FreePlaces.start_month, FreePlaces.age_group, FreePlaces.places).where(
        (FreePlaces.tenant == tenant)
        & (FreePlaces.facility == facility_id)
        & FreePlaces.start_month.is_in(months)
    )
    return {(r["start_month"], r["age_group"]): r["places"] for r in rows}


async def save_free_places(
    tenant: str, facility_id: int, months: list[dt.date], places: dict[tuple[dt.date, str], int]
) -> dt.datetime:
    """Replace the free places of these months (zero means none: no row) and stamp the facility ("Stand").
    Months outside the form stay as they are. Call inside a transaction."""
    now = utcnow()
    await FreePlaces.delete().where(
        (FreePlaces.tenant == tenant)
        & (FreePlaces.facility == facility_id)
        & FreePlaces.start_month.is_in(months)
    )
    rows = [
        FreePlaces(tenant=tenant, facility=facility_id, start_month=month, age_group=group, places=n)
        for (month, group), n in sorted(places.items())
        if n > 0 and month in months
    ]
    if rows:
        await FreePlaces.insert(*rows)
    await Facility.update({Facility.places_updated_at: now, Facility.updated_at: now}).where(
        (Facility.tenant == tenant) & (Facility.id == facility_id)
    )
    return now
