"""Importer: reading CSV and GeoJSON, the per-row checks with their German reasons, mappings and value maps."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest

from server.facilities.geocoder import load_gazetteer
from server.facilities.importer import (
    FIELDS,
    FileUnusable,
    ImportMapping,
    MappingError,
    ParsedFile,
    check_mapping,
    decode_text,
    detect_delimiter,
    detect_format,
    load_mapping,
    parse_csv,
    parse_file,
    parse_geojson,
    summary_lines,
)
from server.facilities.schemas import FreePlace
from server.facilities.services import ImportSummary, RowError
from server.settings import ROOT

TENANTS = ROOT / "server" / "tenants" / "data"
WUPPERTAL_DISTRICTS = [d.name for d in load_gazetteer(TENANTS / "wuppertal" / "gazetteer.json").districts]

GOOD: dict[str, str] = {
    "external_id": "K-001",
    "name": "Städtische Kita Am Kothen",
    "kind": "kita",
    "traeger_name": "Stadt Wuppertal",
    "traeger_type": "staedtisch",
    "street": "Am Kothen",
    "house_number": "12",
    "postcode": "42275",
    "city": "Wuppertal",
    "district": "Barmen",
    "lat": "51.2640",
    "lon": "7.1830",
    "age_min_months": "24",
    "age_max_months": "72",
    "group_forms": "I; III",
    "hours_offered": "25; 35; 45",
    "capacity": "75",
    "concept_tags": "Familienzentrum, inklusiv",
    "languages": "Deutsch, Türkisch",
    "accessible": "ja",
}


def csv_bytes(
    rows: list[dict[str, str]],
    header: list[str] | None = None,
    delimiter: str = ";",
    encoding: str = "utf-8",
) -> bytes:
    header = header or list(GOOD)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(column, "") for column in header])
    return out.getvalue().encode(encoding)


def parse(rows: list[dict[str, str]], mapping: ImportMapping | None = None, **kwargs: Any) -> ParsedFile:
    return parse_csv(csv_bytes(rows, **kwargs), mapping or ImportMapping(), districts=WUPPERTAL_DISTRICTS)


def one(changes: dict[str, str], mapping: ImportMapping | None = None) -> ParsedFile:
    """One row: GOOD with `changes`; a changed field outside GOOD becomes a column of its own."""
    return parse([{**GOOD, **changes}], mapping, header=list(dict.fromkeys([*GOOD, *changes])))


# --- rejected rows ---------------------------------------------------------------------------------------

REJECTED = [
    ({"lat": ""}, "Koordinaten fehlen"),
    ({"lat": "", "lon": ""}, "Koordinaten fehlen"),
    ({"lat": "abc"}, "Breitengrad „abc“ ist keine Zahl"),
    ({"lon": "7°09'"}, "Längengrad „7°09'“ ist keine Zahl"),
    ({"lat": "51.2.3"}, "Breitengrad „51.2.3“ ist keine Zahl"),
    ({"lat": "95", "lon": "7.1"}, "außerhalb des gültigen Bereichs"),
    ({"lat": "0", "lon": "0"}, "außerhalb Deutschlands"),
    ({"lat": "40.4168", "lon": "-3.7038"}, "außerhalb Deutschlands"),
    ({"lat": "7.1508", "lon": "51.2562"}, "vertauscht"),
    ({"name": ""}, "Name fehlt"),
    ({"name": "   "}, "Name fehlt"),
    ({"external_id": ""}, "Kennung fehlt"),
    ({"external_id": "X" * 81}, "Kennung ist zu lang (höchstens 80 Zeichen)"),
    ({"traeger_type": "Kirche X"}, "Unbekannte Trägerart „Kirche X“"),
    ({"traeger_type": ""}, "Trägerart fehlt"),
    ({"kind": "Hort"}, "Unbekannte Art der Einrichtung „Hort“"),
    ({"kind": ""}, "Art der Einrichtung fehlt"),
    ({"hours_offered": "20"}, "Unbekannte Betreuungszeit „20“"),
    ({"hours_offered": "viel"}, "Betreuungszeit „viel“ ist keine Stundenzahl"),
    ({"kind": "tagespflege", "group_forms": "", "hours_offered": "70"}, "Wochenstunden"),
    ({"age_min_months": "36", "age_max_months": "24"}, "Altersspanne vertauscht: von 36 bis 24 Monate"),
    ({"age_min_months": "zwei"}, "Mindestalter „zwei“ ist keine ganze Zahl"),
    ({"age_max_months": "400"}, "Alter außerhalb von 0 bis 168 Monaten"),
    ({"group_forms": "IV"}, "Unbekannte Gruppenform „IV“"),
    ({"postcode": "ABCDE"}, "Postleitzahl „ABCDE“ hat nicht 5 Ziffern"),
    ({"capacity": "viele"}, "Plätze „viele“ ist keine ganze Zahl"),
    ({"accessible": "vielleicht"}, "Barrierefreiheit: unbekannter Wert „vielleicht“"),
    ({"name": "K" * 201}, "Name ist zu lang (höchstens 200 Zeichen)"),
    ({"house_number": "12345678901"}, "Hausnummer ist zu lang"),
]


@pytest.mark.parametrize(("changes", "reason"), REJECTED, ids=[r for _, r in REJECTED])
def test_a_bad_row_is_rejected_with_its_line_and_reason(changes: dict[str, str], reason: str) -> None:
    parsed = one(changes)
    assert parsed.rows == []
    assert len(parsed.errors) == 1
    assert parsed.errors[0].line == 2  # the header is line 1
    assert reason in parsed.errors[0].reason


def test_every_problem_of_a_row_is_named() -> None:
    parsed = one({"name": "", "lat": "", "traeger_type": "Kirche X"})
    assert parsed.errors[0].reason == "Name fehlt; Unbekannte Trägerart „Kirche X“; Koordinaten fehlen"


def test_free_places_and_their_date_are_checked() -> None:
    parsed = parse(
        [
            {**GOOD, "free_places": "August: 2"},
            {**GOOD, "external_id": "K-002", "free_places": "2027-08-15 u3=1"},
            {**GOOD, "external_id": "K-003", "places_updated_at": "gestern"},
        ],
        header=[*GOOD, "free_places", "places_updated_at"],
    )
    assert [e.line for e in parsed.errors] == [2, 3, 4]
    assert "Freie Plätze „August: 2“ nicht lesbar" in parsed.errors[0].reason
    assert "Freie Plätze „2027-08-15 u3=1“ nicht lesbar" in parsed.errors[1].reason
    assert "Stand der freien Plätze „gestern“ ist kein Datum" in parsed.errors[2].reason


def test_rejected_rows_do_not_stop_the_others() -> None:
    parsed = parse(
        [
            {**GOOD, "external_id": "A"},
            {**GOOD, "external_id": "B", "lat": ""},
            {**GOOD, "external_id": "C"},
            {**GOOD, "external_id": "D", "name": ""},
        ]
    )
    assert [r.external_id for r in parsed.rows] == ["A", "C"]
    assert [(e.line, e.reason) for e in parsed.errors] == [(3, "Koordinaten fehlen"), (5, "Name fehlt")]


def test_a_duplicate_id_in_the_file_rejects_the_later_row() -> None:
    parsed = parse([GOOD, {**GOOD, "name": "Zweite"}, {**GOOD, "external_id": "K-002"}])
    assert [r.external_id for r in parsed.rows] == ["K-001", "K-002"]
    assert parsed.rows[0].name == GOOD["name"]
    assert parsed.errors == [RowError(3, "Kennung „K-001“ doppelt (schon in Zeile 2)")]


def test_line_numbers_count_physical_lines_with_multi_line_cells_and_blank_lines() -> None:
    text = (
        "external_id;name;kind;traeger_type;lat;lon;description\r\n"
        'A;Kita A;kita;awo;51.25;7.15;"Erste Zeile\r\nzweite Zeile\r\ndritte"\r\n'
        "\r\n"
        "B;;kita;awo;51.25;7.15;\r\n"
    )
    parsed = parse_csv(text.encode(), ImportMapping())
    assert parsed.rows[0].description == "Erste Zeile\r\nzweite Zeile\r\ndritte"
    assert parsed.errors == [RowError(6, "Name fehlt")]


# --- accepted values -------------------------------------------------------------------------------------

ACCEPTED = [
    ({"lat": "51,2562", "lon": "7,1508"}, "lat", 51.2562),
    ({"lat": "51,2562", "lon": "7,1508"}, "lon", 7.1508),
    ({"lat": " 51.2562 "}, "lat", 51.2562),
    ({"traeger_type": "Ev. Kirche"}, "traeger_type", "evangelisch"),
    ({"traeger_type": "kath."}, "traeger_type", "katholisch"),
    ({"traeger_type": "KATH."}, "traeger_type", "katholisch"),
    ({"traeger_type": "Arbeiterwohlfahrt"}, "traeger_type", "awo"),
    ({"traeger_type": "AWO"}, "traeger_type", "awo"),
    ({"traeger_type": "städtisch"}, "traeger_type", "staedtisch"),
    ({"traeger_type": "Der Paritätische"}, "traeger_type", "paritaetisch"),
    ({"traeger_type": "Elterninitiative"}, "traeger_type", "elterninitiative"),
    ({"kind": "Kindertagesstätte"}, "kind", "kita"),
    ({"kind": "KTP", "group_forms": "", "hours_offered": "30"}, "kind", "tagespflege"),
    ({"kind": "Tagespflege", "group_forms": "", "hours_offered": "30"}, "hours_offered", (30,)),
    ({"kind": "Tagespflege", "group_forms": "", "hours_offered": "20; 35"}, "hours_offered", (35,)),
    ({"hours_offered": "25;35;45"}, "hours_offered", (25, 35, 45)),
    ({"hours_offered": "45, 25"}, "hours_offered", (25, 45)),
    ({"hours_offered": "35 Std."}, "hours_offered", (35,)),
    ({"hours_offered": ""}, "hours_offered", ()),
    ({"concept_tags": "Familienzentrum, inklusiv"}, "concept_tags", ("familienzentrum", "inklusiv")),
    ({"concept_tags": "Waldkindergarten | Inklusion"}, "concept_tags", ("waldkita", "inklusiv")),
    ({"concept_tags": "Sprachförderung"}, "concept_tags", ("sprachfoerderung",)),
    ({"languages": "deutsch, Englisch, deutsch"}, "languages", ("Deutsch", "Englisch")),
    ({"group_forms": "III, 1"}, "group_forms", ("I", "III")),
    ({"group_forms": "Gruppenform II"}, "group_forms", ("II",)),
    ({"accessible": "ja"}, "accessible", True),
    ({"accessible": "X"}, "accessible", True),
    ({"accessible": "nein"}, "accessible", False),
    ({"accessible": ""}, "accessible", False),
    ({"postcode": "4103"}, "postcode", "04103"),
    ({"postcode": ""}, "postcode", ""),
    ({"district": "elberfeld west"}, "district", "Elberfeld-West"),
    ({"district": "UELLENDAHL-KATERNBERG"}, "district", "Uellendahl-Katernberg"),
    ({"name": "  Kita   Sonnenblume "}, "name", "Kita Sonnenblume"),
    ({"website": "www.example.org/kita"}, "website", "https://www.example.org/kita"),
    ({"website": "https://example.org"}, "website", "https://example.org"),
    ({"email": "kita@example.org"}, "email", "kita@example.org"),
    ({"capacity": ""}, "capacity", 0),
]


@pytest.mark.parametrize(("changes", "field", "expected"), ACCEPTED)
def test_values_are_normalised(changes: dict[str, str], field: str, expected: object) -> None:
    parsed = one(changes)
    assert parsed.errors == []
    assert getattr(parsed.rows[0], field) == expected


@pytest.mark.parametrize(
    ("forms", "kind", "ages"),
    [
        ("I; III", "kita", (24, 72)),
        ("II", "kita", (0, 36)),
        ("II, III", "kita", (0, 72)),
        ("III", "kita", (36, 72)),
        ("", "kita", (0, 72)),
        ("", "tagespflege", (0, 36)),
    ],
)
def test_missing_ages_follow_the_group_forms(forms: str, kind: str, ages: tuple[int, int]) -> None:
    parsed = one(
        {"group_forms": forms, "kind": kind, "age_min_months": "", "age_max_months": "", "hours_offered": ""}
    )
    row = parsed.rows[0]
    assert (row.age_min_months, row.age_max_months) == ages


def test_unsafe_or_broken_contact_fields_are_dropped_with_a_note() -> None:
    parsed = parse(
        [
            {**GOOD, "website": "javascript:alert(1)"},
            {**GOOD, "external_id": "K-002", "email": "keine Adresse"},
        ],
        header=[*GOOD, "website", "email"],
    )
    assert [r.website for r in parsed.rows] == ["", ""]
    assert [r.email for r in parsed.rows] == ["", ""]
    assert "Ungültige Internetadresse ausgelassen (nur http und https) (Zeile 2)" in parsed.notes
    assert "Ungültige E-Mail-Adresse ausgelassen (Zeile 3)" in parsed.notes


def test_unknown_tags_and_districts_are_kept_out_or_kept_with_a_note() -> None:
    parsed = one({"concept_tags": "inklusiv, Zirkus", "district": "Hahnerberg"})
    assert parsed.rows[0].concept_tags == ("inklusiv",)
    assert parsed.rows[0].district == "Hahnerberg"
    assert "Unbekanntes Konzept-Merkmal „Zirkus“ ignoriert (Zeile 2)" in parsed.notes
    assert "Unbekannter Stadtbezirk „Hahnerberg“ übernommen (Zeile 2)" in parsed.notes


def test_a_missing_district_is_taken_from_the_nearest_district_centre() -> None:
    gazetteer = load_gazetteer(TENANTS / "wuppertal" / "gazetteer.json")
    data = csv_bytes([{**GOOD, "district": "", "lat": "51.2335", "lon": "7.0730"}])
    parsed = parse_csv(data, ImportMapping(), districts=WUPPERTAL_DISTRICTS, gazetteer=gazetteer)
    assert parsed.rows[0].district == "Vohwinkel"


def test_free_places_and_their_date() -> None:
    parsed = one(
        {
            "free_places": "2027-08 u3=2; 2027-08 ue3=0; 2027-09-01 ü3=1",
            "places_updated_at": "20.11.2026 08:30",
        }
    )
    row = parsed.rows[0]
    assert row.free_places == (
        FreePlace(dt.date(2027, 8, 1), "u3", 2),
        FreePlace(dt.date(2027, 8, 1), "ue3", 0),
        FreePlace(dt.date(2027, 9, 1), "ue3", 1),
    )
    assert row.places_updated_at == dt.datetime(2026, 11, 20, 7, 30, tzinfo=dt.UTC)  # CET → UTC


def test_an_empty_free_places_cell_means_none_and_a_missing_column_means_keep() -> None:
    assert one({"free_places": ""}).rows[0].free_places == ()
    assert one({}).rows[0].free_places is None
    assert one({}).rows[0].places_updated_at is None


# --- encodings, delimiters, columns ----------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252", "utf-8", "utf-8-sig", "utf-16"])
def test_umlauts_come_out_right_in_every_encoding(encoding: str) -> None:
    row = {**GOOD, "name": "Kita Löwenzahn – Müngstener Straße", "traeger_type": "Städtisch"}
    if encoding == "latin-1":
        row["name"] = "Kita Löwenzahn Müngstener Straße"  # no dash in Latin-1
    parsed = parse([row], encoding=encoding)
    assert parsed.errors == []
    assert parsed.rows[0].name == row["name"]
    assert parsed.rows[0].traeger_type == "staedtisch"
    assert parsed.rows[0].languages == ("Deutsch", "Türkisch")


def test_a_latin1_file_with_german_column_names_and_the_wuppertal_mapping() -> None:
    mapping = load_mapping(TENANTS / "wuppertal" / "facilities_mapping.toml")
    header = [
        "Einrichtungsnummer",
        "Name",
        "Art",
        "Trägerart",
        "Straße",
        "Stadtbezirk",
        "Breitengrad",
        "Längengrad",
    ]
    header += ["Betreuungsumfang (Std.)", "Schwerpunkte", "Bemerkung"]
    rows = [
        {
            "Einrichtungsnummer": "0815",
            "Name": "Kita Pusteblume Märchenwald",
            "Art": "Tageseinrichtung für Kinder",
            "Trägerart": "Stadt Wuppertal",
            "Straße": "Höhne",
            "Stadtbezirk": "barmen",
            "Breitengrad": "51,2711",
            "Längengrad": "7,1975",
            "Betreuungsumfang (Std.)": "Blockzeit; 45",
            "Schwerpunkte": "Familienzentrum NRW",
            "Bemerkung": "intern",
        },
        {
            "Einrichtungsnummer": "0816",
            "Name": "Tagespflege Kükennest",
            "Art": "KTP",
            "Trägerart": "Sonstiger freier Träger",
            "Breitengrad": "51,27",
            "Längengrad": "",
        },
    ]
    parsed = parse_csv(
        csv_bytes(rows, header=header, encoding="latin-1"), mapping, districts=WUPPERTAL_DISTRICTS
    )
    row = parsed.rows[0]
    assert (row.external_id, row.name, row.kind, row.traeger_type) == (
        "0815",
        "Kita Pusteblume Märchenwald",
        "kita",
        "staedtisch",
    )
    assert (row.street, row.district, row.city, row.lat, row.lon) == (
        "Höhne",
        "Barmen",
        "Wuppertal",
        51.2711,
        7.1975,
    )
    assert row.hours_offered == (35, 45)
    assert row.concept_tags == ("familienzentrum",)
    assert parsed.errors == [RowError(3, "Koordinaten fehlen")]
    assert parsed.notes[0] == "Gelesen als CSV (Windows-1252, Trennzeichen „;“), 2 Datenzeilen"
    assert "Nicht verwendete Spalten ignoriert: Bemerkung" in parsed.notes
    assert any(
        note.startswith("Spalte „Hausnummer“ (Hausnummer) fehlt in der Datei") for note in parsed.notes
    )


@pytest.mark.parametrize(("delimiter", "shown"), [(";", "„;“"), (",", "„,“"), ("\t", "Tabulator")])
def test_the_delimiter_is_detected(delimiter: str, shown: str) -> None:
    parsed = parse([GOOD, {**GOOD, "external_id": "K-002"}], delimiter=delimiter)
    assert parsed.errors == []
    assert [r.hours_offered for r in parsed.rows] == [(25, 35, 45)] * 2
    assert shown in parsed.notes[0]


def test_detect_delimiter_ignores_separators_inside_quotes() -> None:
    assert detect_delimiter('"a;b;c",x,y') == ","
    assert detect_delimiter("a;b,c;d") == ";"
    assert detect_delimiter("a\tb\tc,d") == "\t"
    assert detect_delimiter("single") == ";"


def test_missing_required_columns_reject_the_whole_file_naming_them() -> None:
    header = [c for c in GOOD if c not in {"lat", "name"}]
    with pytest.raises(FileUnusable) as caught:
        parse([GOOD], header=header)
    assert str(caught.value) == "Pflichtspalten fehlen: „name“ (Name), „lat“ (Breitengrad)"


def test_a_default_stands_in_for_a_missing_required_column() -> None:
    header = [c for c in GOOD if c != "kind"]
    parsed = parse([GOOD], ImportMapping(defaults={"kind": "Kita"}), header=header)
    assert parsed.rows[0].kind == "kita"


def test_extra_columns_are_ignored_and_reported_once() -> None:
    parsed = parse([GOOD, {**GOOD, "external_id": "K-002"}], header=[*GOOD, "Bemerkung", "intern"])
    assert len(parsed.rows) == 2
    assert parsed.notes.count("Nicht verwendete Spalten ignoriert: Bemerkung, intern") == 1


def test_column_names_match_ignoring_case_and_spaces() -> None:
    mapping = ImportMapping(columns={"name": "Name der  Einrichtung"})
    header = ["external_id", " name der einrichtung ", "kind", "traeger_type", "lat", "lon"]
    rows = [{**GOOD, " name der einrichtung ": "Kita Kleeblatt"}]
    parsed = parse(rows, mapping, header=header)
    assert parsed.rows[0].name == "Kita Kleeblatt"


@pytest.mark.parametrize("data", [b"", b"\r\n\r\n", b"\x00\x01\x02binary"])
def test_an_empty_or_binary_file_is_unusable(data: bytes) -> None:
    with pytest.raises(FileUnusable):
        parse_csv(data, ImportMapping())


def test_a_header_only_file_imports_nothing() -> None:
    parsed = parse([])
    assert (parsed.rows, parsed.errors) == ([], [])


def test_decode_text_and_detect_format() -> None:
    assert decode_text("Grün".encode()) == ("Grün", "UTF-8")
    assert decode_text(b"\xef\xbb\xbfGr\xc3\xbcn") == ("Grün", "UTF-8 (BOM)")
    assert decode_text(b"Gr\xfcn") == ("Grün", "Windows-1252")
    assert decode_text(b"Gr\x81n") == ("Gr\x81n", "ISO-8859-1")
    assert detect_format(b"a;b", "kitas.CSV") == "csv"
    assert detect_format(b"{}", "kitas.geojson") == "geojson"
    assert detect_format(b'  {"type": "FeatureCollection"}') == "geojson"
    assert detect_format(b"external_id;name") == "csv"


# --- GeoJSON ---------------------------------------------------------------------------------------------


def feature(properties: dict[str, Any], geometry: dict[str, Any] | None) -> dict[str, Any]:
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def point(lon: float, lat: float) -> dict[str, Any]:
    return {"type": "Point", "coordinates": [lon, lat]}


ISERLOHN_PROPS = {
    "objekt_id": "IS-1",
    "bezeichnung": "Kita Seilersee",
    "typ": "Kindertageseinrichtung",
    "traegerart": "Stadt Iserlohn",
    "ortsteil": "Stadtmitte",
    "alter_von": "0,5",
    "alter_bis": 6,
    "gruppenformen": ["II", "III"],
    "wochenstunden": [35, 45],
    "profil": ["Familienzentrum"],
    "barrierefrei": True,
    "plaetze": 60,
}


def geojson(*features: dict[str, Any]) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


def test_geojson_point_features_with_the_iserlohn_mapping() -> None:
    mapping = load_mapping(TENANTS / "iserlohn" / "facilities_mapping.toml")
    data = geojson(
        feature(ISERLOHN_PROPS, point(7.6959, 51.3757)),
        feature({**ISERLOHN_PROPS, "objekt_id": "IS-2"}, None),
        feature({**ISERLOHN_PROPS, "objekt_id": "IS-3"}, {"type": "Polygon", "coordinates": []}),
        feature({**ISERLOHN_PROPS, "objekt_id": "IS-4", "bezeichnung": ""}, None),
        {"type": "Something"},
        feature(
            {**ISERLOHN_PROPS, "objekt_id": "IS-6", "typ": "Kindertagespflege", "gruppenformen": []},
            point(7.72, 51.386),
        ),
    )
    parsed = parse_file(data, mapping, districts=["Innenstadt", "Gerlingsen"])
    assert parsed.row_label == "Feature"
    row = parsed.rows[0]
    assert (row.external_id, row.kind, row.traeger_type, row.district, row.city) == (
        "IS-1",
        "kita",
        "staedtisch",
        "Innenstadt",
        "Iserlohn",
    )
    assert (row.lat, row.lon) == (51.3757, 7.6959)
    assert (row.age_min_months, row.age_max_months) == (6, 72)  # years in the file
    assert (row.group_forms, row.hours_offered, row.concept_tags) == (
        ("II", "III"),
        (35, 45),
        ("familienzentrum",),
    )
    assert (row.accessible, row.capacity) == (True, 60)
    assert parsed.rows[1].external_id == "IS-6"
    assert parsed.rows[1].hours_offered == (45,)
    assert parsed.errors == [
        RowError(2, "Koordinaten fehlen (Feature ohne Geometrie)"),
        RowError(3, "Geometrie ist kein Punkt (Polygon)"),
        RowError(4, "Koordinaten fehlen (Feature ohne Geometrie); Name fehlt"),
        RowError(
            5, "Kein GeoJSON-Feature; Kennung fehlt; Name fehlt; Art der Einrichtung fehlt; Trägerart fehlt"
        ),
    ]


def test_geojson_without_geometry_may_carry_mapped_coordinates() -> None:
    mapping = ImportMapping(columns={"lat": "y", "lon": "x"})
    props = {
        "external_id": "G-1",
        "name": "Kita",
        "kind": "kita",
        "traeger_type": "drk",
        "y": "51,25",
        "x": "7,15",
    }
    parsed = parse_geojson(geojson(feature(props, None)), mapping)
    assert (parsed.rows[0].lat, parsed.rows[0].lon) == (51.25, 7.15)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"{not json", "Kein gültiges JSON"),
        (b'{"type": "Feature"}', "keine GeoJSON-FeatureCollection"),
        (b'{"type": "FeatureCollection", "features": {}}', "keine Liste „features“"),
        (geojson(feature({"name": "x"}, point(7.1, 51.2))), "Pflichtspalten fehlen"),
    ],
)
def test_an_unusable_geojson_file(data: bytes, message: str) -> None:
    with pytest.raises(FileUnusable, match=message):
        parse_geojson(data, ImportMapping())


# --- mappings and output ---------------------------------------------------------------------------------


def test_the_tenant_mappings_are_valid() -> None:
    for folder in sorted(TENANTS.iterdir()):
        path = folder / "facilities_mapping.toml"
        if path.is_file():
            mapping = load_mapping(path)
            assert set(mapping.columns) <= set(FIELDS)


@pytest.mark.parametrize(
    "mapping",
    [
        ImportMapping(columns={"nmae": "Name"}),
        ImportMapping(values={"name": {"a": "b"}}),
        ImportMapping(format="xlsx"),
        ImportMapping(age_unit="weeks"),
    ],
)
def test_a_broken_mapping_is_refused(mapping: ImportMapping) -> None:
    with pytest.raises(MappingError):
        check_mapping(mapping)


def test_an_unreadable_mapping_file(tmp_path: Path) -> None:
    path = tmp_path / "m.toml"
    path.write_text("[columns]\nname = 1\n")
    with pytest.raises(MappingError, match="fehlerhaft"):
        load_mapping(path)
    with pytest.raises(MappingError, match="nicht lesbar"):
        load_mapping(tmp_path / "missing.toml")


def test_summary_lines() -> None:
    summary = ImportSummary(
        created=3,
        updated=1,
        unchanged=2,
        rejected=1,
        errors=[RowError(12, "Koordinaten fehlen")],
        notes=["Gelesen als CSV"],
        dry_run=True,
    )
    assert summary_lines(summary) == [
        "Neu: 3, geändert: 1, unverändert: 2, abgelehnt: 1 (Probelauf – nichts gespeichert)",
        "Hinweis: Gelesen als CSV",
        "Zeile 12: Koordinaten fehlen",
    ]
