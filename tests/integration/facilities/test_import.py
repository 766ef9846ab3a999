"""Import into the database (SQLite, or PostgreSQL with TEST_POSTGRES_URL): upsert by id, unchanged rows
untouched, free places replaced, the records and fingerprint the search reads, and the CLI end to end."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import msgspec
import pytest

from server.db import bind
from server.facilities import services
from server.facilities.importer import ImportMapping, import_data, to_csv
from server.facilities.sample import generate_scaled, load_sample
from server.facilities.schemas import FacilityRecord, FreePlace
from server.facilities.services import (
    FacilityInput,
    directory_version,
    get_record,
    load_records,
    upsert_facilities,
)
from server.facilities.tables import Facility, FreePlaces
from server.settings import ROOT, Settings
from server.tenants.config import load_tenant

TENANT = "wuppertal"
HEADER = [
    "external_id",
    "name",
    "kind",
    "traeger_type",
    "district",
    "lat",
    "lon",
    "hours_offered",
    "free_places",
]
TODAY = dt.date(2026, 11, 22)


@pytest.fixture(autouse=True)
def bound(database: Settings) -> Iterator[None]:
    bind(database)
    yield


def csv_file(rows: list[list[str]], header: list[str] = HEADER) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


ROWS = [
    [
        "K1",
        "Kita Sonnenblume",
        "Kita",
        "städtisch",
        "Elberfeld",
        "51,2562",
        "7,1508",
        "25;35;45",
        "2027-08 u3=2",
    ],
    ["K2", "Ev. Kita Regenbogen", "Kita", "Ev. Kirche", "Barmen", "51.2710", "7.1980", "35;45", ""],
    [
        "T1",
        "Kindertagespflege Maus (Demo)",
        "KTP",
        "sonstige",
        "Ronsdorf",
        "51.23",
        "7.20",
        "30",
        "2027-01 u3=1",
    ],
]


async def run(data: bytes, tenant: str = TENANT, **kwargs: object) -> services.ImportSummary:
    return await import_data(tenant, data, ImportMapping(), **kwargs)  # type: ignore[arg-type]


async def test_importing_twice_creates_then_leaves_everything_unchanged() -> None:
    first = await run(csv_file(ROWS))
    assert (first.created, first.updated, first.unchanged, first.rejected) == (3, 0, 0, 0)
    stamps = {
        r["external_id"]: r["updated_at"]
        for r in await Facility.select(Facility.external_id, Facility.updated_at)
    }
    version = await directory_version(TENANT)

    second = await run(csv_file(ROWS))
    assert (second.created, second.updated, second.unchanged, second.rejected) == (0, 0, 3, 0)
    after = {
        r["external_id"]: r["updated_at"]
        for r in await Facility.select(Facility.external_id, Facility.updated_at)
    }
    assert after == stamps
    assert await directory_version(TENANT) == version


async def test_a_changed_row_is_updated_and_keeps_its_id() -> None:
    await run(csv_file(ROWS))
    before = {r.external_id: r for r in await load_records(TENANT)}
    version = await directory_version(TENANT)
    changed = [row[:] for row in ROWS]
    changed[1][1] = "Ev. Familienzentrum Regenbogen"
    changed[1][5] = "51.2720"

    summary = await run(csv_file(changed))
    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 2)
    after = {r.external_id: r for r in await load_records(TENANT)}
    assert after["K2"].id == before["K2"].id
    assert (after["K2"].name, after["K2"].lat) == ("Ev. Familienzentrum Regenbogen", 51.272)
    assert after["K1"] == before["K1"]
    assert await directory_version(TENANT) != version


async def test_rejected_rows_do_not_block_the_rest() -> None:
    rows = [
        *ROWS,
        ["K3", "Kita ohne Ort", "Kita", "städtisch", "", "", "", "", ""],
        ["K1", "Doppelt", "Kita", "awo", "", "51.2", "7.1", "", ""],
    ]
    summary = await run(csv_file(rows))
    assert (summary.created, summary.rejected) == (3, 2)
    assert [(e.line, e.reason) for e in summary.errors] == [
        (5, "Koordinaten fehlen"),
        (6, "Kennung „K1“ doppelt (schon in Zeile 2)"),
    ]
    assert sorted(r.external_id for r in await load_records(TENANT)) == ["K1", "K2", "T1"]


async def test_load_records_returns_facility_records_with_their_free_places() -> None:
    await run(csv_file(ROWS))
    records = await load_records(TENANT)
    assert [type(r) for r in records] == [FacilityRecord] * 3
    by_id = {r.external_id: r for r in records}
    k1 = by_id["K1"]
    assert (k1.kind, k1.traeger_type, k1.district, k1.lat, k1.lon) == (
        "kita",
        "staedtisch",
        "Elberfeld",
        51.2562,
        7.1508,
    )
    assert k1.hours_offered == (25, 35, 45) and isinstance(k1.hours_offered, tuple)
    assert k1.free_places == (FreePlace(dt.date(2027, 8, 1), "u3", 2),)
    assert k1.places_updated_at is not None and k1.places_updated_at.tzinfo is not None
    assert by_id["K2"].traeger_type == "evangelisch"
    assert by_id["K2"].free_places == ()
    assert by_id["T1"].kind == "tagespflege" and by_id["T1"].hours_offered == (30,)
    assert await get_record(TENANT, k1.id) == k1


async def test_free_places_are_replaced_kept_or_cleared() -> None:
    await run(csv_file(ROWS))
    k1 = next(r for r in await load_records(TENANT) if r.external_id == "K1")
    version = await directory_version(TENANT)

    replaced = [row[:] for row in ROWS]
    replaced[0][8] = "2027-09 ue3=3; 2027-10 u3=1; 2027-11 u3=0"
    summary = await run(csv_file(replaced))
    assert (summary.updated, summary.unchanged) == (1, 2)
    now = await get_record(TENANT, k1.id)
    assert now is not None
    assert now.free_places == (
        FreePlace(dt.date(2027, 9, 1), "ue3", 3),
        FreePlace(dt.date(2027, 10, 1), "u3", 1),
    )
    assert now.places_updated_at is not None and k1.places_updated_at is not None
    assert now.places_updated_at > k1.places_updated_at  # the time of the import that changed them
    assert await directory_version(TENANT) != version  # only free places changed

    without_column = csv_file([row[:8] for row in replaced], header=HEADER[:8])
    summary = await run(without_column)
    assert summary.unchanged == 3
    assert (await get_record(TENANT, k1.id)).free_places == now.free_places  # type: ignore[union-attr]

    cleared = [row[:] for row in replaced]
    cleared[0][8] = ""
    summary = await run(csv_file(cleared))
    assert summary.updated == 1
    assert (await get_record(TENANT, k1.id)).free_places == ()  # type: ignore[union-attr]
    assert await FreePlaces.count().where(FreePlaces.facility == k1.id) == 0


async def test_a_given_places_date_is_stored_and_compared() -> None:
    header = [*HEADER, "places_updated_at"]
    rows = [[*row, "2026-11-20T09:15:30.123456+01:00"] for row in ROWS]
    assert (await run(csv_file(rows, header))).created == 3
    record = next(r for r in await load_records(TENANT) if r.external_id == "K2")
    assert record.places_updated_at == dt.datetime(2026, 11, 20, 8, 15, 30, 123456, tzinfo=dt.UTC)
    assert (await run(csv_file(rows, header))).unchanged == 3
    rows[1][-1] = "21.11.2026"
    assert (await run(csv_file(rows, header))).updated == 1


async def test_tenants_are_separate() -> None:
    await run(csv_file(ROWS), tenant="wuppertal")
    other = await run(csv_file(ROWS[:1]), tenant="iserlohn")
    assert other.created == 1  # the same external id in another tenant is another facility
    assert len(await load_records("wuppertal")) == 3
    iserlohn = await load_records("iserlohn")
    assert [r.external_id for r in iserlohn] == ["K1"]
    assert await get_record("wuppertal", iserlohn[0].id) is None
    assert await get_record("iserlohn", iserlohn[0].id) == iserlohn[0]
    assert await get_record("iserlohn", 10**9) is None
    assert await directory_version("nowhere") == "0:0:"


async def test_a_dry_run_counts_and_stores_nothing() -> None:
    summary = await run(csv_file(ROWS), dry_run=True)
    assert (summary.created, summary.dry_run) == (3, True)
    assert await load_records(TENANT) == []
    await run(csv_file(ROWS))
    changed = [row[:] for row in ROWS]
    changed[2][1] = "Kindertagespflege Maus Ronsdorf (Demo)"
    summary = await run(csv_file(changed), dry_run=True)
    assert (summary.updated, summary.unchanged) == (1, 2)
    assert {r.name for r in await load_records(TENANT)} == {row[1] for row in ROWS}


async def test_many_rows_across_batches() -> None:
    rows = generate_scaled(1200, 3, TODAY)
    first = await upsert_facilities("bench", rows, batch_size=250)
    assert first.created == 1200
    records = await load_records("bench")
    assert len(records) == 1200
    assert [r.external_id for r in records] == [r.external_id for r in rows]  # in id order = insert order
    for record, row in zip(records, rows, strict=True):
        assert record.name == row.name and record.concept_tags == row.concept_tags
        assert record.free_places == row.free_places
        assert record.places_updated_at == row.places_updated_at
    changed = [
        msgspec.structs.replace(r, capacity=r.capacity + 1) if i % 100 == 0 else r for i, r in enumerate(rows)
    ]
    second = await upsert_facilities("bench", changed, batch_size=250)
    assert (second.created, second.updated, second.unchanged) == (0, 12, 1188)


async def test_duplicate_ids_in_one_upsert_are_a_programming_error() -> None:
    row = generate_scaled(1, 1, TODAY)[0]
    with pytest.raises(ValueError, match="duplicate"):
        await upsert_facilities("bench", [row, row])


async def test_long_values_at_the_column_limits_are_stored() -> None:
    row = FacilityInput(
        external_id="X" * 80,
        kind="kita",
        name="N" * 200,
        traeger_type="sonstige",
        traeger_name="Ä" * 200,
        house_number="1234567890",
        lat=51.2,
        lon=7.1,
        description="Ü" * 5000,
    )
    assert (await upsert_facilities(TENANT, [row])).created == 1
    assert (await upsert_facilities(TENANT, [row])).unchanged == 1
    stored = (await load_records(TENANT))[0]
    assert (stored.name, stored.traeger_name, stored.description) == (
        row.name,
        row.traeger_name,
        row.description,
    )


async def test_the_wuppertal_sample_loads_once_and_then_stays_unchanged() -> None:
    tenant = load_tenant(ROOT / "server" / "tenants" / "data" / "wuppertal")
    first = await load_sample(tenant, TODAY)
    assert (first.created, first.updated, first.unchanged) == (380, 0, 0)
    version = await directory_version("wuppertal")
    second = await load_sample(tenant, TODAY)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 380)
    assert await directory_version("wuppertal") == version
    records = await load_records("wuppertal")
    assert len(records) == 380
    assert sum(len(r.free_places) for r in records) > 100
    next_month = await load_sample(tenant, TODAY + dt.timedelta(days=40))
    assert next_month.updated > 0  # free places move on with the reference date


# --- the command line ------------------------------------------------------------------------------------


def cli(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(PORTAL_ENV="test", SQLITE_PATH=str(tmp / "portal.sqlite"), VAR_DIR=str(tmp / "var"))
    return subprocess.run(  # noqa: S603 - our own CLI
        [sys.executable, "-m", "server", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


@pytest.fixture(scope="module")
def cli_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("cli")
    migrated = cli(tmp, "migrate")
    assert migrated.returncode == 0, migrated.stderr
    return tmp


def test_the_cli_imports_a_file_with_the_tenants_mapping_and_reports_rejected_rows(cli_db: Path) -> None:
    header = [
        "Einrichtungsnummer",
        "Name",
        "Art",
        "Trägerart",
        "Stadtbezirk",
        "Breitengrad",
        "Längengrad",
        "Notiz",
    ]
    rows = [
        ["W-1", "Städtische Kita Höhne", "Kita", "Stadt Wuppertal", "Barmen", "51,2711", "7,1975", ""],
        ["W-2", "Kita Kothen", "Kita", "kath.", "Barmen", "", "", ""],
        ["W-3", "Tagespflege Kükennest", "KTP", "sonstige", "Ronsdorf", "51,23", "7,20", "neu"],
    ]
    path = cli_db / "kitas.csv"
    path.write_bytes(csv_file(rows, header).decode().encode("cp1252"))

    result = cli(cli_db, "import-facilities", "--tenant", "wuppertal", str(path))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "Neu: 2, geändert: 0, unverändert: 0, abgelehnt: 1" in lines
    assert "Zeile 3: Koordinaten fehlen" in lines
    assert "Hinweis: Nicht verwendete Spalten ignoriert: Notiz" in lines
    assert "Hinweis: Gelesen als CSV (Windows-1252, Trennzeichen „;“), 3 Datenzeilen" in lines

    again = cli(cli_db, "import-facilities", "--tenant", "wuppertal", str(path), "--dry-run")
    assert again.returncode == 0
    assert (
        "Neu: 0, geändert: 0, unverändert: 2, abgelehnt: 1 (Probelauf – nichts gespeichert)" in again.stdout
    )


def test_the_cli_imports_geojson_and_our_own_format(cli_db: Path) -> None:
    rows = generate_scaled(5, 9, TODAY)
    own = cli_db / "eigene.csv"
    own.write_text(to_csv(rows), encoding="utf-8")
    result = cli(
        cli_db, "import-facilities", "--tenant", "iserlohn", "--mapping", str(cli_db / "none.toml"), str(own)
    )
    assert result.returncode == 2 and "nicht lesbar" in result.stderr
    empty_mapping = cli_db / "leer.toml"
    empty_mapping.write_text("")
    result = cli(
        cli_db, "import-facilities", "--tenant", "iserlohn", "--mapping", str(empty_mapping), str(own)
    )
    assert result.returncode == 0, result.stderr
    assert "Neu: 5, geändert: 0, unverändert: 0, abgelehnt: 0" in result.stdout

    geo = cli_db / "kitas.geojson"
    geo.write_text(
        '{"type": "FeatureCollection", "features": ['
        '{"type": "Feature", "geometry": {"type": "Point", "coordinates": [7.6959, 51.3757]}, "properties": '
        '{"objekt_id": "IS-1", "bezeichnung": "Kita Seilersee", "typ": "Kindertageseinrichtung", "traegerart": "AWO"}},'
        '{"type": "Feature", "geometry": null, "properties": '
        '{"objekt_id": "IS-2", "bezeichnung": "Kita ohne Punkt", "typ": "Kindertageseinrichtung", "traegerart": "DRK"}}]}',
        encoding="utf-8",
    )
    result = cli(cli_db, "import-facilities", "--tenant", "iserlohn", str(geo))
    assert result.returncode == 0, result.stderr
    assert "Neu: 1, geändert: 0, unverändert: 0, abgelehnt: 1" in result.stdout
    assert "Feature 2: Koordinaten fehlen (Feature ohne Geometrie)" in result.stdout


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (b"Name;Ort\r\nKita;Wuppertal\r\n", ["--mapping", "EMPTY"], "Pflichtspalten fehlen"),
        (b"", [], "leer"),
        (b"{]", ["--format", "geojson"], "Kein gültiges JSON"),
    ],
)
def test_the_cli_exits_2_for_an_unusable_file(
    cli_db: Path, content: bytes, args: list[str], message: str
) -> None:
    path = cli_db / "kaputt.csv"
    path.write_bytes(content)
    empty = cli_db / "empty.toml"
    empty.write_text("")
    args = [str(empty) if a == "EMPTY" else a for a in args]
    result = cli(cli_db, "import-facilities", "--tenant", "wuppertal", *args, str(path))
    assert result.returncode == 2
    assert message in result.stderr


def test_the_cli_refuses_an_unknown_tenant_or_a_missing_file(cli_db: Path) -> None:
    result = cli(cli_db, "import-facilities", "--tenant", "atlantis", "x.csv")
    assert result.returncode == 2 and "atlantis" in result.stderr
    result = cli(cli_db, "import-facilities", "--tenant", "wuppertal", str(cli_db / "fehlt.csv"))
    assert result.returncode == 2 and "nicht lesbar" in result.stderr
