"""The provider's forms, read into typed values with German messages at the field: an offer, the facility
data a provider keeps itself, and the free places per start month and age group."""

from __future__ import annotations

import datetime as dt
import re

from server.dates import add_months
from server.facilities.query import month_value
from server.facilities.schemas import CONCEPT_TAGS
from server.placement.config import PlacementConfig, first_of_month
from server.placement.providers import EDITABLE, LIMITS, MAX_PLACES, FacilityData, OwnFacility
from server.web.forms import EMAIL, Form
from server.web.i18n import _

MONTH = re.compile(r"^(\d{4})-(\d{2})$")
OFFER_MONTHS = 18
MAX_DEADLINE_DAYS = 60


def offer_months(today: dt.date) -> list[dt.date]:
    first = first_of_month(today)
    return [add_months(first, i) for i in range(OFFER_MONTHS)]


def parse_month(raw: str) -> dt.date | None:
    match = MONTH.match(raw or "")
    if not match or not 1 <= int(match.group(2)) <= 12:
        return None
    return dt.date(int(match.group(1)), int(match.group(2)), 1)


def hour_choices(facility: OwnFacility) -> list[int]:
    """Kita: the bookings it offers (25/35/45); Kindertagespflege: 15 to its maximum in steps of 5."""
    if facility.kind == "tagespflege":
        top = max(facility.hours_offered or (45,))
        return list(range(15, top + 1, 5)) or [top]
    return sorted(facility.hours_offered) or [25, 35, 45]


def parse_offer(
    form: Form, facility: OwnFacility, config: PlacementConfig, today: dt.date
) -> tuple[dt.date | None, int | None, dt.date | None]:
    """(start month, weekly hours, deadline) or the errors in `form`."""
    start = parse_month(form["beginn"])
    if start is None or start not in offer_months(today):
        form.error("beginn", _("Bitte wählen Sie den Monat, ab dem der Platz frei ist."))
        start = None
    hours = int(form["stunden"]) if form["stunden"].isascii() and form["stunden"].isdigit() else None
    if hours not in hour_choices(facility):
        form.error("stunden", _("Bitte wählen Sie den Betreuungsumfang aus, den Sie anbieten."))
        hours = None
    deadline = form.date("frist", _("die Frist für die Antwort"))
    if deadline is not None:
        earliest = today + dt.timedelta(days=config.min_deadline_days)
        latest = today + dt.timedelta(days=MAX_DEADLINE_DAYS)
        if deadline < earliest:
            form.error(
                "frist",
                _(
                    "Die Frist muss mindestens {n} Tage ab heute betragen, also frühestens am {date} enden."
                ).format(n=config.min_deadline_days, date=earliest.strftime("%d.%m.%Y")),
            )
            deadline = None
        elif deadline > latest:
            form.error(
                "frist",
                _("Die Frist darf höchstens {n} Tage betragen, also spätestens am {date} enden.").format(
                    n=MAX_DEADLINE_DAYS, date=latest.strftime("%d.%m.%Y")
                ),
            )
            deadline = None
    return start, hours, deadline


def offer_defaults(
    start: dt.date | None, hours: int | None, facility: OwnFacility, config: PlacementConfig, today: dt.date
) -> dict[str, str]:
    """The offer form's first values: the desired start and hours, the tenant's usual deadline."""
    months = offer_months(today)
    month = first_of_month(start) if start else months[0]
    choices = hour_choices(facility)
    deadline = today + dt.timedelta(days=config.deadline_days)
    return {
        "beginn": month_value(month if month in months else months[0]),
        "stunden": str(hours if hours in choices else choices[-1]),
        "frist-day": str(deadline.day),
        "frist-month": str(deadline.month),
        "frist-year": str(deadline.year),
    }


def parse_facility_data(form: Form, tags: list[str]) -> FacilityData:
    values = {name: form.optional(name, LIMITS[name]) for name in EDITABLE}
    if values["email"] and not EMAIL.match(values["email"]):
        form.error("email", _("Bitte geben Sie eine E-Mail-Adresse im Format name@beispiel.de ein."))
    website = values["website"]
    if website and not re.match(r"^https?://[^\s/$.?#][^\s]*$", website, re.IGNORECASE):
        form.error("website", _("Bitte geben Sie die Internetseite mit https:// am Anfang ein."))
    if values["phone"] and not re.match(r"^[0-9+()/ \-]{3,40}$", values["phone"]):
        form.error(
            "phone", _("Bitte geben Sie die Telefonnummer nur mit Ziffern, Leerzeichen und + ( ) / - ein.")
        )
    chosen = tuple(t for t in CONCEPT_TAGS if t in tags)
    return FacilityData(**values, concept_tags=chosen)


def place_field(month: dt.date, group: str) -> str:
    return f"plaetze-{month_value(month)}-{group}"


def parse_free_places(
    form: Form, months: list[dt.date], groups: tuple[str, ...]
) -> dict[tuple[dt.date, str], int]:
    places: dict[tuple[dt.date, str], int] = {}
    for month in months:
        for group in groups:
            name = place_field(month, group)
            raw = form[name]
            if not raw:
                places[(month, group)] = 0
            elif raw.isascii() and raw.isdigit() and int(raw) <= MAX_PLACES:
                places[(month, group)] = int(raw)
            else:
                form.error(name, _("Bitte geben Sie eine ganze Zahl von 0 bis {n} ein.").format(n=MAX_PLACES))
    return places
