"""Search: pure helpers, every filter alone and combined, sorting, paging, the row boundaries of the index.

The builders here (record, offset, destination, brute_force) are shared by the other test_search_* modules.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable

import pytest

from server.facilities.schemas import FacilityRecord, FreePlace, SearchHit, SearchQuery, SearchResult
from server.facilities.search import (
    EARTH_RADIUS_KM,
    FacilityIndex,
    age_group,
    age_in_months,
    child_age_at,
    distance_km,
    eligible_at,
    free_place_groups,
    matches,
    name_sort_key,
    reference_date,
)

TODAY = dt.date(2026, 6, 15)
# Wuppertal-Elberfeld
CENTRE = (51.2562, 7.1508)


def destination(lat: float, lon: float, bearing_deg: float, km: float) -> tuple[float, float]:
    """The point `km` away from (lat, lon) in the direction `bearing_deg` (on the same sphere)."""
    phi1, lam1 = math.radians(lat), math.radians(lon)
    theta, delta = math.radians(bearing_deg), km / EARTH_RADIUS_KM
    phi2 = math.asin(math.sin(phi1) * math.cos(delta) + math.cos(phi1) * math.sin(delta) * math.cos(theta))
    lam2 = lam1 + math.atan2(
        math.sin(theta) * math.sin(delta) * math.cos(phi1), math.cos(delta) - math.sin(phi1) * math.sin(phi2)
    )
    return math.degrees(phi2), math.degrees(lam2)


def offset(north_km: float, east_km: float, origin: tuple[float, float] = CENTRE) -> tuple[float, float]:
    """A point roughly north_km north and east_km east of origin (exact distance when one is 0)."""
    km = math.hypot(north_km, east_km)
    bearing = math.degrees(math.atan2(east_km, north_km))
    return destination(origin[0], origin[1], bearing, km)


def record(
    id: int,
    name: str,
    *,
    kind: str = "kita",
    traeger_type: str = "staedtisch",
    district: str = "Elberfeld",
    at: tuple[float, float] = CENTRE,
    ages: tuple[int, int] = (0, 72),
    hours: tuple[int, ...] = (25, 35, 45),
    tags: tuple[str, ...] = (),
    free: tuple[tuple[dt.date, str, int], ...] = (),
) -> FacilityRecord:
    return FacilityRecord(
        id=id,
        external_id=f"ext-{id}",
        kind=kind,
        name=name,
        traeger_type=traeger_type,
        district=district,
        lat=at[0],
        lon=at[1],
        age_min_months=ages[0],
        age_max_months=ages[1],
        hours_offered=hours,
        concept_tags=tags,
        free_places=tuple(FreePlace(month, group, places) for month, group, places in free),
    )


def brute_force(records: list[FacilityRecord], query: SearchQuery, today: dt.date) -> SearchResult:
    """The obvious search: filter every record with `matches`, sort, slice."""
    found = [r for r in records if matches(r, query, today)]
    centred = query.lat is not None and query.lon is not None and math.isfinite(query.lat + query.lon)
    if centred:
        assert query.lat is not None and query.lon is not None
        keyed = [
            ((distance_km(query.lat, query.lon, r.lat, r.lon), name_sort_key(r.name), r.name, r.id), r)
            for r in found
        ]
    else:
        keyed = [((0.0, name_sort_key(r.name), r.name, r.id), r) for r in found]
    keyed.sort(key=lambda pair: pair[0])
    offset, limit = max(query.offset, 0), max(query.limit, 0)
    page = keyed[offset : offset + limit]
    return SearchResult(hits=[SearchHit(r, key[0] if centred else None) for key, r in page], total=len(found))


D = dt.date


# --- age in months ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("birth", "at", "months"),
    [
        (D(2024, 1, 15), D(2024, 1, 15), 0),  # birth day
        (D(2024, 1, 15), D(2024, 2, 14), 0),
        (D(2024, 1, 15), D(2024, 2, 15), 1),
        (D(2024, 1, 15), D(2025, 1, 14), 11),
        (D(2024, 1, 15), D(2025, 1, 15), 12),
        (D(2023, 1, 31), D(2023, 2, 27), 0),
        (D(2023, 1, 31), D(2023, 2, 28), 1),  # February has no 31st: complete on its last day
        (D(2024, 1, 31), D(2024, 2, 28), 0),  # ... but in a leap year only on the 29th
        (D(2024, 1, 31), D(2024, 2, 29), 1),
        (D(2024, 3, 31), D(2024, 4, 30), 1),
        (D(2024, 3, 30), D(2024, 4, 29), 0),
        (D(2024, 3, 30), D(2024, 4, 30), 1),
        (D(2024, 5, 31), D(2024, 6, 29), 0),
        (D(2024, 2, 29), D(2025, 2, 27), 11),  # leap-day child
        (D(2024, 2, 29), D(2025, 2, 28), 12),
        (D(2024, 2, 29), D(2025, 3, 1), 12),
        (D(2024, 2, 29), D(2028, 2, 28), 47),
        (D(2024, 2, 29), D(2028, 2, 29), 48),
        (D(2023, 8, 1), D(2026, 8, 1), 36),  # three years: no longer "u3"
        (D(2023, 8, 2), D(2026, 8, 1), 35),
        (D(2023, 12, 31), D(2024, 1, 1), 0),  # across the year end
        (D(2023, 11, 30), D(2024, 1, 1), 1),
        (D(2024, 3, 15), D(2024, 3, 14), -1),  # not yet born: negative
        (D(2024, 3, 15), D(2024, 2, 15), -1),
        (D(2024, 3, 15), D(2024, 1, 20), -2),
        (D(2024, 3, 31), D(2024, 2, 29), -1),
        (D(1, 1, 1), D(9999, 12, 31), 9998 * 12 + 11),  # dates far apart
        (D(9999, 12, 31), D(1, 1, 1), -(9998 * 12 + 12)),
    ],
)
def test_age_in_months(birth: dt.date, at: dt.date, months: int) -> None:
    assert age_in_months(birth, at) == months


@pytest.mark.parametrize(
    ("birth", "at", "expected"),
    [
        (D(2024, 8, 1), D(2024, 8, 1), 0),  # born on the day counts as born
        (D(2024, 8, 2), D(2024, 8, 1), None),
        (D(2020, 8, 1), D(2024, 8, 1), 48),
    ],
)
def test_child_age_at(birth: dt.date, at: dt.date, expected: int | None) -> None:
    assert child_age_at(birth, at) == expected


@pytest.mark.parametrize(("age", "group"), [(0, "u3"), (35, "u3"), (36, "ue3"), (72, "ue3")])
def test_age_group(age: int, group: str) -> None:
    assert age_group(age) == group


def test_free_place_groups() -> None:
    assert free_place_groups(None, TODAY) == ("u3", "ue3")
    assert free_place_groups(D(2025, 1, 1), TODAY) == ("u3",)
    assert free_place_groups(D(2022, 1, 1), TODAY) == ("ue3",)
    assert free_place_groups(D(2026, 7, 1), TODAY) == ()  # unborn


def test_reference_date_is_start_else_today() -> None:
    assert reference_date(SearchQuery(), TODAY) == TODAY
    assert reference_date(SearchQuery(start_month=D(2027, 1, 1)), TODAY) == D(2027, 1, 1)


# --- eligibility at the start --------------------------------------------------------------------------

TODDLERS = record(1, "Krippe", ages=(12, 36))
ANY_AGE = record(2, "Alle", ages=(0, 72))
START = D(2026, 8, 1)


@pytest.mark.parametrize(
    ("facility", "birth", "start", "fits"),
    [
        (TODDLERS, D(2025, 8, 1), START, True),  # exactly 12 months at the start
        (TODDLERS, D(2025, 8, 2), START, False),  # 11 months
        (TODDLERS, D(2023, 8, 1), START, True),  # exactly 36 months
        (TODDLERS, D(2023, 7, 1), START, False),  # 37 months
        (ANY_AGE, D(2026, 8, 1), START, True),  # born on the start day: 0 months
        (ANY_AGE, D(2026, 7, 20), START, True),  # expected before the start: born by then
        (ANY_AGE, D(2026, 8, 2), START, False),  # due after the start: fits nowhere
        (ANY_AGE, D(2027, 3, 1), START, False),
        (ANY_AGE, D(2020, 8, 1), START, True),  # 72 months
        (ANY_AGE, D(2020, 7, 31), START, True),  # still 72 full months
        (ANY_AGE, D(2020, 7, 1), START, False),  # 73 months
    ],
)
def test_eligible_at(facility: FacilityRecord, birth: dt.date, start: dt.date, fits: bool) -> None:
    assert eligible_at(facility, birth, start) is fits


def test_eligibility_without_start_uses_today() -> None:
    born = D(2025, 6, 16)  # 11 months today, 13 months at the start
    assert not matches(TODDLERS, SearchQuery(child_birth_date=born), TODAY)
    assert matches(TODDLERS, SearchQuery(child_birth_date=born, start_month=START), TODAY)


# --- distance -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "km", "tolerance"),
    [
        ((51.2562, 7.1508), (51.3759, 7.6956), 40.1, 0.5),  # Wuppertal - Iserlohn
        ((50.9375, 6.9603), (51.2277, 6.7735), 34.8, 0.5),  # Köln - Düsseldorf
        ((51.2562, 7.1508), (51.2562, 7.1508), 0.0, 0.0),  # same point
        ((0.0, 0.0), (1.0, 0.0), math.pi * EARTH_RADIUS_KM / 180, 1e-9),  # one degree along a meridian
        ((0.0, 0.0), (0.0, 90.0), math.pi * EARTH_RADIUS_KM / 2, 1e-6),  # a quarter of the equator
        ((0.0, 0.0), (0.0, 180.0), math.pi * EARTH_RADIUS_KM, 1e-6),  # antipodes
        ((51.0, 179.9), (51.0, -179.9), 14.0, 0.1),  # across the date line
    ],
)
def test_distance_km(a: tuple[float, float], b: tuple[float, float], km: float, tolerance: float) -> None:
    assert distance_km(*a, *b) == pytest.approx(km, abs=tolerance)
    assert distance_km(*b, *a) == distance_km(*a, *b)


def test_destination_helper_is_exact() -> None:
    for bearing in (0, 45, 90, 180, 270, 333):
        assert distance_km(*CENTRE, *destination(*CENTRE, bearing, 3.0)) == pytest.approx(3.0, abs=1e-9)


# --- a small directory with known answers --------------------------------------------------------------

AUG, SEP, OCT, DEC = D(2026, 8, 1), D(2026, 9, 1), D(2026, 10, 1), D(2026, 12, 1)
JAN27, AUG27 = D(2027, 1, 1), D(2027, 8, 1)
SMALL = [
    record(
        1,
        "Kita Sonnenschein",
        at=offset(0.5, 0),
        ages=(24, 72),
        hours=(25, 35, 45),
        tags=("familienzentrum", "musik"),
        free=((AUG, "u3", 2), (AUG, "ue3", 1)),
    ),
    record(
        2,
        "Kita Regenbogen",
        traeger_type="evangelisch",
        at=offset(0, 1.5),
        ages=(4, 72),
        hours=(35, 45),
        tags=("inklusiv",),
        free=((OCT, "ue3", 3),),
    ),
    record(
        3,
        "Ärztekita Wichtel",
        traeger_type="katholisch",
        district="Barmen",
        at=offset(0, 6),
        ages=(12, 36),
        hours=(25, 35),
        tags=("bewegung", "musik"),
        free=((AUG, "u3", 0), (JAN27, "ue3", 1)),  # zero places are no free place
    ),
    record(
        4,
        "Tagespflege Oma Else",
        kind="tagespflege",
        traeger_type="sonstige",
        at=offset(-0.8, 0),
        ages=(0, 36),
        hours=(40,),
        tags=("natur",),
        free=((SEP, "u3", 2),),
    ),
    record(
        5,
        "Tagespflege Kleine Füße",
        kind="tagespflege",
        traeger_type="sonstige",
        district="Vohwinkel",
        at=offset(0, -8),
        ages=(4, 36),
        hours=(20,),
    ),
    record(
        6,
        "Waldkita Eulennest",
        traeger_type="elterninitiative",
        district="Cronenberg",
        at=offset(-4, 0),
        ages=(36, 72),
        hours=(25,),
        tags=("waldkita", "natur"),
        free=((AUG, "ue3", 4),),
    ),
    record(
        7,
        "AWO Kita Zwergenland",
        traeger_type="awo",
        at=offset(2.5, 0),
        ages=(0, 72),
        hours=(45,),
        tags=("sprachfoerderung", "familienzentrum"),
        free=((AUG, "u3", 1), (DEC, "ue3", 2)),
    ),
    record(
        8,
        "Kita Übermut",
        traeger_type="drk",
        district="Elberfeld-West",
        at=offset(1, -2),
        ages=(24, 72),
        hours=(35,),
        tags=("bilingual", "musik"),
        free=((AUG27, "ue3", 1),),
    ),
]
NAME_ORDER = [3, 7, 2, 1, 8, 5, 4, 6]  # Ärztekita, AWO, Kita R/S/Ü(=U), Tagespflege K/O, Waldkita
DISTANCE_ORDER = [1, 4, 2, 8, 7, 6, 3, 5]  # 0.5, 0.8, 1.5, 2.24, 2.5, 4, 6, 8 km
TODDLER = D(2024, 8, 10)  # 23 months on 1 Aug 2026, 24 on 1 Sep 2026, 22 today
PRESCHOOLER = D(2023, 8, 1)  # 36 months on 1 Aug 2026
NEAR = {"lat": CENTRE[0], "lon": CENTRE[1]}


def by_index(records: list[FacilityRecord], **options: float) -> Callable[[SearchQuery], SearchResult]:
    index = FacilityIndex(records, **options)
    return lambda query: index.search(query, TODAY)


def by_brute_force(records: list[FacilityRecord]) -> Callable[[SearchQuery], SearchResult]:
    return lambda query: brute_force(records, query, TODAY)


ENGINES = {
    "index": lambda records: by_index(records),
    "index-fine-rows": lambda records: by_index(records, row_height_deg=0.001),
    "index-one-row": lambda records: by_index(records, row_height_deg=10.0),
    "brute-force": by_brute_force,
}


@pytest.fixture(params=list(ENGINES), scope="module")
def search_small(request: pytest.FixtureRequest) -> Callable[[SearchQuery], SearchResult]:
    return ENGINES[request.param](SMALL)


def ids(result: SearchResult) -> list[int]:
    return [hit.facility.id for hit in result.hits]


FILTER_CASES = {
    # one filter at a time
    "no filter": ({}, {1, 2, 3, 4, 5, 6, 7, 8}),
    "kind tagespflege": ({"kind": "tagespflege"}, {4, 5}),
    "kind kita": ({"kind": "kita"}, {1, 2, 3, 6, 7, 8}),
    "kind unknown": ({"kind": "hort"}, set()),
    "traeger any of two": ({"traeger_types": ("katholisch", "evangelisch")}, {2, 3}),
    "traeger one": ({"traeger_types": ("sonstige",)}, {4, 5}),
    "traeger unknown": ({"traeger_types": ("xyz",)}, set()),
    "tag": ({"tags": ("musik",)}, {1, 3, 8}),
    "tags all of": ({"tags": ("musik", "familienzentrum")}, {1}),
    "tag on kita and tagespflege": ({"tags": ("natur",)}, {4, 6}),
    "tag unknown": ({"tags": ("zirkus",)}, set()),
    "district": ({"district": "Elberfeld"}, {1, 2, 4, 7}),
    "district other case": ({"district": "ELBERFELD-west"}, {8}),
    "district blanks": ({"district": " barmen "}, {3}),
    "district unknown": ({"district": "Nirgendwo"}, set()),
    "district empty is no filter": ({"district": ""}, {1, 2, 3, 4, 5, 6, 7, 8}),
    "hours 25": ({"hours": 25}, {1, 3, 4, 6}),  # Kitas booking 25 h; the child-minder with up to 40 h
    "hours 35": ({"hours": 35}, {1, 2, 3, 4, 8}),
    "hours 45": ({"hours": 45}, {1, 2, 7}),
    "hours 20": ({"hours": 20}, {4, 5}),  # no Kita books 20 h; both child-minders offer >= 20
    "hours 41": ({"hours": 41}, set()),
    "radius 1": ({**NEAR, "radius_km": 1.0}, {1, 4}),
    "radius 3": ({**NEAR, "radius_km": 3.0}, {1, 2, 4, 7, 8}),
    "radius 100": ({**NEAR, "radius_km": 100.0}, {1, 2, 3, 4, 5, 6, 7, 8}),
    "radius without lon is no radius": ({"lat": CENTRE[0], "radius_km": 1.0}, {1, 2, 3, 4, 5, 6, 7, 8}),
    "radius far away": ({"lat": 48.1, "lon": 11.6, "radius_km": 50.0}, set()),
    "negative radius": ({**NEAR, "radius_km": -1.0}, set()),
    "child 23 months at start": ({"child_birth_date": TODDLER, "start_month": AUG}, {2, 3, 4, 5, 7}),
    "child 24 months at start": ({"child_birth_date": TODDLER, "start_month": SEP}, {1, 2, 3, 4, 5, 7, 8}),
    "child without start: age today": ({"child_birth_date": TODDLER}, {2, 3, 4, 5, 7}),
    "child 36 months": ({"child_birth_date": PRESCHOOLER, "start_month": AUG}, {1, 2, 3, 4, 5, 6, 7, 8}),
    "child due before start": ({"child_birth_date": D(2026, 7, 20), "start_month": AUG}, {4, 7}),
    "child due after start": ({"child_birth_date": D(2026, 9, 20), "start_month": AUG}, set()),
    "child due after today, no start": ({"child_birth_date": D(2026, 7, 20)}, set()),
    "free from, no child: any group": ({"free_from": AUG}, {1, 2, 3, 4, 6, 7, 8}),
    "free from later month": ({"free_from": JAN27}, {3, 8}),
    "free from after most": ({"free_from": D(2027, 2, 1)}, {8}),
    "free from mid-month counts the month": ({"free_from": D(2026, 12, 15)}, {3, 7, 8}),
    "free from beyond all": ({"free_from": D(2030, 1, 1)}, set()),
    # free places by the child's age group at the start
    "free u3 child": ({"child_birth_date": TODDLER, "start_month": SEP, "free_from": AUG}, {1, 4, 7}),
    "free u3 child, later": ({"child_birth_date": TODDLER, "start_month": SEP, "free_from": SEP}, {4}),
    "free ue3 child": (
        {"child_birth_date": PRESCHOOLER, "start_month": AUG, "free_from": AUG},
        {1, 2, 3, 6, 7, 8},
    ),
    "free ue3 child, later": (
        {"child_birth_date": PRESCHOOLER, "start_month": AUG, "free_from": DEC},
        {3, 7, 8},
    ),
    # two and three filters
    "kita and tag": ({"kind": "kita", "tags": ("musik",)}, {1, 3, 8}),
    "tagespflege and tag": ({"kind": "tagespflege", "tags": ("natur",)}, {4}),
    "district and kind and hours": ({"district": "elberfeld", "kind": "tagespflege", "hours": 30}, {4}),
    "radius and kind and hours": ({**NEAR, "radius_km": 3.0, "kind": "kita", "hours": 35}, {1, 2, 8}),
    "radius and traeger": ({**NEAR, "radius_km": 3.0, "traeger_types": ("awo", "drk")}, {7, 8}),
    "child and hours": ({"child_birth_date": TODDLER, "start_month": AUG, "hours": 45}, {2, 7}),
    "free and tag": ({"free_from": AUG, "tags": ("familienzentrum",)}, {1, 7}),
    # everything at once
    "all filters": (
        {
            **NEAR,
            "radius_km": 3.0,
            "district": "Elberfeld",
            "child_birth_date": TODDLER,
            "start_month": SEP,
            "hours": 45,
            "kind": "kita",
            "traeger_types": ("staedtisch", "awo"),
            "free_from": AUG,
            "tags": ("familienzentrum",),
        },
        {1, 7},
    ),
    "all filters, one tag more": (
        {
            **NEAR,
            "radius_km": 3.0,
            "district": "Elberfeld",
            "child_birth_date": TODDLER,
            "start_month": SEP,
            "hours": 45,
            "kind": "kita",
            "traeger_types": ("staedtisch", "awo"),
            "free_from": AUG,
            "tags": ("familienzentrum", "sprachfoerderung"),
        },
        {7},
    ),
}


@pytest.mark.parametrize(("fields", "expected"), list(FILTER_CASES.values()), ids=list(FILTER_CASES))
def test_filters(
    search_small: Callable[[SearchQuery], SearchResult], fields: dict, expected: set[int]
) -> None:
    result = search_small(SearchQuery(**fields))
    assert set(ids(result)) == expected
    assert result.total == len(expected)


def test_matches_agrees_with_the_table() -> None:
    for name, (fields, expected) in FILTER_CASES.items():
        query = SearchQuery(**fields)
        assert {r.id for r in SMALL if matches(r, query, TODAY)} == expected, name


# --- sorting, paging ------------------------------------------------------------------------------------


def test_sorted_by_name_without_centre(search_small: Callable[[SearchQuery], SearchResult]) -> None:
    result = search_small(SearchQuery())
    assert ids(result) == NAME_ORDER
    assert all(hit.distance_km is None for hit in result.hits)


def test_sorted_by_distance_with_centre(search_small: Callable[[SearchQuery], SearchResult]) -> None:
    result = search_small(SearchQuery(**NEAR, radius_km=20.0))
    assert ids(result) == DISTANCE_ORDER
    distances = [hit.distance_km for hit in result.hits]
    assert distances == pytest.approx([0.5, 0.8, 1.5, math.hypot(1, 2), 2.5, 4.0, 6.0, 8.0], abs=0.01)
    assert distances == [distance_km(*CENTRE, h.facility.lat, h.facility.lon) for h in result.hits]


@pytest.mark.parametrize("engine", list(ENGINES))
def test_equal_distance_sorted_by_name(engine: str) -> None:
    spot = offset(1, 1)
    records = [record(1, "beta", at=spot), record(2, "Alpha", at=spot), record(3, "Ähre", at=spot)]
    records += [record(4, "Aaa", at=offset(2, 2)), record(5, "Zzz", at=offset(0.2, 0))]
    search = ENGINES[engine](records)
    assert ids(search(SearchQuery(**NEAR, radius_km=5.0))) == [5, 3, 2, 1, 4]
    assert ids(search(SearchQuery())) == [4, 3, 2, 1, 5]  # Aaa, Ähre (=Ahre), Alpha, beta, Zzz


@pytest.mark.parametrize(
    ("name", "key"),
    [("Ärztekita", "arztekita"), ("Übermut", "ubermut"), ("Straße", "strasse"), ("CAFÉ Öl", "cafe ol")],
)
def test_name_sort_key(name: str, key: str) -> None:
    assert name_sort_key(name) == key


@pytest.mark.parametrize("centred", [False, True], ids=["by name", "by distance"])
@pytest.mark.parametrize(
    ("limit", "offset_", "window"),
    [
        (3, 0, slice(0, 3)),
        (3, 2, slice(2, 5)),
        (5, 7, slice(7, 8)),  # the last one
        (5, 8, slice(8, 8)),  # just past the end
        (10, 10**9, slice(0, 0)),  # huge offset
        (0, 0, slice(0, 0)),  # limit 0: only the total
        (-5, 0, slice(0, 0)),
        (3, -4, slice(0, 3)),  # a negative offset counts as 0
        (10**9, 0, slice(0, 8)),
    ],
)
def test_limit_offset_total(
    search_small: Callable[[SearchQuery], SearchResult],
    centred: bool,
    limit: int,
    offset_: int,
    window: slice,
) -> None:
    where = {**NEAR, "radius_km": 50.0} if centred else {}
    result = search_small(SearchQuery(**where, limit=limit, offset=offset_))
    assert ids(result) == (DISTANCE_ORDER if centred else NAME_ORDER)[window]
    assert result.total == 8


def test_radius_zero_finds_only_the_exact_spot(search_small: Callable[[SearchQuery], SearchResult]) -> None:
    lat, lon = SMALL[0].lat, SMALL[0].lon
    result = search_small(SearchQuery(lat=lat, lon=lon, radius_km=0.0))
    assert ids(result) == [1]
    assert result.hits[0].distance_km == 0.0


def test_radius_is_inclusive(search_small: Callable[[SearchQuery], SearchResult]) -> None:
    exact = distance_km(*CENTRE, SMALL[6].lat, SMALL[6].lon)  # AWO Kita, ~2.5 km
    assert 7 in ids(search_small(SearchQuery(**NEAR, radius_km=exact)))
    assert 7 not in ids(search_small(SearchQuery(**NEAR, radius_km=exact - 1e-9)))


@pytest.mark.parametrize(
    "fields",
    [
        {"lat": float("nan"), "lon": 7.0},  # not a centre: ignored
        {"lat": 91.0, "lon": 7.0, "radius_km": 10.0},
        {**NEAR, "radius_km": float("inf")},
        {**NEAR, "radius_km": float("nan")},
        {**NEAR, "radius_km": 1e9},
        {"lat": 89.99, "lon": 0.0, "radius_km": 30_000.0},
        {"lat": 0.0, "lon": 179.99, "radius_km": 5.0},
        {"lat": 51.0, "lon": 725.0, "radius_km": 5.0},
        {"start_month": D(1, 1, 1), "child_birth_date": D(9999, 12, 31), "free_from": D(9999, 12, 31)},
        {"start_month": D(9999, 12, 1), "child_birth_date": D(1, 1, 1), "free_from": D(1, 1, 1)},
        {"hours": -(10**9), "limit": 10**12, "offset": 10**12},
    ],
)
def test_edge_values_do_not_crash(fields: dict) -> None:
    query = SearchQuery(**fields)
    index = FacilityIndex(SMALL)
    expected = brute_force(SMALL, query, TODAY)
    assert index.search(query, TODAY) == expected


def test_empty_index() -> None:
    index = FacilityIndex([])
    assert len(index) == 0
    assert index.search(SearchQuery(), TODAY) == SearchResult(hits=[], total=0)
    assert index.search(SearchQuery(**NEAR, kind="kita", tags=("musik",)), TODAY).total == 0
    assert index.get(1) is None


def test_get() -> None:
    index = FacilityIndex(SMALL)
    assert index.get(3) is SMALL[2]
    assert index.get(99) is None
    assert len(index) == 8
    assert [r.id for r in index.records] == NAME_ORDER


# --- row boundaries of the spatial layout --------------------------------------------------------------


@pytest.mark.parametrize("row_height", [0.0025, 0.01, 0.05])
@pytest.mark.parametrize("bearing", [0, 30, 90, 150, 180, 225, 270, 315])
def test_just_inside_and_just_outside_in_a_neighbouring_row(row_height: float, bearing: float) -> None:
    # The centre sits just below a row boundary, so northern points lie in other rows.
    boundary = math.ceil(51.26 / row_height) * row_height
    centre = (boundary - row_height * 0.02, 7.15)
    radius = 1.0 if row_height < 0.05 else 4.0
    inside = destination(*centre, bearing, radius - 0.001)
    outside = destination(*centre, bearing, radius + 0.001)
    filler = [record(10 + i, f"F{i}", at=destination(*centre, 17 * i, 0.1 * i)) for i in range(40)]
    index = FacilityIndex(
        [record(1, "inside", at=inside), record(2, "outside", at=outside), *filler], row_height_deg=row_height
    )
    found = ids(index.search(SearchQuery(lat=centre[0], lon=centre[1], radius_km=radius, limit=100), TODAY))
    assert 1 in found
    assert 2 not in found
    if bearing in (0, 30, 315):
        assert math.floor(inside[0] / row_height) != math.floor(centre[0] / row_height)


def test_point_on_a_row_boundary() -> None:
    height = 0.01
    on_line = (5126 * height, 7.15)
    index = FacilityIndex([record(1, "on", at=on_line)], row_height_deg=height)
    for lat in (on_line[0] - 1e-12, on_line[0], on_line[0] + 1e-12):
        assert ids(index.search(SearchQuery(lat=lat, lon=7.15, radius_km=0.0), TODAY)) == (
            [1] if distance_km(lat, 7.15, *on_line) == 0.0 else []
        )
        assert ids(index.search(SearchQuery(lat=lat, lon=7.15, radius_km=0.001), TODAY)) == [1]
