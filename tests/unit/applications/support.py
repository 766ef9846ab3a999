"""Shared fixtures of the application engine tests: the Wuppertal tenant, a household, a Context."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from server.applications.context import Context, FacilityChoice, HouseholdSnapshot, Person
from server.applications.definitions import Field, ServiceDefinition, Step
from server.tenants.config import load_tenant

ROOT = Path(__file__).resolve().parents[3]
TENANT = load_tenant(ROOT / "server" / "tenants" / "data" / "wuppertal")
TODAY = dt.date(2026, 3, 10)

# Born 20.05.2024 (one year old on TODAY), and an unborn child expected on 01.07.2026.
CHILD = Person(id="11", first_name="Mila", last_name="Beispiel", birth_date=dt.date(2024, 5, 20))
UNBORN = Person(id="12", first_name="Baby", last_name="Beispiel", expected_birth_date=dt.date(2026, 7, 1))
ANNA = Person(id="21", first_name="Anna", last_name="Beispiel", relationship="mutter")
BEN = Person(id="22", first_name="Ben", last_name="Beispiel")

HOUSEHOLD = HouseholdSnapshot(
    street="Musterweg",
    house_number="5a",
    postcode="42103",
    city="Wuppertal",
    children=(CHILD, UNBORN),
    guardians=(ANNA, BEN),
    email="Familie@Beispiel.de",
)

KITA_A = FacilityChoice(id=101, name="Kita Sonnenschein", kind="kita", district="Elberfeld")
KITA_B = FacilityChoice(id=102, name="Kita Regenbogen", kind="kita", district="Barmen")
KITA_C = FacilityChoice(id=103, name="Kita Pusteblume", kind="kita", district="Ronsdorf")
KITA_D = FacilityChoice(id=104, name="Kita Löwenzahn", kind="kita", district="Vohwinkel")
KTP = FacilityChoice(id=201, name="Tagespflege Krümel", kind="tagespflege", district="Barmen")
FACILITIES = {f.id: f for f in (KITA_A, KITA_B, KITA_C, KITA_D, KTP)}


def make_ctx(**changes: Any) -> Context:
    """A Context of the Wuppertal tenant on TODAY with the household above; keywords replace parts."""
    base: dict[str, Any] = {
        "tenant": TENANT,
        "today": TODAY,
        "household": HOUSEHOLD,
        "facilities": FACILITIES,
        "settings": TENANT.settings,
    }
    base.update(changes)
    return Context(**base)


def date_parts(field_id: str, day: str | dt.date, month: str = "", year: str = "") -> dict[str, str]:
    """The raw keys of a date field: `date_parts("start", dt.date(...))` or ("start", "1", "8", "2027")."""
    if isinstance(day, dt.date):
        day, month, year = str(day.day), str(day.month), str(day.year)
    return {f"{field_id}-day": day, f"{field_id}-month": month, f"{field_id}-year": year}


def minimal_definition(*fields: Field, **changes: Any) -> ServiceDefinition:
    """A valid one-step service around the given fields (or one text field)."""
    base: dict[str, Any] = {
        "id": "probe",
        "reference_prefix": "PROBE",
        "title": "Probe",
        "short_title": "Probe",
        "summary": "Ein Testdienst.",
        "steps": (
            Step(
                id="angaben", title="Angaben", fields=fields or (Field(id="name", type="text", label="Name"),)
            ),
        ),
    }
    base.update(changes)
    return ServiceDefinition(**base)
