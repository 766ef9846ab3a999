"""Search in the Kita and child-minder directory: pure helpers, an in-memory index, and a per-tenant cache.

* Helpers (pure, no hidden clock): `age_in_months`, `reference_date`, `child_age_at`, `is_born`,
  `eligible_at`, `age_group`, `distance_km`, `name_sort_key`, `first_of_month` and `matches` (the filter
  semantics for one record, also the reference the index is tested against).
* `FacilityIndex`: an immutable snapshot of one tenant's records that answers `search` and `get` fast.
  Every filter value is a posting bitset (a Python int, bit i = record i) in two numberings: by name
  (queries without a centre: the first set bits are the first hits, `total` is a popcount) and by place
  (records grouped in latitude rows, sorted by longitude inside a row: a radius query takes one contiguous
  index range per row, and a row part that lies wholly inside the circle is counted without computing a
  single distance; distances there are computed only while they can still reach the requested page).
* `Directory`: one index per tenant for the app process; it asks `version(tenant)` at most once per
  `freshness_seconds` and rebuilds the index when the fingerprint changed, so every process of a scaled-out
  deployment picks up an import done by another process.

Filter semantics (all given filters must hold):

* centre: `lat` and `lon` both given and finite; then only records within `radius_km` (great-circle
  distance, haversine, inclusive) match, and hits are sorted by distance, then by name. Without a centre
  hits are sorted by name (German dictionary order: case-insensitive, umlauts as their base vowel).
* `district`: exact name, case-insensitive (surrounding blanks ignored; empty means no filter).
* child's age: `child_birth_date` is a birth or an expected birth date; the age is taken at `start_month`
  (or at `today` when no start is given). A child not yet born at that date fits nowhere; otherwise
  `age_min_months <= age <= age_max_months`.
* `hours`: a Kita offers exactly that booking among `hours_offered`; a child-minder's `hours_offered[0]` (the
  maximum hours a week) is at least the wanted hours.
* `kind`; `traeger_types` (any of them); `tags` (all of them).
* `free_from`: a FreePlace with places > 0 starting in the month of `free_from` or later, for the child's age
  group at the start ("u3" under 36 months, else "ue3"), or for any age group when no child is given.
* `limit`/`offset` apply after sorting (negative values count as 0); `total` counts all matches.
"""

from __future__ import annotations

import asyncio
import calendar
import datetime as dt
import heapq
import itertools
import math
import operator
import time
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Awaitable, Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field

from server.facilities.schemas import FacilityRecord, SearchHit, SearchQuery, SearchResult
from server.logs import log

__all__ = [
    "EARTH_RADIUS_KM",
    "U3_LIMIT_MONTHS",
    "Directory",
    "FacilityIndex",
    "age_group",
    "age_in_months",
    "child_age_at",
    "distance_km",
    "eligible_at",
    "first_of_month",
    "free_place_groups",
    "is_born",
    "matches",
    "name_sort_key",
    "reference_date",
]

EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG)
U3_LIMIT_MONTHS = 36  # "u3" is under 36 months at the start, "ue3" from 36 months on
TAGESPFLEGE = "tagespflege"
# Latitude rows of the spatial layout: ~280 m high. Narrow rows keep the part of a circle that has to be
# checked record by record (the rim) small; each row costs a few big-int operations per query.
ROW_HEIGHT_DEG = 0.0025
_LON_MARGIN_RAD = 1e-7  # ~0.6 m: candidate ranges are widened by this (every candidate is checked exactly)
_CORE_MARGIN_KM = 1e-6  # a row part counts as inside the circle only if it is inside by at least 1 mm
_LAT_EPS_DEG = 1e-9  # row bounds are widened by this against rounding in floor(lat / height)
_POLAR_LAT_DEG = 89.0  # circles reaching beyond this latitude are answered by checking every candidate
_TWO_R = 2.0 * EARTH_RADIUS_KM


# --- pure helpers ---------------------------------------------------------------------------------------


def age_in_months(birth: dt.date, at: dt.date) -> int:
    """Completed months of life at `at` (negative when `at` is before `birth`).

    A month is complete on the same day of a later month, or on that month's last day when it has no such
    day (born 31 Jan: one month on 28/29 Feb; born 29 Feb: twelve months on 28 Feb of the next year).
    """
    months = (at.year - birth.year) * 12 + (at.month - birth.month)
    if at.day < birth.day and not _is_last_day_of_month(at):
        months -= 1
    return months


def _is_last_day_of_month(day: dt.date) -> bool:
    return day.day == calendar.monthrange(day.year, day.month)[1]


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def reference_date(query: SearchQuery, today: dt.date) -> dt.date:
    """The date the child's age is taken at: the desired start month, else today."""
    return query.start_month if query.start_month is not None else today


def is_born(birth: dt.date, at: dt.date) -> bool:
    """Whether a child with this birth (or expected birth) date is born at `at` (born on `at` counts)."""
    return birth <= at


def child_age_at(birth: dt.date, at: dt.date) -> int | None:
    """Age in completed months at `at`, or None if the child is not born yet at that date."""
    return age_in_months(birth, at) if is_born(birth, at) else None


def age_group(age_months: int) -> str:
    """Free-place age group of a child of this age at the start: "u3" (under 36 months) or "ue3"."""
    return "u3" if age_months < U3_LIMIT_MONTHS else "ue3"


def eligible_at(record: FacilityRecord, birth: dt.date, at: dt.date) -> bool:
    """Whether the facility takes a child born (or expected) on `birth` at the date `at` (the start)."""
    age = child_age_at(birth, at)
    return age is not None and record.age_min_months <= age <= record.age_max_months


def free_place_groups(birth: dt.date | None, at: dt.date) -> tuple[str, ...]:
    """The age groups whose free places count for a child (all groups when no child is given)."""
    if birth is None:
        return ("u3", "ue3")
    age = child_age_at(birth, at)
    return () if age is None else (age_group(age),)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (haversine, mean Earth radius 6371.0088 km); NaN for infinite input."""
    phi1 = math.radians(lat1)
    phi2 = math.radians(lat2)
    try:
        return _haversine_km(
            phi1, math.radians(lon1), math.cos(phi1), phi2, math.radians(lon2), math.cos(phi2)
        )
    except ValueError:  # sin/cos of an infinite angle
        return math.nan


def _haversine_km(phi1: float, lam1: float, cos1: float, phi2: float, lam2: float, cos2: float) -> float:
    # FacilityIndex._search_near inlines exactly these operations (same order), so its distances are
    # bit-identical to distance_km's. `a` leaves [0, 1] only by rounding, or for latitudes beyond +-90.
    s = math.sin((phi2 - phi1) * 0.5)
    t = math.sin((lam2 - lam1) * 0.5)
    a = s * s + cos1 * cos2 * t * t
    return _TWO_R * math.asin(math.sqrt(a if a < 1.0 else 1.0)) if a >= 0.0 else 0.0


# Casefolded letters to their DIN 5007-1 sort form; anything else non-ASCII goes through NFKD.
_FOLD = str.maketrans(
    {
        **dict.fromkeys("àáâãäåāăą", "a"),
        **dict.fromkeys("çćĉċč", "c"),
        **dict.fromkeys("èéêëēĕėęě", "e"),
        **dict.fromkeys("ìíîïĩīĭįı", "i"),
        **dict.fromkeys("ñńņňŉ", "n"),
        **dict.fromkeys("òóôõöøōŏő", "o"),
        **dict.fromkeys("ùúûüũūŭůűų", "u"),
        **dict.fromkeys("ýÿŷ", "y"),
        **dict.fromkeys("śŝşšș", "s"),
        **dict.fromkeys("źżž", "z"),
        **dict.fromkeys("ďđ", "d"),
        **dict.fromkeys("ĺļľŀł", "l"),
        **dict.fromkeys("ŕŗř", "r"),
        **dict.fromkeys("ţťțŧ", "t"),
        **dict.fromkeys("ĝğġģ", "g"),
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "–": "-",
        "—": "-",
    }
)
_COMBINING = dict.fromkeys(
    [*range(0x300, 0x370), *range(0x1AB0, 0x1B00), *range(0x1DC0, 0x1E00), *range(0x20D0, 0x2100)]
)


def name_sort_key(name: str) -> str:
    """German dictionary order (DIN 5007-1): case-insensitive, ä/ö/ü as a/o/u, ß as ss, accents dropped."""
    key = name.casefold()  # also ß -> ss
    if key.isascii():
        return key
    key = key.replace("ä", "a").replace("ö", "o").replace("ü", "u")  # fast path: German names
    if key.isascii():
        return key
    return unicodedata.normalize("NFKD", key.translate(_FOLD)).translate(_COMBINING)


def _norm_text(value: str | None) -> str:
    return (value or "").strip().casefold()


def _has_center(query: SearchQuery) -> bool:
    return (
        query.lat is not None
        and query.lon is not None
        and math.isfinite(query.lat)
        and math.isfinite(query.lon)
    )


def _offers_hours(record: FacilityRecord, hours: int) -> bool:
    if record.kind == TAGESPFLEGE:
        return bool(record.hours_offered) and record.hours_offered[0] >= hours
    return hours in record.hours_offered


def matches(record: FacilityRecord, query: SearchQuery, today: dt.date) -> bool:
    """Whether one record satisfies every filter of the query (the centre/radius included)."""
    if query.kind and record.kind != query.kind:
        return False
    if query.traeger_types and record.traeger_type not in query.traeger_types:
        return False
    if query.tags and not set(query.tags).issubset(record.concept_tags):
        return False
    district = _norm_text(query.district)
    if district and _norm_text(record.district) != district:
        return False
    if query.hours is not None and not _offers_hours(record, query.hours):
        return False
    at = reference_date(query, today)
    if query.child_birth_date is not None and not eligible_at(record, query.child_birth_date, at):
        return False
    if query.free_from is not None:
        groups = free_place_groups(query.child_birth_date, at)
        start = first_of_month(query.free_from)
        if not any(
            p.places > 0 and p.age_group in groups and p.start_month >= start for p in record.free_places
        ):
            return False
    if _has_center(query):
        assert query.lat is not None and query.lon is not None
        if not distance_km(query.lat, query.lon, record.lat, record.lon) <= query.radius_km:
            return False
    return True


# --- bitsets ----------------------------------------------------------------------------------------------


def _positions(bits: int, count: int | None = None) -> list[int]:
    """Indices of the set bits of `bits`, ascending; only the first `count` when given."""
    if not bits:
        return []
    text = bin(bits)[:1:-1]  # bit 0 first, without the "0b" prefix
    find = text.find
    out: list[int] = []
    append = out.append
    i = find("1")
    if count is None:
        while i >= 0:
            append(i)
            i = find("1", i + 1)
    else:
        while i >= 0 and count > 0:
            append(i)
            count -= 1
            i = find("1", i + 1)
    return out


class _Permutation:
    """The name ranks in spatial order; calling it reorders a per-record list from name to spatial order."""

    def __init__(self, order: Sequence[int]) -> None:
        self.order = tuple(order)
        self._take = operator.itemgetter(*order) if len(order) > 1 else None

    def __call__(self, values: Sequence) -> tuple:
        if self._take is None:
            return tuple(values)
        return self._take(values)


def _bits_from_mask(mask: bytes) -> int:
    """The int whose bit i is set where mask[i] is ASCII "1" (mask holds only "0" and "1")."""
    return int(mask[::-1], 2) if mask else 0


def _posting_bits(
    values: Sequence[Hashable], keys_of: Callable[[Hashable], Iterable[Hashable]], geo_rank: _Permutation
) -> dict[Hashable, tuple[int, int]]:
    """Bitsets (by place, by name) per key, from one value per record (in name order) and the keys each
    distinct value belongs to. With at most 256 distinct values every bitset is made at C speed: the values
    become one byte code per record and `bytes.translate` turns the codes into a "0"/"1" mask per key."""
    distinct: dict[Hashable, int] = dict.fromkeys(values, 0)
    for code, value in enumerate(distinct):
        distinct[value] = code
    codes = list(map(distinct.__getitem__, values))
    members: dict[Hashable, list[int]] = {}
    for value, code in distinct.items():
        for key in keys_of(value):
            members.setdefault(key, []).append(code)
    out: dict[Hashable, tuple[int, int]] = {}
    if len(distinct) <= 256:
        by_name = bytes(codes)
        by_place = bytes(geo_rank(codes))
        for key, member_codes in members.items():
            table = bytearray(b"0" * 256)
            for code in member_codes:
                table[code] = 0x31  # "1"
            out[key] = (_bits_from_mask(by_place.translate(table)), _bits_from_mask(by_name.translate(table)))
        return out
    keys_by_code: list[list[Hashable]] = [[] for _ in distinct]
    for key, member_codes in members.items():
        for code in member_codes:
            keys_by_code[code].append(key)
    size = len(codes)
    masks = {key: (bytearray(b"0" * size), bytearray(b"0" * size)) for key in members}
    for place, rank in enumerate(geo_rank.order):
        for key in keys_by_code[codes[rank]]:
            geo_mask, name_mask = masks[key]
            geo_mask[place] = name_mask[rank] = 0x31
    return {key: (_bits_from_mask(g), _bits_from_mask(m)) for key, (g, m) in masks.items()}


@dataclass(frozen=True, slots=True)
class _Threshold:
    """Bitsets over the sorted distinct values (levels) of an ordered field (ages, hours, months): per level,
    the records whose value is <= it (`at_most`) or >= it (not `at_most`); records without a value never."""

    levels: tuple
    bits: tuple[tuple[int, int], ...]

    @classmethod
    def build(cls, values: Sequence, geo_rank: _Permutation, *, at_most: bool) -> _Threshold:
        levels = sorted({v for v in values if v is not None})

        def keys_of(value: Hashable) -> Sequence:
            if value is None:
                return ()
            if at_most:
                return levels[bisect_left(levels, value) :]  # value <= level
            return levels[: bisect_right(levels, value)]  # value >= level

        bits = _posting_bits(values, keys_of, geo_rank)
        return cls(tuple(levels), tuple(bits.get(level, (0, 0)) for level in levels))

    def at_most(self, value: object, space: int) -> int:
        """Records whose value is <= `value` (for a threshold built with at_most=True)."""
        i = bisect_right(self.levels, value) - 1
        return self.bits[i][space] if i >= 0 else 0

    def at_least(self, value: object, space: int) -> int:
        """Records whose value is >= `value` (for a threshold built with at_most=False)."""
        i = bisect_left(self.levels, value)
        return self.bits[i][space] if i < len(self.levels) else 0


def _latest_free(records: Sequence[FacilityRecord]) -> dict[str, list[dt.date | None]]:
    """Per record, the latest month with places > 0: for "u3", for "ue3" and for either ("any")."""
    u3s: list[dt.date | None] = []
    ue3s: list[dt.date | None] = []
    anys: list[dt.date | None] = []
    for record in records:
        u3 = ue3 = None
        for place in record.free_places:
            if place.places > 0:
                if place.age_group == "u3":
                    if u3 is None or place.start_month > u3:
                        u3 = place.start_month
                elif place.age_group == "ue3" and (ue3 is None or place.start_month > ue3):
                    ue3 = place.start_month
        u3s.append(u3)
        ue3s.append(ue3)
        anys.append(u3 if ue3 is None else ue3 if u3 is None else max(u3, ue3))
    return {"u3": u3s, "ue3": ue3s, "any": anys}


def _one(value: Hashable) -> tuple[Hashable]:
    return (value,)


_SEP = "\x1f"  # a record's tags (or hours) as one string, each value led by _SEP: strings are not GC-tracked


def _joined(values: Iterable[object]) -> str:
    return "".join(_SEP + v for v in sorted({str(v) for v in values}))


def _split(value: str) -> list[str]:
    return value.split(_SEP)[1:]


def _split_ints(value: str) -> list[int]:
    return [int(v) for v in value.split(_SEP)[1:]]


# --- the index --------------------------------------------------------------------------------------------

_GEO, _NAME = 0, 1


class FacilityIndex:
    """An immutable in-memory snapshot of one tenant's facilities, built once, searched many times."""

    __slots__ = (
        "_all",
        "_by_id",
        "_geo_cos",
        "_geo_lam",
        "_geo_phi",
        "_geo_rank",
        "_geo_records",
        "_odd_start",
        "_kinds",
        "_traeger",
        "_districts",
        "_tags",
        "_kita_hours",
        "_tp_hours",
        "_age_min",
        "_age_max",
        "_free",
        "_row_height",
        "_row_keys",
        "_row_lons",
        "_row_masks",
        "_row_starts",
        "_by_name",
    )

    def __init__(self, records: Iterable[FacilityRecord], *, row_height_deg: float = ROW_HEIGHT_DEG) -> None:
        if not row_height_deg > 0:
            raise ValueError("row_height_deg must be positive")
        # Building allocates as few GC-tracked objects as it can (no key tuples, no per-record sets): with
        # tens of thousands of records in memory every full collection during the build is expensive.
        by_name = sorted(records, key=_record_id)  # by (sort key, name, id), with stable sorts
        by_name.sort(key=_record_name)
        by_name.sort(key=_record_sort_key)
        n = len(by_name)
        self._by_name: tuple[FacilityRecord, ...] = tuple(by_name)
        self._by_id = {r.id: r for r in by_name}
        self._row_height = row_height_deg
        self._all = (1 << n) - 1

        # Spatial numbering: rows of latitude, by longitude inside a row; records whose coordinates the
        # row layout cannot place (not finite, |lat| > 90) come last and are always checked one by one.
        rows = [_row_of(r.lat, r.lon, row_height_deg) for r in by_name]
        lons = [_wrap_lon(r.lon) if row is not None else 0.0 for r, row in zip(by_name, rows, strict=True)]
        odd = [rank for rank, row in enumerate(rows) if row is None]
        placed = sorted((rank for rank, row in enumerate(rows) if row is not None), key=lons.__getitem__)
        placed.sort(key=rows.__getitem__)  # stable: by (row, longitude, name rank)
        geo_rank = placed + odd
        self._odd_start = len(placed)
        row_keys: list[int] = []
        row_starts: list[int] = []
        row_lons: list[tuple[float, ...]] = []
        pos = 0
        for row, group in itertools.groupby(placed, key=rows.__getitem__):
            row_lon = tuple(map(lons.__getitem__, group))
            row_keys.append(row)
            row_starts.append(pos)
            row_lons.append(row_lon)
            pos += len(row_lon)
        self._row_keys = tuple(row_keys)
        self._row_starts = tuple(row_starts)
        self._row_lons = tuple(row_lons)
        self._row_masks = tuple((1 << len(lons)) - 1 for lons in row_lons)

        geo_order = _Permutation(geo_rank)
        self._geo_rank = geo_order.order
        self._geo_records = geo_order(by_name)
        phis = [math.radians(r.lat) for r in self._geo_records]
        self._geo_phi = tuple(phis)
        self._geo_lam = tuple(math.radians(r.lon) for r in self._geo_records)
        self._geo_cos = tuple(math.cos(p) for p in phis)

        # Posting bitsets per filter value, and thresholds for the ordered fields.
        tp = [r.kind == TAGESPFLEGE for r in by_name]
        self._kinds = _posting_bits([r.kind for r in by_name], _one, geo_order)
        self._traeger = _posting_bits([r.traeger_type for r in by_name], _one, geo_order)
        self._districts = _posting_bits([_norm_text(r.district) for r in by_name], _one, geo_order)
        self._tags = _posting_bits([_joined(r.concept_tags) for r in by_name], _split, geo_order)
        self._kita_hours = _posting_bits(
            ["" if t else _joined(r.hours_offered) for r, t in zip(by_name, tp, strict=True)],
            _split_ints,
            geo_order,
        )
        self._tp_hours = _Threshold.build(
            [r.hours_offered[0] if t and r.hours_offered else None for r, t in zip(by_name, tp, strict=True)],
            geo_order,
            at_most=False,
        )
        self._age_min = _Threshold.build([r.age_min_months for r in by_name], geo_order, at_most=True)
        self._age_max = _Threshold.build([r.age_max_months for r in by_name], geo_order, at_most=False)
        self._free = {
            group: _Threshold.build(months, geo_order, at_most=False)
            for group, months in _latest_free(by_name).items()
        }

    # -- lookups --

    def __len__(self) -> int:
        return len(self._by_name)

    @property
    def records(self) -> tuple[FacilityRecord, ...]:
        """All records in name order."""
        return self._by_name

    def get(self, facility_id: int) -> FacilityRecord | None:
        return self._by_id.get(facility_id)

    # -- search --

    def search(self, query: SearchQuery, today: dt.date) -> SearchResult:
        limit = max(query.limit, 0)
        offset = max(query.offset, 0)
        want = offset + limit if limit else 0
        if _has_center(query):
            bits = self._filter_bits(query, today, _GEO)
            if not bits:
                return SearchResult(hits=[], total=0)
            return self._search_near(query, bits, offset, want)
        bits = self._filter_bits(query, today, _NAME)
        total = bits.bit_count()
        if not want or offset >= total:
            return SearchResult(hits=[], total=total)
        by_name = self._by_name
        ranks = _positions(bits, want)[offset:]
        return SearchResult(hits=[SearchHit(by_name[i], None) for i in ranks], total=total)

    def _filter_bits(self, query: SearchQuery, today: dt.date, space: int) -> int:
        """AND of the posting bitsets of every filter except the centre, in one numbering."""
        bits = self._all

        def posting(table: dict[Hashable, tuple[int, int]], key: Hashable) -> int:
            entry = table.get(key)
            return entry[space] if entry is not None else 0

        if query.kind:
            bits &= posting(self._kinds, query.kind)
        if query.traeger_types:
            any_of = 0
            for traeger in set(query.traeger_types):
                any_of |= posting(self._traeger, traeger)
            bits &= any_of
        for tag in set(query.tags):
            bits &= posting(self._tags, tag)
        district = _norm_text(query.district)
        if district:
            bits &= posting(self._districts, district)
        if query.hours is not None:
            bits &= posting(self._kita_hours, query.hours) | self._tp_hours.at_least(query.hours, space)
        if not bits:
            return 0
        at = reference_date(query, today)
        if query.child_birth_date is not None:
            age = child_age_at(query.child_birth_date, at)
            if age is None:
                return 0
            bits &= self._age_min.at_most(age, space) & self._age_max.at_least(age, space)
        if query.free_from is not None:
            groups = free_place_groups(query.child_birth_date, at)
            if not groups:
                return 0
            free = self._free["any" if len(groups) > 1 else groups[0]]
            bits &= free.at_least(first_of_month(query.free_from), space)
        return bits

    def _search_near(self, query: SearchQuery, bits: int, offset: int, want: int) -> SearchResult:
        assert query.lat is not None and query.lon is not None
        lat_c, lon_c, radius = query.lat, query.lon, query.radius_km
        if not radius >= 0:  # negative or NaN: nothing is that close
            return SearchResult(hits=[], total=0)
        phi_c = math.radians(lat_c)
        lam_c = math.radians(lon_c)
        cos_c = math.cos(phi_c)
        ang = radius / EARTH_RADIUS_KM
        phis, lams, coss, ranks = self._geo_phi, self._geo_lam, self._geo_cos, self._geo_rank
        sin, asin, sqrt = math.sin, math.asin, math.sqrt
        two_r = _TWO_R

        found: list[tuple[float, int, int]] = []  # (distance, name rank, geo index) of rim matches
        total = 0

        def check(positions: Iterable[int]) -> None:
            """Exact distance check of placed records (finite, |lat| <= 90) around a valid centre."""
            nonlocal total
            for i in positions:
                s = sin((phis[i] - phi_c) * 0.5)
                t = sin((lams[i] - lam_c) * 0.5)
                a = s * s + cos_c * coss[i] * t * t
                d = two_r * asin(sqrt(a if a < 1.0 else 1.0))
                if d <= radius:
                    found.append((d, ranks[i], i))
                    total += 1

        def check_odd(positions: Iterable[int]) -> None:
            """The same through distance_km, for records or centres the row layout cannot place."""
            nonlocal total
            records = self._geo_records
            for i in positions:
                d = distance_km(lat_c, lon_c, records[i].lat, records[i].lon)
                if d <= radius:
                    found.append((d, ranks[i], i))
                    total += 1

        cores: list[tuple[float, int, int]] = []  # (lower bound km, base geo index, bits) wholly inside
        odd_start = self._odd_start
        if not -90.0 <= lat_c <= 90.0:
            check_odd(_positions(bits))
        else:
            if bits >> odd_start:
                check_odd(odd_start + i for i in _positions(bits >> odd_start))
                bits &= (1 << odd_start) - 1
            if abs(lat_c) + math.degrees(ang) >= _POLAR_LAT_DEG:
                check(_positions(bits))  # the circle reaches a pole (or is huge): check every candidate
            else:
                self._scan_rows(bits, (lat_c, lon_c, phi_c, cos_c), ang, radius, check, cores)
        for _, _, core in cores:
            total += core.bit_count()

        if not want or offset >= total:
            return SearchResult(hits=[], total=total)
        # The page: the `want` nearest by (distance, name). Rim matches are all known; inside parts are
        # opened nearest-first and only while their lower bound can still beat the current last place.
        heap = [(-d, -rank, i) for d, rank, i in heapq.nsmallest(want, found)]
        heapq.heapify(heap)
        cores.sort(key=lambda c: c[0])
        for bound, base, core in cores:
            if len(heap) >= want and -heap[0][0] < bound:
                break
            for j in _positions(core):
                i = base + j
                s = sin((phis[i] - phi_c) * 0.5)
                t = sin((lams[i] - lam_c) * 0.5)
                a = s * s + cos_c * coss[i] * t * t
                d = two_r * asin(sqrt(a if a < 1.0 else 1.0))
                entry = (-d, -ranks[i], i)
                if len(heap) < want:
                    heapq.heappush(heap, entry)
                elif entry > heap[0]:
                    heapq.heapreplace(heap, entry)
        ordered = sorted((-nd, -nr, i) for nd, nr, i in heap)[offset:want]
        records = self._geo_records
        return SearchResult(hits=[SearchHit(records[i], d) for d, _, i in ordered], total=total)

    def _scan_rows(
        self,
        bits: int,
        center: tuple[float, float, float, float],
        ang: float,
        radius: float,
        check: Callable[[Iterable[int]], None],
        cores: list[tuple[float, int, int]],
    ) -> None:
        """Visit the latitude rows the circle reaches: check rim candidates, collect wholly-inside parts.

        Only for circles that stay clear of the poles (the caller checks): then every parallel the circle
        reaches meets it in one longitude interval around the centre, widest at the latitude `widest`.
        """
        lat_c, lon_c, phi_c, cos_c = center
        height = self._row_height
        ang_deg = math.degrees(ang)
        keys = self._row_keys
        first = bisect_left(keys, math.floor((lat_c - ang_deg) / height) - 1)
        last = bisect_right(keys, math.floor((lat_c + ang_deg) / height) + 1)
        sin_c = math.sin(phi_c)
        cos_r = math.cos(ang)
        lam_c = math.radians(lon_c)
        lon_w = _wrap_lon(lon_c)
        widest = math.asin(max(-1.0, min(1.0, sin_c / cos_r)))
        cap_lo, cap_hi = phi_c - ang, phi_c + ang
        starts, lons_by_row, masks = self._row_starts, self._row_lons, self._row_masks
        for k in range(first, last):
            row = keys[k]
            lo_rad = math.radians(row * height - _LAT_EPS_DEG)
            hi_rad = math.radians((row + 1) * height + _LAT_EPS_DEG)
            if hi_rad < cap_lo or lo_rad > cap_hi:
                continue
            row_bits = (bits >> starts[k]) & masks[k]
            if not row_bits:
                continue
            base = starts[k]
            lons = lons_by_row[k]
            # Half-width in longitude of the circle over the part of this row it reaches.
            a_lat, b_lat = max(lo_rad, cap_lo), min(hi_rad, cap_hi)
            outer = max(
                _span(a_lat, sin_c, cos_c, cos_r) or 0.0,
                _span(b_lat, sin_c, cos_c, cos_r) or 0.0,
                _span(min(max(widest, a_lat), b_lat), sin_c, cos_c, cos_r) or 0.0,
            )
            outer_deg = math.degrees(outer + _LON_MARGIN_RAD)
            if lon_w - outer_deg < -180.0 or lon_w + outer_deg >= 180.0:
                check(base + j for j in _positions(row_bits))  # wraps around the date line: whole row
                continue
            lo = bisect_left(lons, lon_w - outer_deg)
            hi = bisect_right(lons, lon_w + outer_deg)
            if lo >= hi:
                continue
            # The part of the row wholly inside the circle. Along a parallel the distance grows with the
            # longitude difference, along a meridian it has no interior maximum: a rectangle is inside iff
            # its corners are, and by symmetry the two corners on one side suffice.
            c_lo = c_hi = lo
            inner = min(_span(lo_rad, sin_c, cos_c, cos_r) or 0.0, _span(hi_rad, sin_c, cos_c, cos_r) or 0.0)
            if inner > 2 * _LON_MARGIN_RAD:
                inner -= _LON_MARGIN_RAD
                corner = lam_c + inner
                worst = max(
                    _haversine_km(phi_c, lam_c, cos_c, lo_rad, corner, math.cos(lo_rad)),
                    _haversine_km(phi_c, lam_c, cos_c, hi_rad, corner, math.cos(hi_rad)),
                )
                if worst <= radius - _CORE_MARGIN_KM:
                    inner_deg = math.degrees(inner)
                    c_lo = max(lo, bisect_left(lons, lon_w - inner_deg))
                    c_hi = min(hi, bisect_right(lons, lon_w + inner_deg))
            if c_lo < c_hi:
                left = (row_bits >> lo) & ((1 << (c_lo - lo)) - 1)
                core = (row_bits >> c_lo) & ((1 << (c_hi - c_lo)) - 1)
                right = (row_bits >> c_hi) & ((1 << (hi - c_hi)) - 1)
                if left:
                    check(base + lo + j for j in _positions(left))
                if right:
                    check(base + c_hi + j for j in _positions(right))
                if core:
                    # Lower bound of the distance of anything in this part: its latitude gap.
                    gap = max(0.0, lo_rad - phi_c, phi_c - hi_rad)
                    cores.append((EARTH_RADIUS_KM * gap * (1.0 - 1e-9), base + c_lo, core))
            else:
                part = (row_bits >> lo) & ((1 << (hi - lo)) - 1)
                if part:
                    check(base + lo + j for j in _positions(part))


def _record_id(record: FacilityRecord) -> int:
    return record.id


def _record_name(record: FacilityRecord) -> str:
    return record.name


def _record_sort_key(record: FacilityRecord) -> str:
    return name_sort_key(record.name)


def _row_of(lat: float, lon: float, height: float) -> int | None:
    """The latitude row of a point, or None for coordinates the row layout cannot place."""
    if -90.0 <= lat <= 90.0 and math.isfinite(lon):  # False for NaN
        return math.floor(lat / height)
    return None


def _wrap_lon(lon: float) -> float:
    """Longitude in [-180, 180)."""
    return (lon + 180.0) % 360.0 - 180.0


def _span(phi: float, sin_c: float, cos_c: float, cos_r: float) -> float | None:
    """Half the longitude span (radians) of the circle along the parallel `phi` (pi: the whole parallel),
    or None when the parallel misses the circle."""
    denom = math.cos(phi) * cos_c
    if denom <= 0.0:
        return None
    value = (cos_r - math.sin(phi) * sin_c) / denom
    if value > 1.0:
        return None
    if value <= -1.0:
        return math.pi
    return math.acos(value)


# --- the per-process directory ----------------------------------------------------------------------------

Loader = Callable[[str], Awaitable[Sequence[FacilityRecord]]]
Version = Callable[[str], Awaitable[str]]


@dataclass(slots=True)
class _TenantState:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    index: FacilityIndex | None = None
    version: str | None = None
    checked_at: float = -math.inf
    wanted: int = 0  # bumped by Directory.invalidate
    built: int = 0  # the value of `wanted` when the current index was built
    failed_at: float = -math.inf


class Directory:
    """One FacilityIndex per tenant for this process, refreshed when the tenant's data version changes.

    `version(tenant)` is called at most once per `freshness_seconds` per tenant; when its fingerprint
    differs from the one the index was built for, the records are loaded again and a new index is built
    (one reload at a time per tenant; searches arriving meanwhile keep using the previous index).
    """

    def __init__(
        self,
        loader: Loader | None = None,
        version: Version | None = None,
        *,
        freshness_seconds: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
        build: Callable[[Sequence[FacilityRecord]], FacilityIndex] = FacilityIndex,
    ) -> None:
        if loader is None or version is None:
            from server.facilities import services  # imports the tables: only when really used

            loader = loader or services.load_records
            version = version or services.directory_version
        self._loader = loader
        self._version = version
        self._freshness = freshness_seconds
        self._clock = clock
        self._build = build
        self._states: dict[str, _TenantState] = {}

    async def search(self, tenant: str, query: SearchQuery, today: dt.date) -> SearchResult:
        return (await self.index(tenant)).search(query, today)

    async def get(self, tenant: str, facility_id: int) -> FacilityRecord | None:
        return (await self.index(tenant)).get(facility_id)

    def invalidate(self, tenant: str) -> None:
        """Reload this tenant's records at the next use (e.g. right after an import in this process)."""
        state = self._states.get(tenant)
        if state is not None:
            state.wanted += 1

    async def index(self, tenant: str) -> FacilityIndex:
        """The tenant's current index, checked against the data version when that check is due."""
        state = self._states.get(tenant)
        if state is None:
            state = self._states[tenant] = _TenantState()
        current = state.index
        if current is not None and not self._due(state):
            return current
        if current is not None and state.lock.locked():
            return current  # another task is checking or reloading: serve the snapshot we have
        async with state.lock:
            if state.index is not None and not self._due(state):
                return state.index
            await self._refresh(tenant, state)
            assert state.index is not None
            return state.index

    def _due(self, state: _TenantState) -> bool:
        now = self._clock()
        if now - state.failed_at < self._freshness:
            return False  # the last refresh failed: keep serving the snapshot, retry after the interval
        return state.wanted != state.built or now - state.checked_at >= self._freshness

    async def _refresh(self, tenant: str, state: _TenantState) -> None:
        wanted = state.wanted
        try:
            fingerprint = await self._version(tenant)
            if state.index is None or wanted != state.built or fingerprint != state.version:
                started = time.perf_counter()
                records = await self._loader(tenant)
                loaded = time.perf_counter()
                # Building takes a while at tens of thousands of records: off the event loop.
                state.index = await asyncio.to_thread(self._build, records)
                state.version = fingerprint
                state.built = wanted
                log.info(
                    "directory_index_loaded",
                    tenant=tenant,
                    records=len(state.index),
                    load_ms=round((loaded - started) * 1000, 1),
                    build_ms=round((time.perf_counter() - loaded) * 1000, 1),
                )
        except Exception as exc:
            if state.index is None:
                raise
            state.failed_at = self._clock()
            log.exception("directory_refresh_failed", tenant=tenant, error=type(exc).__name__)
        state.checked_at = self._clock()
