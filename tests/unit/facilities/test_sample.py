"""The sample generator: deterministic, realistic (KiBiz-consistent), clearly fictional, importable; and
the committed demo gazetteers are exactly what the script writes."""

from __future__ import annotations

import collections
import datetime as dt
import json

import pytest

from server.facilities.geocoder import Gazetteer, load_gazetteer
from server.facilities.importer import GERMANY_BBOX, ImportMapping, check_facility, parse_csv, to_csv
from server.facilities.sample import (
    BENCH_TENANT,
    GAZETTEER_SOURCES,
    SAMPLE_SIZES,
    gazetteer_json,
    generate,
    generate_scaled,
    tenant_seed,
)
from server.facilities.services import FacilityInput
from server.settings import ROOT
from server.tenants.config import load_tenant

TENANTS = ROOT / "server" / "tenants" / "data"
TODAY = dt.date(2026, 11, 22)
GROUP_AGES = {"I": (24, 72), "II": (0, 36), "III": (36, 72)}


def gazetteer(slug: str) -> Gazetteer:
    return load_gazetteer(TENANTS / slug / "gazetteer.json")


@pytest.fixture(scope="module", params=["wuppertal", "iserlohn"])
def sample(request: pytest.FixtureRequest) -> tuple[str, list[FacilityInput]]:
    slug = request.param
    n_kitas, n_minders = SAMPLE_SIZES[slug]
    return slug, generate(slug, gazetteer(slug), n_kitas, n_minders, tenant_seed(slug), TODAY)


def test_the_same_seed_gives_the_same_facilities() -> None:
    first = generate("wuppertal", gazetteer("wuppertal"), 20, 10, 7, TODAY)
    assert generate("wuppertal", gazetteer("wuppertal"), 20, 10, 7, TODAY) == first
    assert generate("wuppertal", gazetteer("wuppertal"), 20, 10, 8, TODAY) != first


def test_counts(sample: tuple[str, list[FacilityInput]]) -> None:
    slug, rows = sample
    kinds = collections.Counter(r.kind for r in rows)
    assert (kinds["kita"], kinds["tagespflege"]) == SAMPLE_SIZES[slug]
    assert len({r.external_id for r in rows}) == len(rows)
    assert len({r.name for r in rows}) == len(rows)


def test_wuppertal_has_about_230_kitas_and_150_child_minders_and_iserlohn_about_60() -> None:
    assert SAMPLE_SIZES["wuppertal"] == (230, 150)
    assert sum(SAMPLE_SIZES["iserlohn"]) == 60


def test_every_record_passes_the_importers_checks(sample: tuple[str, list[FacilityInput]]) -> None:
    _, rows = sample
    assert [(r.external_id, check_facility(r)) for r in rows if check_facility(r)] == []


def test_every_record_survives_a_csv_round_trip(sample: tuple[str, list[FacilityInput]]) -> None:
    slug, rows = sample
    districts = [d.name for d in gazetteer(slug).districts]
    parsed = parse_csv(to_csv(rows).encode(), ImportMapping(), districts=districts)
    assert parsed.errors == []
    assert parsed.rows == rows
    assert parsed.notes == [f"Gelesen als CSV (UTF-8, Trennzeichen „;“), {len(rows)} Datenzeilen"]


def test_points_lie_in_the_tenants_area_and_districts(sample: tuple[str, list[FacilityInput]]) -> None:
    slug, rows = sample
    area = gazetteer(slug)
    names = {d.name for d in area.districts}
    for row in rows:
        assert area.contains(row.lat, row.lon), row
        assert row.district in names
        assert row.city == area.city
        district = next(d for d in area.districts if d.name == row.district)
        assert row.postcode in district.postcodes
        assert abs(row.lat - district.lat) < 0.03 and abs(row.lon - district.lon) < 0.05
    # every district has facilities, the big ones more
    per_district = collections.Counter(r.district for r in rows)
    assert set(per_district) == names


def test_kitas_follow_kibiz(sample: tuple[str, list[FacilityInput]]) -> None:
    _, rows = sample
    kitas = [r for r in rows if r.kind == "kita"]
    for row in kitas:
        assert row.group_forms and set(row.group_forms) <= {"I", "II", "III"}
        assert row.age_min_months == min(GROUP_AGES[g][0] for g in row.group_forms)
        assert row.age_max_months == max(GROUP_AGES[g][1] for g in row.group_forms)
        assert row.hours_offered and set(row.hours_offered) <= {25, 35, 45}
        assert list(row.hours_offered) == sorted(row.hours_offered)
        assert 40 <= row.capacity <= 120
    traeger = collections.Counter(r.traeger_type for r in kitas)
    assert traeger.most_common(1)[0][0] == "staedtisch"
    assert traeger["evangelisch"] + traeger["katholisch"] > len(kitas) / 5
    assert {"awo", "drk", "paritaetisch", "elterninitiative"} <= set(traeger) or len(kitas) < 100


def test_child_minders(sample: tuple[str, list[FacilityInput]]) -> None:
    _, rows = sample
    for row in (r for r in rows if r.kind == "tagespflege"):
        assert row.group_forms == ()
        assert 1 <= row.capacity <= 5
        assert len(row.hours_offered) == 1 and 15 <= row.hours_offered[0] <= 45
        assert row.age_min_months < 36 and row.age_max_months in (36, 72)
        assert row.name.startswith("Kindertagespflege ") and row.name.endswith("(Demo)")


def test_free_places_are_for_the_next_twelve_months_and_the_groups_taken(
    sample: tuple[str, list[FacilityInput]],
) -> None:
    _, rows = sample
    months = {dt.date(2026, 12, 1)} | {dt.date(2027, m, 1) for m in range(1, 12)}
    all_places = [p for r in rows for p in r.free_places or ()]
    assert all_places, "some facilities have free places"
    assert sum(1 for r in rows if not r.free_places) > 0, "and some have none"
    for row in rows:
        assert row.free_places is not None
        for place in row.free_places:
            assert place.start_month in months
            assert place.places > 0  # zeros are not listed
            if place.age_group == "u3":
                assert row.age_min_months < 36
            else:
                assert place.age_group == "ue3" and row.age_max_months > 36
        assert row.places_updated_at is not None
        assert TODAY - dt.timedelta(days=35) <= row.places_updated_at.date() <= TODAY
    august = sum(p.places for p in all_places if p.start_month.month == 8)
    other = sum(p.places for p in all_places if p.start_month.month == 9)
    assert august > other  # the Kita year starts in August


def test_the_data_is_clearly_fictional(sample: tuple[str, list[FacilityInput]]) -> None:
    _, rows = sample
    for row in rows:
        assert row.description.startswith("Fiktive Beispieldaten")
        assert row.email.endswith("@example.org")
        assert row.phone.startswith("0000 ")
        assert row.website == "" or row.website.startswith("https://example.org/")
        assert "(Demo)" in row.traeger_name


def test_languages_always_include_german(sample: tuple[str, list[FacilityInput]]) -> None:
    _, rows = sample
    assert all(r.languages[0] == "Deutsch" for r in rows)
    assert any(len(r.languages) > 1 for r in rows)


def test_generate_scaled_spreads_over_germany() -> None:
    rows = generate_scaled(3000, 1, TODAY)
    assert len(rows) == 3000
    assert generate_scaled(300, 1, TODAY) == rows[:300]  # deterministic, and a prefix of a longer run
    assert len({r.external_id for r in rows}) == 3000
    south, west, north, east = GERMANY_BBOX
    assert all(south <= r.lat <= north and west <= r.lon <= east for r in rows)
    assert [r for r in rows if check_facility(r)] == []
    cities = collections.Counter(r.city for r in rows)
    assert cities.most_common(1)[0][0] == "Berlin"
    assert len(cities) > 40
    kinds = collections.Counter(r.kind for r in rows)
    assert 0.6 < kinds["kita"] / len(rows) < 0.72
    assert BENCH_TENANT == "bench"


@pytest.mark.parametrize("slug", sorted(GAZETTEER_SOURCES))
def test_the_committed_gazetteer_is_what_the_script_writes(slug: str) -> None:
    committed = (TENANTS / slug / "gazetteer.json").read_text(encoding="utf-8")
    assert committed == gazetteer_json(slug), "run: python -m server.facilities.sample --write-gazetteers"


@pytest.mark.parametrize("slug", sorted(GAZETTEER_SOURCES))
def test_the_gazetteer_matches_the_tenant(slug: str) -> None:
    tenant = load_tenant(TENANTS / slug)
    area = gazetteer(slug)
    document = json.loads((TENANTS / slug / "gazetteer.json").read_text(encoding="utf-8"))
    assert "ungefähr" in document["_note"]
    assert area.tenant == slug and area.city == tenant.name
    assert [d.name for d in area.districts] == list(tenant.districts)
    for district in area.districts:
        assert area.contains(district.lat, district.lon)
        assert 8 <= len(district.streets) <= 15
        assert len({s.name for s in district.streets}) == len(district.streets)
        for street in district.streets:
            assert area.contains(street.lat, street.lon)
            assert abs(street.lat - district.lat) < 0.015 and abs(street.lon - district.lon) < 0.025


def test_wuppertal_stretches_along_the_wupper_valley() -> None:
    area = gazetteer("wuppertal")
    lons = {d.name: d.lon for d in area.districts}
    assert lons["Vohwinkel"] < lons["Elberfeld"] < lons["Barmen"] < lons["Langerfeld-Beyenburg"]
    assert 0.15 < max(lons.values()) - min(lons.values()) < 0.3  # ~14 km between the outer centres
