"""What the engine knows besides the answers: the tenant, today, the household, facilities and proofs."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec

from server.applications.conditions import Facts
from server.tenants.config import Tenant


class Person(msgspec.Struct, frozen=True, kw_only=True):
    """A child or guardian of the household, as the application sees it."""

    id: str
    first_name: str = ""
    last_name: str = ""
    birth_date: dt.date | None = None
    expected_birth_date: dt.date | None = None
    relationship: str = ""

    @property
    def name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p)

    @property
    def born_or_expected(self) -> dt.date | None:
        return self.birth_date or self.expected_birth_date


class FacilityChoice(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    name: str
    kind: str  # "kita" or "tagespflege"
    district: str = ""
    address: str = ""


class HouseholdSnapshot(msgspec.Struct, frozen=True, kw_only=True):
    street: str = ""
    house_number: str = ""
    postcode: str = ""
    city: str = ""
    children: tuple[Person, ...] = ()
    guardians: tuple[Person, ...] = ()
    email: str = ""

    def child(self, child_id: str) -> Person | None:
        return next((c for c in self.children if c.id == child_id), None)

    def guardian(self, guardian_id: str) -> Person | None:
        return next((g for g in self.guardians if g.id == guardian_id), None)


class Context(msgspec.Struct, frozen=True, kw_only=True):
    tenant: Tenant
    today: dt.date
    household: HouseholdSnapshot = HouseholdSnapshot()
    # Facilities the answers name, and the parent's Merkliste (for the ranking field).
    facilities: dict[int, FacilityChoice] = {}
    favourites: tuple[FacilityChoice, ...] = ()
    # Pages uploaded per proof slot (field id -> number of pages).
    proofs: dict[str, int] = {}
    # Tenant settings a definition may refer to by name (e.g. "kita.max_wishes").
    settings: dict[str, Any] = {}

    def facts(self) -> Facts:
        children = {c.id: d for c in self.household.children if (d := c.born_or_expected) is not None}
        return Facts(today=self.today, children=children)
