"""The directory's vocabulary and the shapes that pass between import, search and pages."""

from __future__ import annotations

import datetime as dt

import msgspec

from server.web.i18n import _

KINDS = {"kita": _("Kita"), "tagespflege": _("Kindertagespflege")}
TRAEGER_TYPES = {
    "staedtisch": _("städtisch"),
    "katholisch": _("katholisch"),
    "evangelisch": _("evangelisch"),
    "awo": _("AWO"),
    "drk": _("DRK"),
    "paritaetisch": _("Paritätisch"),
    "elterninitiative": _("Elterninitiative"),
    "sonstige": _("sonstiger Träger"),
}
CONCEPT_TAGS = {
    "familienzentrum": _("Familienzentrum"),
    "inklusiv": _("inklusiv"),
    "bilingual": _("bilingual"),
    "waldkita": _("Waldkita"),
    "bewegung": _("Bewegung"),
    "musik": _("Musik"),
    "natur": _("Natur und Umwelt"),
    "montessori": _("Montessori"),
    "sprachfoerderung": _("Sprachförderung"),
}
GROUP_FORMS = {
    "I": _("Gruppenform I (2 Jahre bis Schule)"),
    "II": _("Gruppenform II (unter 3)"),
    "III": _("Gruppenform III (ab 3)"),
}
KITA_HOURS = (25, 35, 45)
AGE_GROUPS = {"u3": _("unter 3 Jahre"), "ue3": _("ab 3 Jahre")}


class FreePlace(msgspec.Struct, frozen=True):
    start_month: dt.date  # first day of the month
    age_group: str  # "u3" | "ue3"
    places: int


class FacilityFields(msgspec.Struct, frozen=True, kw_only=True):
    """What describes a facility, shared by the import's input and the record the search and pages see."""

    external_id: str
    kind: str
    name: str
    traeger_name: str = ""
    traeger_type: str
    street: str = ""
    house_number: str = ""
    postcode: str = ""
    city: str = ""
    district: str = ""
    lat: float
    lon: float
    age_min_months: int = 0
    age_max_months: int = 72
    group_forms: tuple[str, ...] = ()
    hours_offered: tuple[int, ...] = ()
    opening_hours: str = ""
    capacity: int = 0
    concept_tags: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    meals: str = ""
    accessible: bool = False
    phone: str = ""
    email: str = ""
    website: str = ""
    description: str = ""
    places_updated_at: dt.datetime | None = None


class FacilityRecord(FacilityFields, frozen=True, kw_only=True):
    """One facility as the search index and the pages see it (tenant-scoped by whoever loaded it)."""

    id: int
    free_places: tuple[FreePlace, ...] = ()


class SearchQuery(msgspec.Struct, frozen=True, kw_only=True):
    """What a parent asked for. Every filter is optional; all given filters must hold (AND)."""

    lat: float | None = None  # centre of a radius search (address, district centre or "near me")
    lon: float | None = None
    radius_km: float = 5.0
    district: str | None = None  # only this district (exact name from the tenant's gazetteer)
    child_birth_date: dt.date | None = None  # birth date or expected birth date
    start_month: dt.date | None = None  # desired start (first of month); age is computed at this date
    hours: int | None = None  # weekly hours wanted: 25/35/45 (Kita) or any number (child-minder)
    kind: str | None = None  # "kita" | "tagespflege"
    traeger_types: tuple[str, ...] = ()  # any of these
    free_from: dt.date | None = None  # a free place for the child's age group starting this month or later
    tags: tuple[str, ...] = ()  # all of these concept tags
    limit: int = 50
    offset: int = 0


class SearchHit(msgspec.Struct, frozen=True):
    facility: FacilityRecord
    distance_km: float | None  # None when the search had no centre


class SearchResult(msgspec.Struct, frozen=True):
    hits: list[SearchHit]  # sorted by distance (then name), limited/offset
    total: int  # number of matches before limit/offset
