"""Import Kitas and child-minders from CSV or GeoJSON files with a per-tenant column mapping.

A mapping (TOML, `server/tenants/data/<slug>/facilities_mapping.toml`) names the file's column (CSV) or
property (GeoJSON) for each of our fields, default values, and value maps from the file's wording to our
codes ("Ev. Kirche" → "evangelisch"). A field without an entry is read from a column of its own name, so
a file in our own format (see `to_csv`) needs no mapping.

The file's encoding (UTF-8 with or without BOM, UTF-16 with BOM, else Windows-1252/Latin-1) and CSV
delimiter (";", "," or tab) are detected. Every row is checked; a bad row is rejected with its line number
and a German reason, the others are upserted (`services.upsert_facilities`). A file that cannot be used at
all (no header, required columns missing, not a FeatureCollection …) raises `FileUnusable`.

List cells ("25;35;45", "Familienzentrum, inklusiv") are split at ";", ",", "|" or "/". Free places are
written as "2027-08 u3=2; 2027-08 ue3=1" (an empty cell: no free places); in GeoJSON also as a list of
{"start_month": "2027-08-01", "age_group": "u3", "places": 2}.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from pathlib import Path

from server.facilities.geocoder import Gazetteer, load_gazetteer
from server.facilities.importer.files import (
    FileUnusable,
    ParsedFile,
    decode_text,
    detect_delimiter,
    detect_format,
    parse_csv,
    parse_file,
    parse_geojson,
    to_csv,
)
from server.facilities.importer.mapping import (
    FIELDS,
    GERMANY_BBOX,
    MAPPING_FILE,
    ImportMapping,
    MappingError,
    check_mapping,
    load_mapping,
    mapping_for_tenant,
)
from server.facilities.importer.rows import check_facility
from server.facilities.services import FacilityInput, ImportSummary, RowError, upsert_facilities
from server.web.i18n import _

__all__ = [
    "FIELDS",
    "GERMANY_BBOX",
    "MAPPING_FILE",
    "FacilityInput",
    "FileUnusable",
    "ImportMapping",
    "ImportSummary",
    "MappingError",
    "ParsedFile",
    "RowError",
    "check_facility",
    "check_mapping",
    "decode_text",
    "detect_delimiter",
    "detect_format",
    "import_data",
    "import_path",
    "load_mapping",
    "mapping_for_tenant",
    "parse_csv",
    "parse_file",
    "parse_geojson",
    "summary_lines",
    "to_csv",
]


async def import_data(
    tenant: str,
    data: bytes,
    mapping: ImportMapping,
    *,
    fmt: str | None = None,
    filename: str = "",
    dry_run: bool = False,
    districts: Sequence[str] = (),
    gazetteer: Gazetteer | None = None,
) -> ImportSummary:
    """Parse, check and upsert one file's content; rejected rows are reported, the others stored."""
    # Parsing is CPU work (about 2 s for 60,000 rows): off the event loop, so a server stays responsive.
    parsed = await asyncio.to_thread(
        parse_file, data, mapping, fmt=fmt, filename=filename, districts=districts, gazetteer=gazetteer
    )
    summary = await upsert_facilities(tenant, parsed.rows, dry_run=dry_run)
    summary.rejected = len(parsed.errors)
    summary.errors = parsed.errors
    summary.notes = [*parsed.notes, *summary.notes]
    summary.row_label = parsed.row_label
    return summary


async def import_path(
    tenant_slug: str,
    tenant_folder: Path,
    path: Path,
    *,
    mapping_path: Path | None = None,
    fmt: str | None = None,
    dry_run: bool = False,
    districts: Sequence[str] = (),
) -> ImportSummary:
    """Import a file for a tenant with its mapping (`mapping_path`, else the tenant's
    facilities_mapping.toml, else our own column names) and its gazetteer for missing districts."""
    mapping = load_mapping(mapping_path) if mapping_path else mapping_for_tenant(tenant_folder)
    try:
        data = await asyncio.to_thread(path.read_bytes)
    except OSError as exc:
        raise FileUnusable(_("Datei nicht lesbar: {error}").format(error=exc.strerror or exc)) from exc
    gazetteer_file = tenant_folder / "gazetteer.json"
    gazetteer = load_gazetteer(gazetteer_file) if gazetteer_file.is_file() else None
    if not districts and gazetteer is not None:
        districts = [d.name for d in gazetteer.districts]
    return await import_data(
        tenant_slug,
        data,
        mapping,
        fmt=fmt,
        filename=path.name,
        dry_run=dry_run,
        districts=districts,
        gazetteer=gazetteer,
    )


def summary_lines(summary: ImportSummary) -> list[str]:
    """The summary as the CLI prints it: counts, notes, then one line per rejected row."""
    head = _("Neu: {created}, geändert: {updated}, unverändert: {unchanged}, abgelehnt: {rejected}").format(
        created=summary.created,
        updated=summary.updated,
        unchanged=summary.unchanged,
        rejected=summary.rejected,
    )
    lines = [head + (" " + _("(Probelauf – nichts gespeichert)") if summary.dry_run else "")]
    lines.extend(_("Hinweis: {note}").format(note=note) for note in summary.notes)
    lines.extend(f"{summary.row_label} {error.line}: {error.reason}" for error in summary.errors)
    return lines
