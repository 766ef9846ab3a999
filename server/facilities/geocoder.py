"""Place lookup for the directory: districts and streets of a tenant, from a gazetteer file.

`Geocoder` is the interface the search and the pages use; `GazetteerGeocoder` answers from
`<tenants_dir>/<slug>/gazetteer.json` (demo data, see its "_note"). A real geocoding service can implement
the same Protocol later.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Protocol

import msgspec

DISTRICT = "district"
STREET = "street"


class Place(msgspec.Struct, frozen=True):
    label: str  # "Elberfeld" or "Friedrich-Ebert-Straße, Elberfeld"
    lat: float
    lon: float
    district: str | None  # the district's exact name (also for a district itself); None if unknown
    kind: str  # "district" | "street"


class Geocoder(Protocol):
    async def lookup(self, tenant_slug: str, text: str, limit: int = 8) -> list[Place]:
        """Places whose name starts with or contains `text` (case-, umlaut- and ß-insensitive), best first."""
        ...

    def districts(self, tenant_slug: str) -> list[Place]:
        """The tenant's districts in their configured order (empty for an unknown tenant)."""
        ...


# --- gazetteer file format ------------------------------------------------------------------------------


class GazetteerStreet(msgspec.Struct, frozen=True):
    name: str
    lat: float
    lon: float


class GazetteerDistrict(msgspec.Struct, frozen=True, kw_only=True):
    name: str
    lat: float
    lon: float
    postcodes: tuple[str, ...] = ()
    weight: float = 1.0  # relative size (population), used by the sample generator
    streets: tuple[GazetteerStreet, ...] = ()


class Gazetteer(msgspec.Struct, frozen=True, kw_only=True, rename={"note": "_note"}):
    note: str = ""
    tenant: str
    city: str
    bbox: tuple[float, float, float, float]  # south, west, north, east
    districts: tuple[GazetteerDistrict, ...]

    def contains(self, lat: float, lon: float) -> bool:
        south, west, north, east = self.bbox
        return south <= lat <= north and west <= lon <= east

    def nearest_district(self, lat: float, lon: float) -> GazetteerDistrict | None:
        if not self.districts:
            return None
        return min(self.districts, key=lambda d: (d.lat - lat) ** 2 + ((d.lon - lon) * 0.62) ** 2)


def load_gazetteer(path: Path) -> Gazetteer:
    return msgspec.json.decode(path.read_bytes(), type=Gazetteer)


# --- text folding ---------------------------------------------------------------------------------------

_NON_WORD = re.compile(r"[^0-9a-z]+")
_HOUSE_NUMBER = re.compile(r"\s+\d+\s*[a-z]?(\s*-\s*\d+\s*[a-z]?)?$")


def fold(text: str) -> str:
    """Lower case, ß → ss, umlauts and "ae/oe/ue" → a/o/u, accents dropped, punctuation → single spaces.

    Applied to both sides of a comparison: "Sümmern", "Suemmern" and "summern" all fold to "summern", and
    "Friedrich-Ebert-Str." to "friedrich ebert str" (a prefix of "friedrich ebert strasse")."""
    text = text.casefold().replace("ß", "ss")
    text = text.replace("ä", "a").replace("ö", "o").replace("ü", "u")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("ae", "a").replace("oe", "o").replace("ue", "u")
    return _NON_WORD.sub(" ", text).strip()


class _Entry(msgspec.Struct, frozen=True):
    place: Place
    key: str  # folded name (street or district name)
    words: tuple[str, ...]
    order: int


class GazetteerGeocoder:
    """Looks places up in `<tenants_dir>/<slug>/gazetteer.json`; each file is read once and cached."""

    def __init__(self, tenants_dir: Path | str) -> None:
        self.tenants_dir = Path(tenants_dir)
        self._cache: dict[str, tuple[list[Place], list[_Entry]]] = {}

    def gazetteer(self, tenant_slug: str) -> Gazetteer | None:
        path = self.tenants_dir / tenant_slug / "gazetteer.json"
        if not re.fullmatch(r"[a-z][a-z0-9-]{1,39}", tenant_slug) or not path.is_file():
            return None
        return load_gazetteer(path)

    def _load(self, tenant_slug: str) -> tuple[list[Place], list[_Entry]]:
        cached = self._cache.get(tenant_slug)
        if cached is not None:
            return cached
        gazetteer = self.gazetteer(tenant_slug)
        districts: list[Place] = []
        entries: list[_Entry] = []
        for district in gazetteer.districts if gazetteer else ():
            place = Place(district.name, district.lat, district.lon, district.name, DISTRICT)
            districts.append(place)
            entries.append(
                _Entry(place, fold(district.name), tuple(fold(district.name).split()), len(entries))
            )
            for street in district.streets:
                label = f"{street.name}, {district.name}"
                key = fold(street.name)
                street_place = Place(label, street.lat, street.lon, district.name, STREET)
                entries.append(_Entry(street_place, key, tuple(key.split()), len(entries)))
        self._cache[tenant_slug] = (districts, entries)
        return districts, entries

    def districts(self, tenant_slug: str) -> list[Place]:
        return list(self._load(tenant_slug)[0])

    async def lookup(self, tenant_slug: str, text: str, limit: int = 8) -> list[Place]:
        return self.lookup_sync(tenant_slug, text, limit)

    def lookup_sync(self, tenant_slug: str, text: str, limit: int = 8) -> list[Place]:
        query = fold(text)
        if not query or limit <= 0:
            return []
        _, entries = self._load(tenant_slug)
        found = self._match(entries, query)
        if not found:
            # "Friedrich-Ebert-Str. 12": try again without the house number.
            without_number = _HOUSE_NUMBER.sub("", query).strip()
            if without_number and without_number != query:
                found = self._match(entries, without_number)
        found.sort()
        return [entries[index].place for *_, index in found[:limit]]

    @staticmethod
    def _match(entries: list[_Entry], query: str) -> list[tuple[int, int, str, int]]:
        found: list[tuple[int, int, str, int]] = []
        for entry in entries:
            if entry.key == query:
                rank = 0
            elif entry.key.startswith(query):
                rank = 1
            elif any(word.startswith(query) for word in entry.words) or f" {query}" in f" {entry.key}":
                # "katernberg": a district by a later part of its name ranks like a prefix match.
                rank = 1 if entry.place.kind == DISTRICT else 2
            elif query in entry.key:
                rank = 3
            else:
                continue
            kind_rank = 0 if entry.place.kind == DISTRICT else 1
            found.append((rank, kind_rank, entry.place.label.casefold(), entry.order))
        return found
