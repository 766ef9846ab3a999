"""The index answers exactly what a brute-force search over the same records answers (seeded, property-style).

Random records around two cities (with shared spots and names, odd hours and empty fields), random queries
with random subsets of the filters, edge values included; several row heights of the spatial layout.
"""

from __future__ import annotations

import datetime as dt
import random

import pytest

from server.facilities.schemas import CONCEPT_TAGS, TRAEGER_TYPES, FacilityRecord, SearchQuery, SearchResult
from server.facilities.search import FacilityIndex
from tests.unit.facilities.test_search import TODAY, brute_force, offset, record

CITIES = [((51.2562, 7.1508), 6.0), ((51.3759, 7.6956), 4.0)]  # Wuppertal, Iserlohn: centre, spread km
DISTRICTS = ["Elberfeld", "Barmen", "Vohwinkel", "Cronenberg", "Ronsdorf", "Letmathe", ""]
NAMES = [
    "Kita Sonnenschein",
    "Kita Regenbogen",
    "Ärztekita",
    "AWO Kita",
    "Tagespflege Müller",
    "Übermut",
    "kita",
]
TAGS = list(CONCEPT_TAGS)
TRAEGER = list(TRAEGER_TYPES)
MONTHS = [dt.date(2026 + (m - 1) // 12, (m - 1) % 12 + 1, 1) for m in range(5, 5 + 24)]


def random_point(rng: random.Random) -> tuple[float, float]:
    centre, spread = rng.choice(CITIES)
    return offset(rng.gauss(0, spread), rng.gauss(0, spread), centre)


def random_records(rng: random.Random, n: int) -> list[FacilityRecord]:
    records: list[FacilityRecord] = []
    for i in range(1, n + 1):
        kind = "kita" if rng.random() < 0.7 else "tagespflege"
        if kind == "kita":
            hours = tuple(sorted(rng.sample((25, 35, 45), rng.randint(0, 3))))
        else:
            hours = (rng.choice((10, 15, 20, 25, 30, 35, 40, 45, 50)),) if rng.random() < 0.9 else ()
        at = (
            (records[-1].lat, records[-1].lon) if records and rng.random() < 0.08 else random_point(rng)
        )  # some share a spot
        name = rng.choice(NAMES) + ("" if rng.random() < 0.2 else f" {rng.randint(1, 400)}")
        district = rng.choice(DISTRICTS)
        if rng.random() < 0.1:
            district = district.upper()
        free = tuple(
            (rng.choice(MONTHS), rng.choice(("u3", "ue3")), rng.choice((0, 1, 1, 2, 3)))
            for _ in range(rng.choice((0, 0, 1, 2, 3, 4)))
        )
        records.append(
            record(
                i,
                name,
                kind=kind,
                traeger_type=rng.choice(TRAEGER),
                district=district,
                at=at,
                ages=(rng.choice((0, 4, 12, 24, 36)), rng.choice((36, 48, 72, 72, 120))),
                hours=hours,
                tags=tuple(rng.sample(TAGS, rng.choice((0, 1, 1, 2, 3)))),
                free=free,
            )
        )
    return records


def random_query(rng: random.Random, records: list[FacilityRecord]) -> SearchQuery:
    fields: dict = {}
    if rng.random() < 0.75:
        if rng.random() < 0.7:
            spot = rng.choice(records)
            fields["lat"], fields["lon"] = offset(rng.gauss(0, 1), rng.gauss(0, 1), (spot.lat, spot.lon))
        else:
            fields["lat"], fields["lon"] = random_point(rng)
        fields["radius_km"] = rng.choice(
            (0.0, 0.5, 1.0, 2.0, 3.0, 5.0, 7.5, 10.0, 25.0, 100.0, rng.uniform(0, 15))
        )
    if rng.random() < 0.2:
        fields["district"] = rng.choice([*DISTRICTS, "elberfeld", "Nirgendwo"])
    if rng.random() < 0.4:
        fields["child_birth_date"] = TODAY + dt.timedelta(days=rng.randint(-7 * 365, 365))
    if rng.random() < 0.5:
        fields["start_month"] = rng.choice(MONTHS)
    if rng.random() < 0.3:
        fields["hours"] = rng.choice((10, 15, 20, 25, 30, 35, 40, 45, 50))
    if rng.random() < 0.4:
        fields["kind"] = rng.choice(("kita", "tagespflege"))
    if rng.random() < 0.3:
        fields["traeger_types"] = tuple(rng.sample(TRAEGER, rng.randint(1, 4)))
    if rng.random() < 0.35:
        fields["free_from"] = rng.choice(MONTHS) + dt.timedelta(days=rng.choice((0, 0, 14)))
    if rng.random() < 0.3:
        fields["tags"] = tuple(rng.sample(TAGS, rng.randint(1, 2)))
    fields["limit"] = rng.choice((0, 1, 5, 10, 20, 50, 50, 1000))
    fields["offset"] = rng.choice((0, 0, 0, 1, 3, 20, 500))
    return SearchQuery(**fields)


def summary(result: SearchResult) -> tuple[int, list[tuple[int, float | None]]]:
    return result.total, [(hit.facility.id, hit.distance_km) for hit in result.hits]


@pytest.fixture(scope="module")
def dataset() -> tuple[list[FacilityRecord], list[SearchQuery]]:
    rng = random.Random(20261122)
    records = random_records(rng, 2000)
    queries = [random_query(rng, records) for _ in range(200)]
    return records, queries


@pytest.mark.parametrize("row_height", [None, 0.001, 0.02, 0.3])
def test_index_equals_brute_force(
    dataset: tuple[list[FacilityRecord], list[SearchQuery]], row_height: float | None
) -> None:
    records, queries = dataset
    index = (
        FacilityIndex(records) if row_height is None else FacilityIndex(records, row_height_deg=row_height)
    )
    matched = 0
    for number, query in enumerate(queries):
        expected = brute_force(records, query, TODAY)
        assert summary(index.search(query, TODAY)) == summary(expected), f"query {number}: {query}"
        matched += expected.total > 0
    assert matched > 100  # the queries are not all trivially empty


def test_many_matches_small_pages(dataset: tuple[list[FacilityRecord], list[SearchQuery]]) -> None:
    """Wide circles with few filters: most matches lie in row parts wholly inside the circle, whose
    distances the index computes only while they can reach the page."""
    records, _ = dataset
    rng = random.Random(7)
    index = FacilityIndex(records)
    crowded = 0
    for _ in range(60):
        spot = rng.choice(records)
        query = SearchQuery(
            lat=spot.lat,
            lon=spot.lon,
            radius_km=rng.choice((3.0, 5.0, 10.0, 20.0)),
            kind=rng.choice((None, "kita")),
            limit=rng.choice((1, 10, 50)),
            offset=rng.choice((0, 0, 7, 60, 400)),
        )
        expected = brute_force(records, query, TODAY)
        crowded += expected.total > 50
        assert summary(index.search(query, TODAY)) == summary(expected), query
    assert crowded > 40


def test_exotic_coordinates() -> None:
    """Date line, poles and malformed coordinates: the index still agrees with brute force."""
    rng = random.Random(3)
    spots = [(51.0, 179.95), (51.0, -179.95), (89.9, 10.0), (-89.95, -60.0), (0.0, 0.0), (51.2, 7.1)]
    records = []
    for i in range(1, 301):
        lat, lon = rng.choice(spots)
        records.append(record(i, f"R{i}", at=(lat + rng.uniform(-0.05, 0.05), lon + rng.uniform(-0.1, 0.1))))
    records += [
        record(1001, "bad lat", at=(float("nan"), 7.0)),
        record(1002, "beyond pole", at=(95.0, 7.0)),
        record(1003, "lon wraps", at=(51.0, 179.99 + 360.0)),
        record(1004, "inf", at=(51.0, float("inf"))),
    ]
    index = FacilityIndex(records)
    queries = [SearchQuery(limit=500)]
    for lat, lon in [*spots, (90.0, 0.0), (-90.0, 0.0), (51.0, 180.0), (51.0, -180.0), (51.0, 540.0)]:
        for radius in (0.0, 3.0, 15.0, 500.0, 5000.0, 25000.0):
            queries.append(SearchQuery(lat=lat, lon=lon, radius_km=radius, limit=500))
            queries.append(SearchQuery(lat=lat, lon=lon, radius_km=radius, limit=3, offset=2))

    for query in queries:
        assert summary(index.search(query, TODAY)) == summary(brute_force(records, query, TODAY)), query
