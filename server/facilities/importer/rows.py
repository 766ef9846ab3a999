"""One row of an import: raw cell values → a checked FacilityInput, or the German reasons to reject it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

from server.dates import BERLIN
from server.facilities.geocoder import Gazetteer, fold
from server.facilities.importer.mapping import (
    BUILTIN_VALUES,
    GERMANY_BBOX,
    LABELS,
    MAPPABLE,
    MAX_AGE_MONTHS,
    MAX_WEEKLY_HOURS,
    TEXT_LIMITS,
    ImportMapping,
    value_key,
)
from server.facilities.schemas import (
    AGE_GROUPS,
    CONCEPT_TAGS,
    GROUP_FORMS,
    KINDS,
    KITA_HOURS,
    TRAEGER_TYPES,
    FreePlace,
)
from server.facilities.services import FacilityInput
from server.web.i18n import _


class Notes:
    """Notes collected over the file, each with the rows it concerns."""

    def __init__(self, row_label: str) -> None:
        self.row_label = row_label
        self._rows: dict[str, list[int]] = {}

    def add(self, message: str, line: int) -> None:
        self._rows.setdefault(message, []).append(line)

    def render(self) -> list[str]:
        out = []
        for message, lines in self._rows.items():
            shown = ", ".join(str(n) for n in lines[:10]) + (" …" if len(lines) > 10 else "")
            out.append(f"{message} ({self.row_label} {shown})")
        return out


def _number(text: str) -> float | None:
    text = text.strip().replace(" ", "")
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")  # German decimal comma: 51,2562
    try:
        value = float(text)
    except ValueError:
        return None
    return value if value == value and value not in (float("inf"), float("-inf")) else None


_INT = re.compile(r"^[+-]?\d+$")
_HOURS = re.compile(r"^(\d{1,3})\s*(h|std\.?|stunden)?$", re.IGNORECASE)
_FREE_PLACE = re.compile(
    r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?[\s:]+(u3|ue3|ü3)\s*[=:\s]\s*(\d+)$", re.IGNORECASE
)
_SPLIT = re.compile(r"[;,|/\n]")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_GERMAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[ ,]+(\d{1,2}):(\d{2}))?$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_DOMAIN = re.compile(r"^[\w.-]+\.[a-z]{2,}(/|$)", re.IGNORECASE)
_WEB_URL = re.compile(r"^https?://[^\s/]+", re.IGNORECASE)


def _split(value: str | list[Any]) -> list[str]:
    items = value if isinstance(value, list) else _SPLIT.split(value)
    return [str(item).strip() for item in items if str(item).strip()]


def _parse_timestamp(text: str) -> dt.datetime | None:
    text = text.strip()
    match = _GERMAN_DATE.match(text)
    try:
        if match:
            day, month, year, hour, minute = match.groups()
            value = dt.datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0))
        else:
            value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=BERLIN)
    return value.astimezone(dt.UTC)


def _parse_free_places(value: Any) -> tuple[FreePlace, ...] | None:
    entries: list[FreePlace] = []
    if isinstance(value, list) and all(isinstance(item, dict) for item in value):
        for item in value:
            try:
                month = dt.date.fromisoformat(str(item.get("start_month", ""))[:10])
                group = str(item.get("age_group", "")).lower().replace("ü", "ue")
                places = int(item.get("places", 0))
            except (TypeError, ValueError):
                return None
            entries.append(FreePlace(month, group, places))
        return tuple(entries)
    for part in _split(value if isinstance(value, str | list) else str(value)):
        if part in {"-", "0"}:
            continue
        match = _FREE_PLACE.match(part)
        if not match:
            return None
        year, month, day, group, places = match.groups()
        if day is not None and int(day) != 1:
            return None
        try:
            start = dt.date(int(year), int(month), 1)
        except ValueError:
            return None
        entries.append(FreePlace(start, group.lower().replace("ü", "ue"), int(places)))
    return tuple(entries)


class RowContext:
    def __init__(
        self,
        mapping: ImportMapping,
        notes: Notes,
        districts: Sequence[str],
        gazetteer: Gazetteer | None,
    ) -> None:
        self.mapping = mapping
        self.notes = notes
        self.districts = {fold(d): d for d in districts}
        self.gazetteer = gazetteer
        self.maps: dict[str, dict[str, str]] = {}
        for field in MAPPABLE:
            table = {value_key(k): v for k, v in BUILTIN_VALUES.get(field, {}).items()}
            if field == "kind":
                table.update(
                    {value_key(code): code for code in KINDS}
                    | {value_key(label): code for code, label in KINDS.items()}
                )
            elif field == "traeger_type":
                table.update(
                    {value_key(code): code for code in TRAEGER_TYPES}
                    | {value_key(label): code for code, label in TRAEGER_TYPES.items()}
                )
            elif field == "concept_tags":
                table.update(
                    {value_key(code): code for code in CONCEPT_TAGS}
                    | {value_key(label): code for code, label in CONCEPT_TAGS.items()}
                )
            table.update({value_key(k): v for k, v in mapping.values.get(field, {}).items()})
            self.maps[field] = table

    def mapped(self, field: str, value: str) -> str:
        return self.maps[field].get(value_key(value), value.strip())


class _Row:
    """Reads one row's raw values (field -> text or list; a field absent from the file is missing) and
    collects the reasons to reject it."""

    def __init__(self, raw: Mapping[str, Any], line: int, ctx: RowContext) -> None:
        self.raw, self.line, self.ctx = raw, line, ctx
        self.problems: list[str] = []

    def problem(self, message: str, **values: object) -> None:
        self.problems.append(message.format(**values))

    def note(self, message: str, **values: object) -> None:
        self.ctx.notes.add(message.format(**values), self.line)

    def text(self, field: str) -> str:
        value = self.raw.get(field)
        if value is None or value == "":
            value = self.ctx.mapping.defaults.get(field, "")
        if isinstance(value, bool):
            return "1" if value else "0"
        if isinstance(value, list):
            return ", ".join(str(v) for v in value)
        return str(value).strip() if field == "description" else " ".join(str(value).split())

    def items(self, field: str) -> list[str]:
        value = self.raw.get(field)
        if value is None or value == "" or value == []:
            value = self.ctx.mapping.defaults.get(field, "")
        return _split(value if isinstance(value, list) else str(value))

    def code(self, field: str, missing: str, unknown: str, known: Mapping[str, object]) -> str:
        given = self.text(field)
        code = self.ctx.mapped(field, given)
        if not given:
            self.problem(missing)
        elif code not in known:
            self.problem(unknown, value=given)
        return code

    def coordinates(self) -> tuple[float | None, float | None]:
        lat_text, lon_text = self.text("lat"), self.text("lon")
        if not lat_text or not lon_text:
            self.problem(_("Koordinaten fehlen"))
            return None, None
        lat, lon = _number(lat_text), _number(lon_text)
        if lat is None:
            self.problem(_("Breitengrad „{value}“ ist keine Zahl"), value=lat_text)
        if lon is None:
            self.problem(_("Längengrad „{value}“ ist keine Zahl"), value=lon_text)
        return lat, lon

    def age(self, field: str) -> int | None:
        given = self.text(field)
        if not given:
            return None
        years = self.ctx.mapping.age_unit == "years"
        number = _number(given)
        if number is None or (not years and not _INT.match(given)):
            self.problem(_("{label} „{value}“ ist keine ganze Zahl"), label=LABELS[field], value=given)
            return None
        return round(number * 12) if years else int(number)

    def group_forms(self) -> list[str]:
        forms: list[str] = []
        for item in self.items("group_forms"):
            code = self.ctx.mapped("group_forms", item)
            code = code.upper() if code.upper() in GROUP_FORMS else code
            if code not in GROUP_FORMS:
                self.problem(_("Unbekannte Gruppenform „{value}“ (I, II oder III)"), value=item)
            elif code not in forms:
                forms.append(code)
        return sorted(forms, key=list(GROUP_FORMS).index)

    def hours(self, kind: str) -> list[int]:
        hours: list[int] = []
        for item in self.items("hours_offered"):
            match = _HOURS.match(self.ctx.mapped("hours_offered", item))
            if not match:
                self.problem(_("Betreuungszeit „{value}“ ist keine Stundenzahl"), value=item)
                continue
            value = int(match.group(1))
            if kind == "kita" and value not in KITA_HOURS:
                self.problem(
                    _("Unbekannte Betreuungszeit „{value}“ (Kita: 25, 35 oder 45 Stunden)"), value=item
                )
            elif value not in hours:
                hours.append(value)
        hours.sort()
        if kind == "tagespflege" and hours:
            return [max(hours)]  # a child-minder's offer: the most hours a week
        return hours

    def capacity(self) -> int:
        given = self.text("capacity")
        if given and not _INT.match(given):
            self.problem(_("Plätze „{value}“ ist keine ganze Zahl"), value=given)
            return 0
        return int(given) if given else 0

    def tags(self) -> list[str]:
        tags: list[str] = []
        for item in self.items("concept_tags"):
            code = self.ctx.mapped("concept_tags", item)
            if code not in CONCEPT_TAGS:
                self.note(_("Unbekanntes Konzept-Merkmal „{value}“ ignoriert"), value=item)
            elif code not in tags:
                tags.append(code)
        return tags

    def languages(self) -> list[str]:
        languages: list[str] = []
        for item in self.items("languages"):
            language = self.ctx.mapped("languages", item)
            language = language[:1].upper() + language[1:]
            if language not in languages:
                languages.append(language)
        return languages

    def accessible(self) -> bool:
        given = self.text("accessible")
        code = self.ctx.mapped("accessible", given)
        if code not in {"0", "1"}:
            self.problem(_("Barrierefreiheit: unbekannter Wert „{value}“"), value=given)
        return code == "1"

    def postcode(self, given: str) -> str:
        if len(given) == 4 and given.isdigit():
            given = "0" + given  # a spreadsheet dropped the leading zero
        if given and not (len(given) == 5 and given.isascii() and given.isdigit()):
            self.problem(_("Postleitzahl „{value}“ hat nicht 5 Ziffern"), value=given)
        return given

    def email(self, given: str) -> str:
        if given and not _EMAIL.match(given):
            self.note(_("Ungültige E-Mail-Adresse ausgelassen"))
            return ""
        return given

    def website(self, given: str) -> str:
        """Only http(s) links reach the pages; "www.example.org" gets https://."""
        if given and "://" not in given and _DOMAIN.match(given):
            given = "https://" + given
        if given and not _WEB_URL.match(given):
            self.note(_("Ungültige Internetadresse ausgelassen (nur http und https)"))
            return ""
        return given

    def district(self, given: str, lat: float | None, lon: float | None) -> str:
        """The tenant's spelling of a known district; a missing one from the nearest district centre."""
        known = self.ctx.districts
        if not known:
            return given
        if given:
            for candidate in (given, self.ctx.mapped("district", given)):
                if fold(candidate) in known:
                    return known[fold(candidate)]
            self.note(_("Unbekannter Stadtbezirk „{value}“ übernommen"), value=given)
            return given
        gazetteer = self.ctx.gazetteer
        nearest = None
        if gazetteer is not None and lat is not None and lon is not None:
            nearest = gazetteer.nearest_district(lat, lon)
        if nearest is None:
            return given
        self.note(_("Ohne Stadtbezirk: dem nächstgelegenen Bezirkszentrum zugeordnet"))
        return nearest.name

    def places_updated_at(self) -> dt.datetime | None:
        given = self.text("places_updated_at")
        stamp = _parse_timestamp(given) if given else None
        if given and stamp is None:
            self.problem(_("Stand der freien Plätze „{value}“ ist kein Datum"), value=given)
        return stamp

    def free_places(self) -> tuple[FreePlace, ...] | None:
        """None when the file has no free-places column (keep the stored ones); an empty cell is ()."""
        if "free_places" not in self.raw:
            return None
        places = _parse_free_places(self.raw["free_places"] if self.raw["free_places"] is not None else "")
        if places is None:
            self.problem(
                _("Freie Plätze „{value}“ nicht lesbar (Beispiel: 2027-08 u3=2; 2027-08 ue3=1)"),
                value=self.text("free_places"),
            )
        return places


def convert_row(raw: Mapping[str, Any], line: int, ctx: RowContext) -> FacilityInput | list[str]:
    """Our FacilityInput from one row's raw values, or every reason to reject the row."""
    row = _Row(raw, line, ctx)
    texts = {name: row.text(name) for name in TEXT_LIMITS}
    if not texts["external_id"]:
        row.problem(_("Kennung fehlt"))
    elif _CONTROL.search(texts["external_id"]):
        row.problem(_("Kennung „{value}“ enthält Steuerzeichen"), value=texts["external_id"])
    if not texts["name"]:
        row.problem(_("Name fehlt"))
    kind = row.code(
        "kind",
        _("Art der Einrichtung fehlt"),
        _("Unbekannte Art der Einrichtung „{value}“ (erwartet: Kita oder Kindertagespflege)"),
        KINDS,
    )
    traeger_type = row.code(
        "traeger_type", _("Trägerart fehlt"), _("Unbekannte Trägerart „{value}“"), TRAEGER_TYPES
    )
    lat, lon = row.coordinates()
    ages = (row.age("age_min_months"), row.age("age_max_months"))
    group_forms = row.group_forms()
    if kind == "tagespflege" and group_forms:
        row.note(_("Gruppenformen bei Kindertagespflege ignoriert"))
        group_forms = []
    default_ages = _default_ages(kind, group_forms)
    facility = dict(
        texts,
        kind=kind,
        traeger_type=traeger_type,
        postcode=row.postcode(texts["postcode"]),
        email=row.email(texts["email"]),
        website=row.website(texts["website"]),
        district=row.district(texts["district"], lat, lon),
        age_min_months=default_ages[0] if ages[0] is None else ages[0],
        age_max_months=default_ages[1] if ages[1] is None else ages[1],
        group_forms=tuple(group_forms),
        hours_offered=tuple(row.hours(kind)),
        capacity=row.capacity(),
        concept_tags=tuple(row.tags()),
        languages=tuple(row.languages()),
        accessible=row.accessible(),
        places_updated_at=row.places_updated_at(),
        free_places=row.free_places(),
    )
    if row.problems or lat is None or lon is None:
        return row.problems
    result = FacilityInput(lat=lat, lon=lon, **facility)
    return check_facility(result) or result


def _default_ages(kind: str, group_forms: Sequence[str]) -> tuple[int, int]:
    if kind == "tagespflege":
        return 0, 36
    if not group_forms:
        return 0, 72
    spans = {"I": (24, 72), "II": (0, 36), "III": (36, 72)}
    return min(spans[g][0] for g in group_forms), max(spans[g][1] for g in group_forms)


def check_facility(row: FacilityInput) -> list[str]:
    """The rules every stored facility satisfies (imports and the sample generator); [] when valid."""
    problems: list[str] = []
    if not row.external_id.strip():
        problems.append(_("Kennung fehlt"))
    if not row.name.strip():
        problems.append(_("Name fehlt"))
    for field, limit in TEXT_LIMITS.items():
        if len(getattr(row, field)) > limit:
            problems.append(
                _("{label} ist zu lang (höchstens {n} Zeichen)").format(label=LABELS[field], n=limit)
            )
    if row.kind not in KINDS:
        problems.append(_("Unbekannte Art der Einrichtung „{value}“").format(value=row.kind))
    if row.traeger_type not in TRAEGER_TYPES:
        problems.append(_("Unbekannte Trägerart „{value}“").format(value=row.traeger_type))
    problems.extend(_coordinate_problems(row.lat, row.lon))
    if not 0 <= row.age_min_months <= MAX_AGE_MONTHS or not 0 <= row.age_max_months <= MAX_AGE_MONTHS:
        problems.append(_("Alter außerhalb von 0 bis {n} Monaten").format(n=MAX_AGE_MONTHS))
    elif row.age_min_months > row.age_max_months:
        problems.append(
            _("Altersspanne vertauscht: von {min} bis {max} Monate").format(
                min=row.age_min_months, max=row.age_max_months
            )
        )
    if any(g not in GROUP_FORMS for g in row.group_forms):
        problems.append(_("Unbekannte Gruppenform"))
    if row.kind == "kita" and any(h not in KITA_HOURS for h in row.hours_offered):
        problems.append(_("Unbekannte Betreuungszeit (Kita: 25, 35 oder 45 Stunden)"))
    if row.kind == "tagespflege" and (
        len(row.hours_offered) > 1 or any(not 1 <= h <= MAX_WEEKLY_HOURS for h in row.hours_offered)
    ):
        problems.append(
            _("Wochenstunden der Kindertagespflege: eine Zahl von 1 bis {n}").format(n=MAX_WEEKLY_HOURS)
        )
    if row.capacity < 0:
        problems.append(_("Plätze dürfen nicht negativ sein"))
    if any(t not in CONCEPT_TAGS for t in row.concept_tags):
        problems.append(_("Unbekanntes Konzept-Merkmal"))
    if row.postcode and not (len(row.postcode) == 5 and row.postcode.isdigit()):
        problems.append(_("Postleitzahl „{value}“ hat nicht 5 Ziffern").format(value=row.postcode))
    for place in row.free_places or ():
        if place.age_group not in AGE_GROUPS:
            problems.append(
                _("Freie Plätze: unbekannte Altersgruppe „{value}“ (u3 oder ue3)").format(
                    value=place.age_group
                )
            )
            break
        if place.start_month.day != 1 or place.places < 0:
            problems.append(_("Freie Plätze: Monatserster und Anzahl ab 0 erwartet"))
            break
    return problems


def _coordinate_problems(lat: float, lon: float) -> list[str]:
    shown = f"{lat:.5f}, {lon:.5f}"
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return [_("Koordinaten außerhalb des gültigen Bereichs ({value})").format(value=shown)]
    south, west, north, east = GERMANY_BBOX
    if south <= lat <= north and west <= lon <= east:
        return []
    if south <= lon <= north and west <= lat <= east:
        return [
            _("Koordinaten liegen außerhalb Deutschlands ({value}) – Breite und Länge vertauscht?").format(
                value=shown
            )
        ]
    return [_("Koordinaten liegen außerhalb Deutschlands ({value})").format(value=shown)]
