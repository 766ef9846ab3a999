"""Directory data access: load the tenant's facilities for search and pages, and upsert imported rows.

Every query is filtered by tenant. Every write path sets `facility.updated_at` (also when only the free
places of a facility changed), so `directory_version` can fingerprint a tenant's directory from the facility
table alone.

Free places: a facility's free places are stored only where `places > 0`; a month without a row means no
free place (as of `places_updated_at`). Inputs with zero entries are normalised the same way.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from typing import Any

import msgspec
from piccolo.query.functions.aggregate import Count, Max

from server.facilities.schemas import FacilityFields, FacilityRecord, FreePlace
from server.facilities.tables import Facility, FreePlaces

BATCH_SIZE = 500
# Coordinates closer than this (degrees, ~1 cm) count as unchanged (float round trips through the drivers).
COORDINATE_TOLERANCE = 1e-7


class FacilityInput(FacilityFields, frozen=True, kw_only=True):
    """One facility as an import or the sample generator delivers it; keyed by (tenant, external_id).

    `free_places=None` keeps the stored free places; a tuple (also empty) replaces them. With free places
    given and no `places_updated_at`, the time of the import is stored when the places changed.
    `places_updated_at=None` otherwise keeps the stored value.
    """

    free_places: tuple[FreePlace, ...] | None = None


class RowError(msgspec.Struct, frozen=True):
    """A rejected row: `line` is the file's line number (CSV) or the feature number from 1 (GeoJSON)."""

    line: int
    reason: str


class ImportSummary(msgspec.Struct, kw_only=True):
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    errors: list[RowError] = msgspec.field(default_factory=list)
    notes: list[str] = msgspec.field(default_factory=list)
    dry_run: bool = False
    row_label: str = "Zeile"  # how `RowError.line` counts: "Zeile" (CSV) or "Feature" (GeoJSON)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


# Plain columns written from a FacilityInput (everything but tenant, external_id, places and timestamps).
PLAIN_FIELDS = (
    "kind",
    "name",
    "traeger_name",
    "traeger_type",
    "street",
    "house_number",
    "postcode",
    "city",
    "district",
    "age_min_months",
    "age_max_months",
    "opening_hours",
    "capacity",
    "meals",
    "accessible",
    "phone",
    "email",
    "website",
    "description",
)
JSON_FIELDS = ("group_forms", "hours_offered", "concept_tags", "languages")
_RECORD_COLUMNS = (
    Facility.id,
    Facility.external_id,
    *(Facility._meta.get_column_by_name(name) for name in PLAIN_FIELDS),
    Facility.lat,
    Facility.lon,
    *(Facility._meta.get_column_by_name(name) for name in JSON_FIELDS),
    Facility.places_updated_at,
)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _as_utc(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


class _JsonCache:
    """Decodes the JSON list columns; the same few strings repeat over thousands of rows."""

    def __init__(self) -> None:
        self._str: dict[Any, tuple[str, ...]] = {}
        self._int: dict[Any, tuple[int, ...]] = {}

    def strings(self, raw: Any) -> tuple[str, ...]:
        key = raw if isinstance(raw, str | bytes | None) else msgspec.json.encode(raw)
        found = self._str.get(key)
        if found is None:
            found = self._str[key] = tuple(str(v) for v in _load_list(raw))
        return found

    def ints(self, raw: Any) -> tuple[int, ...]:
        key = raw if isinstance(raw, str | bytes | None) else msgspec.json.encode(raw)
        found = self._int.get(key)
        if found is None:
            found = self._int[key] = tuple(int(v) for v in _load_list(raw))
        return found


def _load_list(raw: Any) -> list[Any]:
    if raw is None or raw == "":
        return []
    if isinstance(raw, str | bytes):
        raw = msgspec.json.decode(raw)
    return list(raw) if isinstance(raw, list | tuple) else []


def _free_place_rows(places: Iterable[FreePlace]) -> tuple[FreePlace, ...]:
    """Sorted, positive only, one entry per (month, age group)."""
    merged: dict[tuple[dt.date, str], int] = {}
    for place in places:
        if place.places > 0:
            merged[(place.start_month, place.age_group)] = place.places
    return tuple(FreePlace(month, group, n) for (month, group), n in sorted(merged.items()))


def _record(row: dict[str, Any], free: tuple[FreePlace, ...], cache: _JsonCache) -> FacilityRecord:
    return FacilityRecord(
        id=row["id"],
        external_id=row["external_id"],
        kind=row["kind"],
        name=row["name"],
        traeger_name=row["traeger_name"],
        traeger_type=row["traeger_type"],
        street=row["street"],
        house_number=row["house_number"],
        postcode=row["postcode"],
        city=row["city"],
        district=row["district"],
        lat=row["lat"],
        lon=row["lon"],
        age_min_months=row["age_min_months"],
        age_max_months=row["age_max_months"],
        group_forms=cache.strings(row["group_forms"]),
        hours_offered=cache.ints(row["hours_offered"]),
        opening_hours=row["opening_hours"],
        capacity=row["capacity"],
        concept_tags=cache.strings(row["concept_tags"]),
        languages=cache.strings(row["languages"]),
        meals=row["meals"],
        accessible=bool(row["accessible"]),
        phone=row["phone"],
        email=row["email"],
        website=row["website"],
        description=row["description"],
        places_updated_at=_as_utc(row["places_updated_at"]),
        free_places=free,
    )


async def _free_places_by_facility(
    tenant: str, facility_ids: Sequence[int] | None
) -> dict[int, list[FreePlace]]:
    query = FreePlaces.select(
        FreePlaces.facility, FreePlaces.start_month, FreePlaces.age_group, FreePlaces.places
    ).where(FreePlaces.tenant == tenant)
    if facility_ids is not None:
        query = query.where(FreePlaces.facility.is_in(list(facility_ids)))
    grouped: dict[int, list[FreePlace]] = {}
    for row in await query.order_by(FreePlaces.facility, FreePlaces.start_month, FreePlaces.age_group):
        grouped.setdefault(row["facility"], []).append(
            FreePlace(row["start_month"], row["age_group"], row["places"])
        )
    return grouped


async def load_records(tenant: str) -> list[FacilityRecord]:
    """All facilities of the tenant (ordered by id) with their free places: two queries."""
    rows = await Facility.select(*_RECORD_COLUMNS).where(Facility.tenant == tenant).order_by(Facility.id)
    places = await _free_places_by_facility(tenant, None)
    cache = _JsonCache()
    return [_record(row, tuple(places.get(row["id"], ())), cache) for row in rows]


async def get_record(tenant: str, facility_id: int) -> FacilityRecord | None:
    row = (
        await Facility.select(*_RECORD_COLUMNS)
        .where((Facility.tenant == tenant) & (Facility.id == facility_id))
        .first()
    )
    if row is None:
        return None
    places = await _free_places_by_facility(tenant, [facility_id])
    return _record(row, tuple(places.get(facility_id, ())), _JsonCache())


async def directory_version(tenant: str) -> str:
    """A cheap fingerprint of the tenant's directory: changes with every created or changed facility (also
    when only its free places changed) and with every deleted one."""
    row = (
        await Facility.select(
            Count(Facility.id, alias="n"),
            Max(Facility.id, alias="max_id"),
            Max(Facility.updated_at, alias="max_updated"),
        )
        .where(Facility.tenant == tenant)
        .first()
    )
    assert row is not None
    return f"{row['n']}:{row['max_id'] or 0}:{row['max_updated'] or ''}"


# --- upsert -------------------------------------------------------------------------------------------


def _same_coordinate(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=0.0, abs_tol=COORDINATE_TOLERANCE)


def _facility_changed(stored: dict[str, Any], row: FacilityInput, cache: _JsonCache) -> bool:
    for name in PLAIN_FIELDS:
        if stored[name] != getattr(row, name):
            return True
    if not (_same_coordinate(stored["lat"], row.lat) and _same_coordinate(stored["lon"], row.lon)):
        return True
    return (
        cache.strings(stored["group_forms"]) != row.group_forms
        or cache.ints(stored["hours_offered"]) != row.hours_offered
        or cache.strings(stored["concept_tags"]) != row.concept_tags
        or cache.strings(stored["languages"]) != row.languages
    )


# Columns of one upserted facility row, in the order of `_facility_values`.
_WRITE_COLUMNS = (
    "tenant",
    "external_id",
    *PLAIN_FIELDS,
    "lat",
    "lon",
    *JSON_FIELDS,
    "places_updated_at",
    "updated_at",
)


def _facility_values(
    tenant: str, row: FacilityInput, places_updated_at: dt.datetime | None, now: dt.datetime
) -> list[Any]:
    return [
        tenant,
        row.external_id,
        *(getattr(row, name) for name in PLAIN_FIELDS),
        row.lat,
        row.lon,
        *(msgspec.json.encode(getattr(row, name)).decode() for name in JSON_FIELDS),
        places_updated_at,
        now,
    ]


def _placeholders(sql: str, engine_type: str) -> str:
    """Replace each "{}" by the driver's placeholder: "?" (sqlite3) or "$1", "$2" … (asyncpg)."""
    parts = sql.split("{}")
    if engine_type == "sqlite":
        return "?".join(parts)
    return parts[0] + "".join(f"${n}{part}" for n, part in enumerate(parts[1:], start=1))


async def _executemany(sql: str, rows: Sequence[Sequence[Any]]) -> None:
    """Run one statement for many rows on the current transaction's connection.

    Piccolo builds Table instances and nested query strings for a bulk insert (about 0.5 ms a row: 60,000
    rows took half a minute); the drivers' executemany (aiosqlite, asyncpg) run a prepared statement per
    row in C. The SQL is ours, with "{}" placeholders; values are bound, never formatted in."""
    engine = Facility._meta.db
    transaction = engine.current_transaction.get()
    if transaction is None:
        raise RuntimeError("_executemany runs inside a transaction")
    if rows:
        await transaction.connection.executemany(_placeholders(sql, engine.engine_type), rows)


# Our own column names and "{}" placeholders only: nothing from the input is formatted into the SQL.
_UPSERT_SQL = "INSERT INTO facility ({}) VALUES ({}) ON CONFLICT (tenant, external_id) DO UPDATE SET {}"  # noqa: S608
_UPSERT_SQL = _UPSERT_SQL.format(
    ", ".join(_WRITE_COLUMNS),
    ", ".join(["{}"] * len(_WRITE_COLUMNS)),
    ", ".join(f"{name} = excluded.{name}" for name in _WRITE_COLUMNS[2:]),
)
_INSERT_PLACES_SQL = (
    "INSERT INTO facility_free_places (tenant, facility, start_month, age_group, places) "
    "VALUES ({}, {}, {}, {}, {})"
)


class _Plan(msgspec.Struct):
    facilities: list[list[Any]] = msgspec.field(default_factory=list)  # rows of _WRITE_COLUMNS
    places: dict[str, tuple[FreePlace, ...]] = msgspec.field(default_factory=dict)  # external id -> new


async def _plan_batch(
    tenant: str, rows: Sequence[FacilityInput], now: dt.datetime, summary: ImportSummary
) -> _Plan:
    """Compare a batch with the stored rows: what to insert or update, and whose free places to replace."""
    existing = {
        r["external_id"]: r
        for r in await Facility.select(*_RECORD_COLUMNS).where(
            (Facility.tenant == tenant) & Facility.external_id.is_in([row.external_id for row in rows])
        )
    }
    with_places = [
        existing[r.external_id]["id"] for r in rows if r.free_places is not None and r.external_id in existing
    ]
    stored_places = await _free_places_by_facility(tenant, with_places) if with_places else {}
    cache = _JsonCache()
    plan = _Plan()
    for row in rows:
        wanted = None if row.free_places is None else _free_place_rows(row.free_places)
        stamp = _as_utc(row.places_updated_at)
        stored = existing.get(row.external_id)
        if stored is None:
            plan.facilities.append(_facility_values(tenant, row, stamp or (now if wanted else None), now))
            if wanted:
                plan.places[row.external_id] = wanted
            summary.created += 1
            continue
        stored_stamp = _as_utc(stored["places_updated_at"])
        places_changed = wanted is not None and wanted != tuple(stored_places.get(stored["id"], ()))
        if stamp is None:
            stamp = now if places_changed else stored_stamp
        if not places_changed and stamp == stored_stamp and not _facility_changed(stored, row, cache):
            summary.unchanged += 1
            continue
        plan.facilities.append(_facility_values(tenant, row, stamp, now))
        if places_changed:
            plan.places[row.external_id] = wanted or ()
        summary.updated += 1
    return plan


async def _write_plan(tenant: str, plan: _Plan) -> None:
    if not plan.facilities:
        return
    await _executemany(_UPSERT_SQL, plan.facilities)
    if not plan.places:
        return
    id_of = {
        r["external_id"]: r["id"]
        for r in await Facility.select(Facility.id, Facility.external_id).where(
            (Facility.tenant == tenant) & Facility.external_id.is_in(list(plan.places))
        )
    }
    await FreePlaces.delete().where(
        (FreePlaces.tenant == tenant) & FreePlaces.facility.is_in(list(id_of.values()))
    )
    await _executemany(
        _INSERT_PLACES_SQL,
        [
            (tenant, id_of[external_id], place.start_month, place.age_group, place.places)
            for external_id, places in plan.places.items()
            for place in places
        ],
    )


async def upsert_facilities(
    tenant: str,
    rows: Sequence[FacilityInput],
    *,
    dry_run: bool = False,
    batch_size: int = BATCH_SIZE,
    now: dt.datetime | None = None,
) -> ImportSummary:
    """Create or update facilities by (tenant, external_id), one transaction per batch; unchanged rows are
    not written (their `updated_at` stays). With `dry_run`, count what would happen and write nothing.

    The rows must already be valid (see `server.facilities.importer.check_facility`); external ids must be
    unique within `rows`.
    """
    seen: set[str] = set()
    for row in rows:
        if row.external_id in seen:
            raise ValueError(f"duplicate external_id {row.external_id!r}")
        seen.add(row.external_id)
    now = _as_utc(now) or utcnow()
    summary = ImportSummary(dry_run=dry_run)
    for start in range(0, len(rows), batch_size):
        batch = rows[start : start + batch_size]
        if dry_run:
            await _plan_batch(tenant, batch, now, summary)
            continue
        async with Facility._meta.db.transaction():
            await _write_plan(tenant, await _plan_batch(tenant, batch, now, summary))
    return summary
