"""Reading import files: encoding, CSV delimiter, columns and GeoJSON features; our own CSV format."""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import msgspec

from server.facilities.geocoder import Gazetteer
from server.facilities.importer.mapping import (
    CSV,
    FIELDS,
    FORMATS,
    GEOJSON,
    LABELS,
    REQUIRED,
    ImportMapping,
    value_key,
)
from server.facilities.importer.rows import Notes, RowContext, convert_row
from server.facilities.services import FacilityInput, RowError
from server.web.i18n import _


class FileUnusable(Exception):
    """The file cannot be imported at all (the message is German and names the problem)."""


class ParsedFile(msgspec.Struct, kw_only=True):
    rows: list[FacilityInput]
    errors: list[RowError]
    notes: list[str]
    row_label: str  # "Zeile" or "Feature"


def decode_text(data: bytes) -> tuple[str, str]:
    """The text and the name of its encoding: a BOM wins, then strict UTF-8, then Windows-1252/Latin-1."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "UTF-8 (BOM)"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "UTF-16"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "ISO-8859-1"


def detect_delimiter(header_line: str) -> str:
    """The most frequent of ";", "," and tab in the header line (outside quotes); ";" on a tie."""
    counts = dict.fromkeys(";,\t", 0)
    quoted = False
    for char in header_line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    return max(";,\t", key=lambda c: counts[c])  # max keeps the first of equal counts


def detect_format(data: bytes, filename: str = "") -> str:
    suffix = Path(filename).suffix.lower()
    if suffix in {".geojson", ".json"}:
        return GEOJSON
    if suffix in {".csv", ".txt", ".tsv"}:
        return CSV
    text, _encoding = decode_text(data[:2048])
    return GEOJSON if text.lstrip().startswith("{") else CSV


def _column_names(mapping: ImportMapping) -> dict[str, str]:
    """Our field -> the file's column name (the field's own name when the mapping has none)."""
    return {field: mapping.columns.get(field, field) for field in FIELDS}


def _resolve_columns(
    available: Iterable[str], mapping: ImportMapping, optional: Sequence[str] = ()
) -> tuple[dict[str, str], list[str]]:
    """Our field -> the file's actual column name, and notes; raises FileUnusable for missing required ones."""
    by_key: dict[str, str] = {}
    for name in available:
        by_key.setdefault(value_key(name), name)
    resolved: dict[str, str] = {}
    missing: list[str] = []
    notes: list[str] = []
    for field, column in _column_names(mapping).items():
        # The mapped column, else one named like our field (files in our own format, see `to_csv`).
        actual = by_key.get(value_key(column)) or by_key.get(field)
        if actual is not None:
            resolved[field] = actual
        elif field in REQUIRED and field not in mapping.defaults and field not in optional:
            missing.append(f"„{column}“ ({LABELS[field]})")
        elif field in mapping.columns:
            notes.append(
                _("Spalte „{column}“ ({label}) fehlt in der Datei – das Feld bleibt leer").format(
                    column=column, label=LABELS[field]
                )
            )
    if missing:
        raise FileUnusable(_("Pflichtspalten fehlen: {columns}").format(columns=", ".join(missing)))
    used = {value_key(c) for c in resolved.values()}
    extra = [name for key, name in by_key.items() if key not in used and key]
    if extra:
        notes.append(_("Nicht verwendete Spalten ignoriert: {columns}").format(columns=", ".join(extra)))
    return resolved, notes


def _collect(
    records: Iterable[tuple[int, dict[str, Any], str | None]], ctx: RowContext, row_label: str
) -> tuple[list[FacilityInput], list[RowError]]:
    """Convert and check each (line, raw values, known problem) record; reject duplicates of an id."""
    rows: list[FacilityInput] = []
    errors: list[RowError] = []
    first_line: dict[str, int] = {}
    for line, raw, known in records:
        result = convert_row(raw, line, ctx)
        if known is not None:
            others = [p for p in result if p != _("Koordinaten fehlen")] if isinstance(result, list) else []
            errors.append(RowError(line, "; ".join([known, *others])))
            continue
        if isinstance(result, list):
            errors.append(RowError(line, "; ".join(result)))
            continue
        if result.external_id in first_line:
            errors.append(
                RowError(
                    line,
                    _("Kennung „{value}“ doppelt (schon in {label} {line})").format(
                        value=result.external_id, label=row_label, line=first_line[result.external_id]
                    ),
                )
            )
            continue
        first_line[result.external_id] = line
        rows.append(result)
    return rows, errors


def parse_csv(
    data: bytes, mapping: ImportMapping, *, districts: Sequence[str] = (), gazetteer: Gazetteer | None = None
) -> ParsedFile:
    text, encoding = decode_text(data)
    if "\x00" in text:
        raise FileUnusable(_("Die Datei ist keine Textdatei (CSV)."))
    header_line = next((line for line in io.StringIO(text) if line.strip()), None)
    if header_line is None:
        raise FileUnusable(_("Die Datei ist leer."))
    delimiter = detect_delimiter(header_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    for cells in reader:
        if any(cell.strip() for cell in cells):
            header = [cell.strip().lstrip("\ufeff") for cell in cells]
            break
    assert header is not None
    resolved, column_notes = _resolve_columns(header, mapping)
    index_of = {field: header.index(column) for field, column in resolved.items()}
    notes = Notes(_("Zeile"))
    ctx = RowContext(mapping, notes, districts, gazetteer)

    def records() -> Iterable[tuple[int, dict[str, Any], str | None]]:
        previous_end = reader.line_num
        for cells in reader:
            line, previous_end = previous_end + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            yield line, {field: cells[i] if i < len(cells) else "" for field, i in index_of.items()}, None

    rows, errors = _collect(records(), ctx, _("Zeile"))
    shown = {";": "„;“", ",": "„,“", "\t": _("Tabulator")}[delimiter]
    read_note = _("Gelesen als CSV ({encoding}, Trennzeichen {delimiter}), {n} Datenzeilen").format(
        encoding=encoding, delimiter=shown, n=len(rows) + len(errors)
    )
    return ParsedFile(
        rows=rows, errors=errors, notes=[read_note, *column_notes, *notes.render()], row_label=_("Zeile")
    )


def parse_geojson(
    data: bytes, mapping: ImportMapping, *, districts: Sequence[str] = (), gazetteer: Gazetteer | None = None
) -> ParsedFile:
    """Point features; coordinates from the geometry (or, without one, from mapped lat/lon properties)."""
    text, _encoding = decode_text(data)
    try:
        document = json.loads(text)
    except ValueError as exc:
        raise FileUnusable(_("Kein gültiges JSON: {error}").format(error=exc)) from exc
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise FileUnusable(_("Die Datei ist keine GeoJSON-FeatureCollection."))
    features = document.get("features")
    if not isinstance(features, list):
        raise FileUnusable(_("Die FeatureCollection hat keine Liste „features“."))
    names: dict[str, None] = {}
    for feature in features:
        properties = feature.get("properties") if isinstance(feature, dict) else None
        if isinstance(properties, dict):
            names.update(dict.fromkeys(properties))
    resolved, column_notes = _resolve_columns(names, mapping, optional=("lat", "lon"))
    label = _("Feature")
    notes = Notes(label)
    ctx = RowContext(mapping, notes, districts, gazetteer)

    def records() -> Iterable[tuple[int, dict[str, Any], str | None]]:
        for number, feature in enumerate(features, start=1):
            if not isinstance(feature, dict) or feature.get("type") != "Feature":
                yield number, {}, _("Kein GeoJSON-Feature")
                continue
            properties = feature.get("properties")
            properties = properties if isinstance(properties, dict) else {}
            raw = {field: properties[column] for field, column in resolved.items() if column in properties}
            geometry = feature.get("geometry")
            known = None
            if isinstance(geometry, dict) and geometry.get("type") == "Point":
                coordinates = geometry.get("coordinates")
                if isinstance(coordinates, list) and len(coordinates) >= 2:
                    raw["lon"], raw["lat"] = str(coordinates[0]), str(coordinates[1])
                else:
                    known = _("Koordinaten fehlen (Punkt ohne Koordinaten)")
            elif isinstance(geometry, dict):
                known = _("Geometrie ist kein Punkt ({type})").format(type=geometry.get("type"))
            elif not (raw.get("lat") not in (None, "") and raw.get("lon") not in (None, "")):
                known = _("Koordinaten fehlen (Feature ohne Geometrie)")
            yield number, raw, known

    rows, errors = _collect(records(), ctx, label)
    read_note = _("Gelesen als GeoJSON, {n} Features").format(n=len(features))
    return ParsedFile(
        rows=rows, errors=errors, notes=[read_note, *column_notes, *notes.render()], row_label=label
    )


def parse_file(
    data: bytes,
    mapping: ImportMapping,
    *,
    fmt: str | None = None,
    filename: str = "",
    districts: Sequence[str] = (),
    gazetteer: Gazetteer | None = None,
) -> ParsedFile:
    fmt = fmt or mapping.format or detect_format(data, filename)
    if fmt not in FORMATS:
        raise FileUnusable(_("Unbekanntes Format „{value}“ (csv oder geojson)").format(value=fmt))
    parse = parse_geojson if fmt == GEOJSON else parse_csv
    return parse(data, mapping, districts=districts, gazetteer=gazetteer)


def _cell(row: FacilityInput, field: str) -> str:
    value = getattr(row, field)
    if field == "free_places":
        return "; ".join(f"{p.start_month:%Y-%m} {p.age_group}={p.places}" for p in value or ())
    if field == "places_updated_at":
        return value.isoformat() if value else ""
    if field == "accessible":
        return "ja" if value else "nein"
    if isinstance(value, tuple):
        return "; ".join(str(v) for v in value)
    if isinstance(value, float):
        return f"{value:.6f}"
    return str(value)


def to_csv(rows: Iterable[FacilityInput], delimiter: str = ";") -> str:
    """Rows in our own CSV format (our field names as columns), which imports without a mapping."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(FIELDS)
    for row in rows:
        writer.writerow([_cell(row, field) for field in FIELDS])
    return out.getvalue()
