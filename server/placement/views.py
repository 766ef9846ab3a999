"""What the offer pages show: an offer for its parent, the offers of a facility for its provider, and
after acceptance the family's contact data (and nothing of it before)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec

from server.accounts.tables import Account
from server.applications.tables import Application
from server.dates import month_label
from server.facilities.tables import Facility
from server.facilities.views import date_de, months_text
from server.households.tables import Guardian, Household
from server.placement import points as pts
from server.placement.reservations import PARENT_LABELS
from server.placement.tables import Offer, OfferItem, Reservation
from server.web.i18n import _

OFFER_LABELS = {
    "open": (_("Offen"), "yellow"),
    "accepted": (_("Angenommen – Vertrag ausstehend"), "green"),
    "declined": (_("Abgelehnt"), "grey"),
    "lapsed": (_("Verfallen"), "grey"),
    "withdrawn": (_("Zurückgenommen"), "grey"),
}
CONTRACT_LABELS = {
    "contracted": (_("Betreuungsvertrag geschlossen"), "green"),
    "none": (_("Kein Vertrag"), "grey"),
}
AGE_GROUP_LABELS = {"u3": _("unter 3 Jahre"), "ue3": _("ab 3 Jahre")}


def offer_label(status: str, contract: str) -> tuple[str, str]:
    if status == "accepted" and contract in CONTRACT_LABELS:
        return CONTRACT_LABELS[contract]
    return OFFER_LABELS.get(status, (status, "grey"))


def age_text(months: int | None) -> str:
    if months is None:
        return _("unbekannt")
    if months < 0:
        return _("noch nicht geboren")
    return months_text(months)


def _load(value: Any) -> Any:
    if isinstance(value, str | bytes):
        return msgspec.json.decode(value) if value else {}
    return value or {}


class OfferChild(msgspec.Struct, kw_only=True):
    first_name: str
    application: int
    reference: str
    application_status: str


class OfferSummary(msgspec.Struct, kw_only=True):
    id: int
    facility: int
    facility_name: str
    account: int
    start_month: dt.date
    hours: int
    deadline: dt.date
    expires_at: dt.datetime
    status: str
    contract: str
    created_at: dt.datetime
    answered_at: dt.datetime | None
    children: list[OfferChild]

    @property
    def label(self) -> str:
        return offer_label(self.status, self.contract)[0]

    @property
    def tag(self) -> str:
        return offer_label(self.status, self.contract)[1]

    @property
    def month(self) -> str:
        return month_label(self.start_month)

    @property
    def deadline_text(self) -> str:
        return date_de(self.deadline)

    @property
    def names(self) -> str:
        return ", ".join(c.first_name for c in self.children)

    @property
    def ended_applications(self) -> bool:
        return any(c.application_status in ("withdrawn", "rejected") for c in self.children)


_OFFER_COLUMNS = (
    Offer.id,
    Offer.facility,
    Offer.facility.name.as_alias("facility_name"),
    Offer.account,
    Offer.start_month,
    Offer.hours,
    Offer.deadline,
    Offer.expires_at,
    Offer.status,
    Offer.contract,
    Offer.created_at,
    Offer.answered_at,
)


async def _summaries(tenant: str, rows: list[dict[str, Any]]) -> list[OfferSummary]:
    if not rows:
        return []
    items = await (
        OfferItem.select(
            OfferItem.offer,
            OfferItem.application,
            OfferItem.reservation.child_first_name.as_alias("first_name"),
            OfferItem.application.reference.as_alias("reference"),
            OfferItem.application.status.as_alias("application_status"),
        )
        .where((OfferItem.tenant == tenant) & OfferItem.offer.is_in([r["id"] for r in rows]))
        .order_by(OfferItem.application)
    )
    children: dict[int, list[OfferChild]] = {}
    for i in items:
        children.setdefault(i["offer"], []).append(
            OfferChild(
                first_name=i["first_name"] or _("Kind"),
                application=i["application"],
                reference=i["reference"],
                application_status=i["application_status"],
            )
        )
    return [OfferSummary(**r, children=children.get(r["id"], [])) for r in rows]


async def facility_offers(tenant: str, facility_id: int) -> list[OfferSummary]:
    rows = await (
        Offer.select(*_OFFER_COLUMNS)
        .where((Offer.tenant == tenant) & (Offer.facility == facility_id))
        .order_by(Offer.created_at, ascending=False)
        .order_by(Offer.id, ascending=False)
    )
    return await _summaries(tenant, rows)


async def get_offer(tenant: str, offer_id: int) -> OfferSummary | None:
    row = await Offer.select(*_OFFER_COLUMNS).where((Offer.tenant == tenant) & (Offer.id == offer_id)).first()
    found = await _summaries(tenant, [row]) if row else []
    return found[0] if found else None


class Wish(msgspec.Struct, kw_only=True):
    rank: int
    facility_name: str
    first_name: str
    label: str
    tag: str
    in_offer: bool
    # Paused by this offer: withdrawn if the parent accepts, active again otherwise.
    paused_by_offer: bool


async def family_wishes(tenant: str, offer: OfferSummary) -> list[Wish]:
    """All wishes of the children of an offer, with their state (what the parent sees about the offer)."""
    rows = await (
        Reservation.select(
            Reservation.id,
            Reservation.rank,
            Reservation.status,
            Reservation.held_by,
            Reservation.child_first_name,
            Reservation.facility,
            Reservation.facility.name.as_alias("facility_name"),
        )
        .where(
            (Reservation.tenant == tenant)
            & Reservation.application.is_in([c.application for c in offer.children] or [0])
        )
        .order_by(Reservation.application)
        .order_by(Reservation.rank)
    )
    return [
        Wish(
            rank=r["rank"],
            facility_name=r["facility_name"],
            first_name=r["child_first_name"] or _("Kind"),
            label=PARENT_LABELS.get(r["status"], (r["status"], "grey"))[0],
            tag=PARENT_LABELS.get(r["status"], (r["status"], "grey"))[1],
            in_offer=r["facility"] == offer.facility and r["held_by"] == offer.id,
            paused_by_offer=r["status"] == "paused" and r["held_by"] == offer.id,
        )
        for r in rows
    ]


class FacilityContact(msgspec.Struct, kw_only=True):
    name: str
    address: str
    phone: str
    email: str
    website: str


async def facility_contact(tenant: str, facility_id: int) -> FacilityContact:
    row = await (
        Facility.select(
            Facility.name,
            Facility.street,
            Facility.house_number,
            Facility.postcode,
            Facility.city,
            Facility.phone,
            Facility.email,
            Facility.website,
        )
        .where((Facility.tenant == tenant) & (Facility.id == facility_id))
        .first()
    )
    assert row is not None
    street = " ".join(p for p in (row["street"], row["house_number"]) if p)
    town = " ".join(p for p in (row["postcode"], row["city"]) if p)
    return FacilityContact(
        name=row["name"],
        address=", ".join(p for p in (street, town) if p),
        phone=row["phone"],
        email=row["email"],
        website=row["website"],
    )


class FamilyContact(msgspec.Struct, kw_only=True):
    """What a provider learns about a family once the parent accepted its offer."""

    email: str
    address: str
    guardians: list[tuple[str, str]]  # (name, phone)
    children: list[tuple[str, str]]  # (full name, birth date)


async def family_contact(tenant: str, offer: OfferSummary) -> FamilyContact:
    account = (
        await Account.select(Account.email)
        .where((Account.tenant == tenant) & (Account.id == offer.account))
        .first()
    )
    household = await (
        Household.select(
            Household.id, Household.street, Household.house_number, Household.postcode, Household.city
        )
        .where((Household.tenant == tenant) & (Household.account == offer.account))
        .first()
    )
    guardians = (
        await Guardian.select(Guardian.first_name, Guardian.last_name, Guardian.phone)
        .where((Guardian.tenant == tenant) & (Guardian.household == household["id"]))
        .order_by(Guardian.id)
        if household
        else []
    )
    apps = await Application.select(Application.answers).where(
        (Application.tenant == tenant) & Application.id.is_in([c.application for c in offer.children] or [0])
    )
    children = []
    for a in apps:
        child = _load(a["answers"]).get("child") or {}
        born = pts.birth_of({"child": child})
        children.append((str(child.get("name", "")), date_de(born) if born else ""))
    address = ""
    if household:
        street = " ".join(p for p in (household["street"], household["house_number"]) if p)
        town = " ".join(p for p in (household["postcode"], household["city"]) if p)
        address = ", ".join(p for p in (street, town) if p)
    return FamilyContact(
        email=account["email"] if account else "",
        address=address,
        guardians=[(f"{g['first_name']} {g['last_name']}".strip(), g["phone"]) for g in guardians],
        children=children,
    )
