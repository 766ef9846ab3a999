"""The gazetteer geocoder: prefix and substring lookup with case, umlaut and ß folding; districts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from server.facilities import geocoder as geocoder_module
from server.facilities.geocoder import GazetteerGeocoder, Geocoder, Place, fold
from server.settings import ROOT
from server.tenants.config import load_tenant

TENANTS = ROOT / "server" / "tenants" / "data"


@pytest.fixture(scope="module")
def geo() -> GazetteerGeocoder:
    return GazetteerGeocoder(TENANTS)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Sümmern", "summern"),
        ("Suemmern", "summern"),
        ("SÜMMERN", "summern"),
        ("Friedrich-Ebert-Straße", "friedrich ebert strasse"),
        ("Friedrich-Ebert-Str.", "friedrich ebert str"),
        ("Drüpplingsen", "drupplingsen"),
        ("  Elias-Eller-Straße 12a ", "elias eller strasse 12a"),
        ("Café", "cafe"),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


async def labels(geo: GazetteerGeocoder, tenant: str, text: str, limit: int = 8) -> list[str]:
    return [place.label for place in await geo.lookup(tenant, text, limit)]


async def test_a_prefix_finds_the_district_first(geo: GazetteerGeocoder) -> None:
    assert (await labels(geo, "wuppertal", "elberf"))[:2] == ["Elberfeld", "Elberfeld-West"]
    assert (await labels(geo, "wuppertal", "ELBERFELD"))[0] == "Elberfeld"  # exact match first


async def test_a_street_is_found_with_its_district(geo: GazetteerGeocoder) -> None:
    places = await geo.lookup("wuppertal", "Friedrich-Ebert")
    assert places[0] == Place(
        "Friedrich-Ebert-Straße, Elberfeld", places[0].lat, places[0].lon, "Elberfeld", "street"
    )
    assert 51.2 < places[0].lat < 51.3 and 7.1 < places[0].lon < 7.2


@pytest.mark.parametrize(
    ("tenant", "text", "label"),
    [
        ("wuppertal", "friedrich ebert str", "Friedrich-Ebert-Straße, Elberfeld"),
        ("wuppertal", "Friedrich-Ebert-Str. 12", "Friedrich-Ebert-Straße, Elberfeld"),
        ("wuppertal", "friedrich-ebert-strasse", "Friedrich-Ebert-Straße, Elberfeld"),
        ("wuppertal", "Brandstromstrasse", "Brändströmstraße, Heckinghausen"),
        ("wuppertal", "am kothen", "Am Kothen, Barmen"),
        ("wuppertal", "kothen", "Am Kothen, Barmen"),  # a later word of the name
        ("wuppertal", "uellendahl", "Uellendahl-Katernberg"),
        ("wuppertal", "katernberg", "Uellendahl-Katernberg"),
        ("iserlohn", "Sümmern", "Sümmern"),
        ("iserlohn", "suemmern", "Sümmern"),
        ("iserlohn", "summ", "Sümmern"),
        ("iserlohn", "drüppl", "Drüpplingsen"),
        ("iserlohn", "am seilers", "Am Seilersee, Gerlingsen"),
    ],
)
async def test_folding_finds_the_place(geo: GazetteerGeocoder, tenant: str, text: str, label: str) -> None:
    assert (await labels(geo, tenant, text))[0] == label


async def test_prefix_matches_come_before_later_words(geo: GazetteerGeocoder) -> None:
    assert await labels(geo, "iserlohn", "Seilersee") == [
        "Seilerseestraße, Gerlingsen",
        "Am Seilersee, Gerlingsen",
    ]


async def test_substring_matches_come_after_prefix_matches(geo: GazetteerGeocoder) -> None:
    found = await labels(geo, "wuppertal", "berg", limit=50)
    assert found  # e.g. Cronenberg, Uellendahl-Katernberg, Stahlsberg …
    assert all("berg" in fold(label) for label in found)
    ranks = [0 if fold(label).startswith("berg") or " berg" in fold(label) else 1 for label in found]
    assert ranks == sorted(ranks)


async def test_limit_and_empty_queries(geo: GazetteerGeocoder) -> None:
    assert len(await geo.lookup("wuppertal", "straße", limit=3)) == 3
    assert await geo.lookup("wuppertal", "") == []
    assert await geo.lookup("wuppertal", " - ") == []
    assert await geo.lookup("wuppertal", "elberfeld", limit=0) == []
    assert await geo.lookup("wuppertal", "Zzyzx") == []


async def test_unknown_tenants_have_no_places(geo: GazetteerGeocoder) -> None:
    assert await geo.lookup("atlantis", "elberfeld") == []
    assert geo.districts("atlantis") == []
    assert geo.districts("../wuppertal") == []


@pytest.mark.parametrize("slug", ["wuppertal", "iserlohn"])
def test_districts_are_the_tenants_in_order(geo: GazetteerGeocoder, slug: str) -> None:
    tenant = load_tenant(TENANTS / slug)
    districts = geo.districts(slug)
    assert [d.label for d in districts] == list(tenant.districts)
    assert all(d.kind == "district" and d.district == d.label for d in districts)


def test_the_gazetteer_is_read_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "testtown"
    folder.mkdir()
    document = {
        "_note": "Test",
        "tenant": "testtown",
        "city": "Testtown",
        "bbox": [51.0, 7.0, 51.5, 7.5],
        "districts": [
            {"name": "Nord", "lat": 51.3, "lon": 7.2, "streets": [{"name": "Weg", "lat": 51.31, "lon": 7.21}]}
        ],
    }
    (folder / "gazetteer.json").write_text(json.dumps(document))
    reads: list[Path] = []
    original = geocoder_module.load_gazetteer

    def counting(path: Path):  # type: ignore[no-untyped-def]
        reads.append(path)
        return original(path)

    monkeypatch.setattr(geocoder_module, "load_gazetteer", counting)
    geo = GazetteerGeocoder(tmp_path)
    assert geo.lookup_sync("testtown", "we") == [Place("Weg, Nord", 51.31, 7.21, "Nord", "street")]
    assert [d.label for d in geo.districts("testtown")] == ["Nord"]
    assert geo.lookup_sync("testtown", "nord")[0].kind == "district"
    assert len(reads) == 1


def test_the_gazetteer_geocoder_implements_the_protocol(geo: GazetteerGeocoder) -> None:
    implementation: Geocoder = geo
    assert implementation.districts("wuppertal")
