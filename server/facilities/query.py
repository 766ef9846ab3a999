"""The search form of the Kita directory: GET parameters in, typed values and German field errors out.

Pure functions (no I/O): the controller resolves the place text through the geocoder and a chosen child
through the household, then `search_query()` builds the `SearchQuery` for the directory.

URL parameters (all optional, German, shareable):
    ort           street, address or district (resolved by the gazetteer)
    lat, lon      "near me": the browser's position (used only when `ort` is empty)
    umkreis       radius in km
    geburtsdatum  the child's birth date or expected birth date (TT.MM.JJJJ or JJJJ-MM-TT)
    kind          id of a child of the logged-in parent's household (its birth date counts)
    beginn        desired start month (JJJJ-MM, MM.JJJJ or MM/JJJJ)
    stunden       weekly hours of care
    art           kita | tagespflege
    traeger       Träger type (repeatable)
    frei_ab       a free place starting this month or later (month as for `beginn`)
    konzept       concept tag (repeatable; all must hold)
    seite         page of the result list
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from server.dates import add_months, month_label
from server.facilities.schemas import CONCEPT_TAGS, KINDS, TRAEGER_TYPES, SearchQuery
from server.web.forms import Form
from server.web.i18n import _

FIELDS = (
    "ort",
    "lat",
    "lon",
    "umkreis",
    "geburtsdatum",
    "kind",
    "beginn",
    "stunden",
    "art",
    "traeger",
    "frei_ab",
    "konzept",
    "seite",
)
MULTI_FIELDS = ("traeger", "konzept")
PAGE_SIZE = 50
MAX_TEXT = 100
MIN_RADIUS_KM, MAX_RADIUS_KM = 0.5, 50.0
DEFAULT_RADIUS_KM = 5.0
# A district search without a radius covers the whole district: the district filter decides, not a circle.
WHOLE_AREA_KM = 100.0
RADIUS_CHOICES = (1, 2, 3, 5, 10, 20)
MAX_HOURS = 60
MONTHS_AHEAD = 36  # a start or "free from" month at most three years ahead
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
GERMAN_DATE = re.compile(r"^(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})$")
ISO_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
GERMAN_MONTH = re.compile(r"^(\d{1,2})\s?[./]\s?(\d{4})$")
NUMBER = re.compile(r"^(\d{1,4})(?:[.,](\d{1,3}))?$")


class SearchForm(Form):
    """What was typed (kept for the form), the field errors, and the typed values of a directory search."""

    def __init__(self, values: dict[str, str], multi: dict[str, tuple[str, ...]]) -> None:
        super().__init__(values)
        self.multi = multi
        self.place_text = ""
        self.lat: float | None = None
        self.lon: float | None = None
        self.radius_km: float | None = None
        self.birth_date: dt.date | None = None
        self.child_id: int | None = None
        self.start_month: dt.date | None = None
        self.hours: int | None = None
        self.kind: str | None = None
        self.traeger_types: tuple[str, ...] = ()
        self.free_from: dt.date | None = None
        self.tags: tuple[str, ...] = ()
        self.page = 1

    @property
    def submitted(self) -> bool:
        """Did the parent search at all (any parameter given), or is this the empty form?"""
        return any(self.values.values()) or any(self.multi.values())

    @property
    def near_me(self) -> bool:
        return self.lat is not None and not self.place_text

    def checked(self, name: str, value: str) -> bool:
        return value in self.multi.get(name, ())

    def filter_count(self) -> int:
        """How many filters beyond the place are set (for the summary of a collapsed filter panel)."""
        singles = ("geburtsdatum", "kind", "beginn", "stunden", "art", "frei_ab")
        return sum(1 for n in singles if self.values.get(n)) + sum(len(v) for v in self.multi.values())


def _first(params: Mapping[str, Any], name: str) -> str:
    value = _all(params, name)
    return value[0] if value else ""


def _all(params: Mapping[str, Any], name: str) -> list[str]:
    """Every value of a parameter, from a MultiDict (getall), a dict of lists, or a plain dict."""
    getall = getattr(params, "getall", None)
    if getall is not None:
        raw: Iterable[Any] = getall(name, [])
    else:
        found = params.get(name)
        raw = [] if found is None else found if isinstance(found, list | tuple) else [found]
    return [str(v).strip()[: MAX_TEXT * 2] for v in raw if isinstance(v, str)]


def month_value(month: dt.date) -> str:
    return f"{month.year:04d}-{month.month:02d}"


def month_options(today: dt.date, count: int = 25) -> list[tuple[str, str]]:
    """(value, label) of the months from this one on, for the start and "free from" selects."""
    first = today.replace(day=1)
    return [(month_value(m), month_label(m)) for m in (add_months(first, i) for i in range(count))]


def parse_date(text: str) -> dt.date | None | str:
    """A date from TT.MM.JJJJ or JJJJ-MM-TT; a str is the reason it is not one ("format" or "calendar")."""
    iso, german = ISO_DATE.match(text), GERMAN_DATE.match(text)
    if iso:
        year, month, day = (int(p) for p in iso.groups())
    elif german:
        day, month, year = (int(p) for p in german.groups())
    else:
        return "format"
    try:
        return dt.date(year, month, day)
    except ValueError:
        return "calendar"


def parse_month(text: str) -> dt.date | None:
    iso, german = ISO_MONTH.match(text), GERMAN_MONTH.match(text)
    if iso:
        year, month = (int(p) for p in iso.groups())
    elif german:
        month, year = (int(p) for p in german.groups())
    else:
        return None
    if not 1 <= month <= 12 or not 1900 <= year <= 2100:
        return None
    return dt.date(year, month, 1)


def parse_number(text: str) -> float | None:
    """A non-negative decimal number as Germans type it: "5", "2,5", "2.5", "3 km"."""
    text = re.sub(r"\s*km$", "", text, flags=re.IGNORECASE)
    match = NUMBER.match(text)
    if not match:
        return None
    whole, fraction = match.groups()
    return float(f"{whole}.{fraction or 0}")


def _format_km(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _month(form: SearchForm, name: str, labels: tuple[str, str], today: dt.date) -> dt.date | None:
    """A month field; `labels` names it in the nominative and the accusative ("Der …", "den …")."""
    text = form[name]
    if not text:
        return None
    nominative, accusative = labels
    month = parse_month(text)
    if month is None:
        form.error(
            name,
            _("Bitte geben Sie {label} als Monat und Jahr an, zum Beispiel 08.2027.").format(
                label=accusative
            ),
        )
        return None
    first, last = today.replace(day=1), add_months(today.replace(day=1), MONTHS_AHEAD)
    if month < first:
        form.error(
            name,
            _("{label} liegt in der Vergangenheit. Bitte wählen Sie {month} oder später.").format(
                label=nominative, month=month_label(first)
            ),
        )
        return None
    if month > last:
        form.error(name, _("Bitte wählen Sie einen Monat bis {month}.").format(month=month_label(last)))
        return None
    return month


def _choices(form: SearchForm, name: str, allowed: Mapping[str, str], message: str) -> tuple[str, ...]:
    values = form.multi.get(name, ())
    unknown = [v for v in values if v not in allowed]
    if unknown:
        form.error(name, message.format(value=", ".join(unknown)))
    # Keep the order of the vocabulary, drop duplicates and unknown values.
    return tuple(key for key in allowed if key in values)


def parse_search(params: Mapping[str, Any], today: dt.date) -> SearchForm:
    """Read the GET parameters of the search page. Never raises: bad values become German field errors."""
    values = {name: _first(params, name) for name in FIELDS if name not in MULTI_FIELDS}
    multi = {name: tuple(dict.fromkeys(v for v in _all(params, name) if v)) for name in MULTI_FIELDS}
    form = SearchForm(values, multi)

    # --- where ---------------------------------------------------------------------------------------
    place = form["ort"]
    if len(place) > MAX_TEXT:
        form.error("ort", _("Bitte geben Sie höchstens {n} Zeichen ein.").format(n=MAX_TEXT))
    else:
        form.place_text = " ".join(place.split())
    if form["lat"] or form["lon"]:
        try:
            lat, lon = float(form["lat"].replace(",", ".")), float(form["lon"].replace(",", "."))
        except ValueError:
            lat = lon = math.nan
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):  # also false for nan
            if not form.place_text:
                form.error(
                    "ort",
                    _(
                        "Ihr Standort ließ sich nicht lesen. Bitte versuchen Sie es noch einmal oder "
                        "geben Sie eine Adresse oder einen Stadtteil ein."
                    ),
                )
        elif not form.place_text:  # a typed place wins over a position left over from "near me"
            form.lat, form.lon = lat, lon

    if form["umkreis"]:
        radius = parse_number(form["umkreis"])
        if radius is None:
            form.error("umkreis", _("Bitte geben Sie den Umkreis als Zahl in Kilometern an, zum Beispiel 5."))
        elif not MIN_RADIUS_KM <= radius <= MAX_RADIUS_KM:
            form.error(
                "umkreis",
                _("Bitte wählen Sie einen Umkreis zwischen {low} und {high} km.").format(
                    low=_format_km(MIN_RADIUS_KM), high=_format_km(MAX_RADIUS_KM)
                ),
            )
        else:
            form.radius_km = radius

    # --- the child ---------------------------------------------------------------------------------------
    if form["kind"]:
        if form["kind"].isascii() and form["kind"].isdigit() and len(form["kind"]) < 10:
            form.child_id = int(form["kind"])
        else:
            form.error("kind", _("Bitte wählen Sie ein Kind aus der Liste."))
    if form["geburtsdatum"] and form.child_id is None:
        parsed = parse_date(form["geburtsdatum"])
        if parsed == "format":
            form.error(
                "geburtsdatum",
                _("Bitte geben Sie das Geburtsdatum im Format TT.MM.JJJJ ein, zum Beispiel 08.03.2024."),
            )
        elif parsed == "calendar":
            form.error(
                "geburtsdatum", _("Bitte prüfen Sie das Geburtsdatum: Diesen Tag gibt es im Kalender nicht.")
            )
        elif isinstance(parsed, dt.date):
            if parsed > today + dt.timedelta(days=300):
                form.error(
                    "geburtsdatum",
                    _("Der erwartete Geburtstermin darf höchstens zehn Monate in der Zukunft liegen."),
                )
            elif parsed < today.replace(year=today.year - 14, day=1):
                form.error(
                    "geburtsdatum",
                    _(
                        "Bitte prüfen Sie das Geburtsdatum: Kita und Tagespflege sind für Kinder unter 14 Jahren."
                    ),
                )
            else:
                form.birth_date = parsed

    # --- when and how long -------------------------------------------------------------------------------
    form.start_month = _month(
        form, "beginn", (_("Der gewünschte Beginn"), _("den gewünschten Beginn")), today
    )
    form.free_from = _month(
        form, "frei_ab", (_("Der Monat für freie Plätze"), _("den Monat für freie Plätze")), today
    )
    if form["stunden"]:
        hours = form["stunden"]
        if not (hours.isascii() and hours.isdigit()) or len(hours) > 3:
            form.error(
                "stunden",
                _("Bitte geben Sie die Betreuungszeit in ganzen Wochenstunden an, zum Beispiel 35."),
            )
        elif not 1 <= int(hours) <= MAX_HOURS:
            form.error(
                "stunden",
                _("Bitte geben Sie eine Betreuungszeit zwischen 1 und {n} Wochenstunden an.").format(
                    n=MAX_HOURS
                ),
            )
        else:
            form.hours = int(hours)

    # --- what kind of place ------------------------------------------------------------------------------
    if form["art"]:
        if form["art"] in KINDS:
            form.kind = form["art"]
        else:
            form.error("art", _("Bitte wählen Sie „Kita“ oder „Kindertagespflege“."))
    form.traeger_types = _choices(
        form,
        "traeger",
        TRAEGER_TYPES,
        _("Diese Trägerart kennen wir nicht: {value}. Bitte wählen Sie aus der Liste."),
    )
    form.tags = _choices(
        form,
        "konzept",
        CONCEPT_TAGS,
        _("Dieses Konzept kennen wir nicht: {value}. Bitte wählen Sie aus der Liste."),
    )

    page = form["seite"]
    form.page = int(page) if page.isascii() and page.isdigit() and 0 < len(page) < 5 and int(page) else 1
    return form


def search_query(
    form: SearchForm,
    *,
    centre: tuple[float, float] | None = None,
    district: str | None = None,
    birth_date: dt.date | None = None,
) -> SearchQuery:
    """The directory query for a checked form, the resolved place and the child's (chosen) birth date.

    Without a centre there is no radius (and no distance). A district search without a radius covers the
    whole district; an address or "near me" search without one uses DEFAULT_RADIUS_KM."""
    if centre is None and form.lat is not None and form.lon is not None:
        centre = (form.lat, form.lon)
    radius = form.radius_km
    if radius is None:
        radius = WHOLE_AREA_KM if district else DEFAULT_RADIUS_KM
    return SearchQuery(
        lat=centre[0] if centre else None,
        lon=centre[1] if centre else None,
        radius_km=radius,
        district=district,
        child_birth_date=birth_date if birth_date is not None else form.birth_date,
        start_month=form.start_month,
        hours=form.hours,
        kind=form.kind,
        traeger_types=form.traeger_types,
        free_from=form.free_from,
        tags=form.tags,
        limit=PAGE_SIZE,
        offset=(form.page - 1) * PAGE_SIZE,
    )


def query_string(form: SearchForm, **changes: str | Sequence[str] | None) -> str:
    """The form's parameters as a URL query (for page links and suggestions), with some changed or dropped."""
    from urllib.parse import urlencode

    pairs: list[tuple[str, str]] = []
    for name in FIELDS:
        if name in changes:
            value = changes[name]
            if value is None:
                continue
            items = [value] if isinstance(value, str) else list(value)
        elif name in MULTI_FIELDS:
            items = list(form.multi.get(name, ()))
        else:
            items = [form.values.get(name, "")]
        pairs.extend((name, v) for v in items if v)
    return urlencode(pairs)
