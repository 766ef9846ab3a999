"""The import's vocabulary and the per-tenant mapping (TOML): our fields, their German labels and limits,
common wording in German open data, and the file's column names and value maps per tenant."""

from __future__ import annotations

from pathlib import Path

import msgspec

from server.web.i18n import _

# south, west, north, east: generous around Germany (47.27–55.06 N, 5.87–15.04 E).
GERMANY_BBOX = (47.2, 5.8, 55.1, 15.1)
MAX_AGE_MONTHS = 14 * 12
MAX_WEEKLY_HOURS = 60

MAPPING_FILE = "facilities_mapping.toml"

CSV = "csv"
GEOJSON = "geojson"
FORMATS = (CSV, GEOJSON)

# Our fields in file order (also the columns of `to_csv`).
FIELDS = (
    "external_id",
    "name",
    "kind",
    "traeger_name",
    "traeger_type",
    "street",
    "house_number",
    "postcode",
    "city",
    "district",
    "lat",
    "lon",
    "age_min_months",
    "age_max_months",
    "group_forms",
    "hours_offered",
    "opening_hours",
    "capacity",
    "concept_tags",
    "languages",
    "meals",
    "accessible",
    "phone",
    "email",
    "website",
    "description",
    "places_updated_at",
    "free_places",
)
REQUIRED = ("external_id", "name", "kind", "traeger_type", "lat", "lon")
LIST_FIELDS = ("group_forms", "hours_offered", "concept_tags", "languages")
MAPPABLE = ("kind", "traeger_type", "district", "accessible", *LIST_FIELDS)
TEXT_LIMITS = {
    "external_id": 80,
    "name": 200,
    "traeger_name": 200,
    "street": 120,
    "house_number": 10,
    "postcode": 5,
    "city": 80,
    "district": 80,
    "opening_hours": 200,
    "meals": 200,
    "phone": 40,
    "email": 254,
    "website": 254,
    "description": 5000,
}
LABELS = {
    "external_id": _("Kennung"),
    "name": _("Name"),
    "kind": _("Art"),
    "traeger_name": _("Träger"),
    "traeger_type": _("Trägerart"),
    "street": _("Straße"),
    "house_number": _("Hausnummer"),
    "postcode": _("Postleitzahl"),
    "city": _("Ort"),
    "district": _("Stadtbezirk"),
    "lat": _("Breitengrad"),
    "lon": _("Längengrad"),
    "age_min_months": _("Mindestalter"),
    "age_max_months": _("Höchstalter"),
    "group_forms": _("Gruppenformen"),
    "hours_offered": _("Betreuungszeiten"),
    "opening_hours": _("Öffnungszeiten"),
    "capacity": _("Plätze"),
    "concept_tags": _("Konzept-Merkmale"),
    "languages": _("Sprachen"),
    "meals": _("Verpflegung"),
    "accessible": _("Barrierefreiheit"),
    "phone": _("Telefon"),
    "email": _("E-Mail"),
    "website": _("Internetseite"),
    "description": _("Beschreibung"),
    "places_updated_at": _("Stand der freien Plätze"),
    "free_places": _("Freie Plätze"),
}

# Wording found in German open data, besides our codes and their labels (keys folded with `_key`).
BUILTIN_VALUES: dict[str, dict[str, str]] = {
    "kind": {
        "kindertageseinrichtung": "kita",
        "kindertagesstätte": "kita",
        "kindertagesstaette": "kita",
        "kindergarten": "kita",
        "kita": "kita",
        "tageseinrichtung": "kita",
        "tageseinrichtung für kinder": "kita",
        "tagespflege": "tagespflege",
        "kindertagespflege": "tagespflege",
        "ktp": "tagespflege",
        "tagesmutter": "tagespflege",
        "tagesvater": "tagespflege",
        "tagespflegeperson": "tagespflege",
        "kindertagespflegeperson": "tagespflege",
        "großtagespflege": "tagespflege",
        "grosstagespflege": "tagespflege",
    },
    "traeger_type": {
        "stadt": "staedtisch",
        "städtisch": "staedtisch",
        "kommunal": "staedtisch",
        "kommune": "staedtisch",
        "öffentlich": "staedtisch",
        "öffentlicher träger": "staedtisch",
        "ev": "evangelisch",
        "ev.": "evangelisch",
        "evang.": "evangelisch",
        "ev. kirche": "evangelisch",
        "evangelische kirche": "evangelisch",
        "diakonie": "evangelisch",
        "kath": "katholisch",
        "kath.": "katholisch",
        "kath. kirche": "katholisch",
        "katholische kirche": "katholisch",
        "caritas": "katholisch",
        "arbeiterwohlfahrt": "awo",
        "deutsches rotes kreuz": "drk",
        "rotes kreuz": "drk",
        "paritätisch": "paritaetisch",
        "der paritätische": "paritaetisch",
        "dpwv": "paritaetisch",
        "paritätischer wohlfahrtsverband": "paritaetisch",
        "elternverein": "elterninitiative",
        "elterninitiative": "elterninitiative",
        "sonstiger": "sonstige",
        "sonstiger träger": "sonstige",
        "freier träger": "sonstige",
        "andere": "sonstige",
        "privat": "sonstige",
        "betrieblich": "sonstige",
        "betriebskita": "sonstige",
    },
    "group_forms": {
        "1": "I",
        "2": "II",
        "3": "III",
        "gruppenform i": "I",
        "gruppenform ii": "II",
        "gruppenform iii": "III",
        "gf i": "I",
        "gf ii": "II",
        "gf iii": "III",
    },
    "concept_tags": {
        "fz": "familienzentrum",
        "inklusion": "inklusiv",
        "integrativ": "inklusiv",
        "zweisprachig": "bilingual",
        "wald": "waldkita",
        "waldkindergarten": "waldkita",
        "naturnah": "natur",
        "umwelt": "natur",
        "musikalisch": "musik",
        "sprach-kita": "sprachfoerderung",
        "sprachkita": "sprachfoerderung",
        "sport": "bewegung",
        "bewegungskita": "bewegung",
    },
    "accessible": {
        "ja": "1",
        "j": "1",
        "yes": "1",
        "y": "1",
        "true": "1",
        "wahr": "1",
        "x": "1",
        "1": "1",
        "barrierefrei": "1",
        "nein": "0",
        "n": "0",
        "no": "0",
        "false": "0",
        "falsch": "0",
        "0": "0",
        "-": "0",
        "": "0",
        "nicht barrierefrei": "0",
    },
}


class MappingError(Exception):
    """The mapping file is unreadable or names unknown fields (German message)."""


class ImportMapping(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    format: str | None = None  # "csv" | "geojson"; else from the file name or content
    columns: dict[str, str] = {}  # our field -> the file's column / property name
    defaults: dict[str, str] = {}  # our field -> value when the column is missing or the cell empty
    values: dict[str, dict[str, str]] = {}  # our field -> {file's wording: our code}
    age_unit: str = "months"  # "months" | "years" for age_min_months / age_max_months


def value_key(value: str) -> str:
    return " ".join(value.casefold().split())


def load_mapping(path: Path) -> ImportMapping:
    try:
        mapping = msgspec.toml.decode(path.read_bytes(), type=ImportMapping)
    except OSError as exc:
        raise MappingError(
            _("Zuordnungsdatei {path} nicht lesbar: {error}").format(path=path, error=exc)
        ) from exc
    except (msgspec.DecodeError, msgspec.ValidationError) as exc:
        raise MappingError(
            _("Zuordnungsdatei {path} fehlerhaft: {error}").format(path=path, error=exc)
        ) from exc
    check_mapping(mapping, str(path))
    return mapping


def check_mapping(mapping: ImportMapping, source: str = "") -> None:
    unknown = sorted(
        {*mapping.columns, *mapping.defaults} - set(FIELDS) | set(mapping.values) - set(MAPPABLE)
    )
    if unknown:
        raise MappingError(
            _("Zuordnung {source}: unbekannte Felder {fields}").format(
                source=source, fields=", ".join(unknown)
            )
        )
    if mapping.format is not None and mapping.format not in FORMATS:
        raise MappingError(_("Zuordnung {source}: format muss csv oder geojson sein").format(source=source))
    if mapping.age_unit not in {"months", "years"}:
        raise MappingError(
            _("Zuordnung {source}: age_unit muss months oder years sein").format(source=source)
        )


def mapping_for_tenant(tenant_folder: Path) -> ImportMapping:
    path = tenant_folder / MAPPING_FILE
    return load_mapping(path) if path.is_file() else ImportMapping()
