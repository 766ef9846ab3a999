"""Reservations: created with the Kita demand notice (one per ranked wish), listed for a provider with only
what the allocation needs, and shown to the parent with their case."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec

from server.applications.context import Context
from server.applications.registry import on_submit
from server.applications.tables import Application
from server.facilities.tables import Facility
from server.placement import points as pts
from server.placement.rules import OFFERABLE
from server.placement.tables import OfferItem, Reservation
from server.web.i18n import _

# What a parent reads about a reservation.
PARENT_LABELS = {
    "active": (_("Vorgemerkt"), "blue"),
    "paused": (_("Ruht während eines Angebots"), "grey"),
    "offered": (_("Platzangebot"), "yellow"),
    "withdrawn": (_("Zurückgenommen"), "grey"),
    "declined": (_("Angebot abgelehnt"), "grey"),
    "accepted": (_("Platz angenommen"), "green"),
    "lapsed": (_("Angebot verfallen"), "grey"),
    "contracted": (_("Betreuungsvertrag"), "green"),
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _load(value: Any) -> Any:
    if isinstance(value, str | bytes):
        return msgspec.json.decode(value) if value else {}
    return value or {}


@on_submit("kita")
async def create_reservations(application_id: int, answers: dict[str, Any], ctx: Context) -> None:
    """Inside the submission's transaction: one active reservation per ranked wish."""
    wishes = [w for w in answers.get("wishes") or [] if isinstance(w, dict)]
    if not wishes:
        return
    row = await Application.select(Application.account).where(Application.id == application_id).first()
    assert row is not None
    child = answers.get("child") or {}
    child_key = str(child.get("id", ""))[:20]
    person = ctx.household.child(child_key)
    first_name = person.first_name if person else ""
    # Only facilities of this tenant (the answers were checked against them; this keeps it true).
    known = {
        r["id"]
        for r in await Facility.select(Facility.id).where(
            (Facility.tenant == ctx.tenant.slug) & Facility.id.is_in([int(w["facility"]) for w in wishes])
        )
    }
    now = utcnow()
    rows = [
        Reservation(
            tenant=ctx.tenant.slug,
            application=application_id,
            account=row["account"],
            facility=int(w["facility"]),
            rank=int(w.get("rank") or index),
            sibling=bool(w.get("sibling")),
            child_key=child_key,
            child_first_name=first_name[:80],
            status="active",
            created_at=now,
            status_changed_at=now,
        )
        for index, w in enumerate(wishes, start=1)
        if int(w["facility"]) in known
    ]
    if rows:
        await Reservation.insert(*rows)


class Candidate(msgspec.Struct, kw_only=True):
    """A reservation as a provider sees it before any offer: nothing but what the decision needs."""

    id: int
    first_name: str
    age_months: int | None
    age_group: str
    start: dt.date | None
    hours: int | None
    rank: int
    sibling: bool
    score: pts.Score
    registered: dt.datetime
    # Other children of the same family who rank this facility too (their reservation ids and names).
    siblings: list[tuple[int, str]] = msgspec.field(default_factory=list)

    @property
    def sibling_names(self) -> str:
        return ", ".join(name for _id, name in self.siblings)


async def candidates(tenant: str, facility_id: int, rules: pts.PointRules) -> list[Candidate]:
    """Active reservations of confirmed demand notices for this facility, best score first."""
    rows = await Reservation.select(
        Reservation.id,
        Reservation.account,
        Reservation.child_key,
        Reservation.child_first_name,
        Reservation.rank,
        Reservation.sibling,
        Reservation.application.answers.as_alias("answers"),
        Reservation.application.submitted_at.as_alias("submitted_at"),
    ).where(
        (Reservation.tenant == tenant)
        & (Reservation.facility == facility_id)
        & (Reservation.status == "active")
        & Reservation.application.status.is_in(list(OFFERABLE))
    )
    found: list[Candidate] = []
    family: dict[int, list[tuple[int, str, str]]] = {}
    for row in rows:
        answers = _load(row["answers"])
        born, start = pts.birth_of(answers), pts.start_of(answers)
        months = pts.months_between(born, start) if born and start else None
        found.append(
            Candidate(
                id=row["id"],
                first_name=row["child_first_name"] or _("Kind"),
                age_months=months,
                age_group=pts.age_group(months) if months is not None else "u3",
                start=start,
                hours=pts.hours_of(answers),
                rank=row["rank"],
                sibling=bool(row["sibling"]),
                score=pts.score(answers, bool(row["sibling"]), rules),
                registered=row["submitted_at"],
            )
        )
        family.setdefault(row["account"], []).append((row["id"], row["child_key"], found[-1].first_name))
    by_id = {c.id: c for c in found}
    for members in family.values():
        for rid, key, _name in members:
            by_id[rid].siblings = [(other, name) for other, k, name in members if k != key]
    found.sort(key=lambda c: pts.sort_key(c.score.total, c.registered, c.id))
    return found


class ParentReservation(msgspec.Struct, kw_only=True):
    rank: int
    facility_name: str
    status: str
    label: str
    tag: str
    offer_id: int | None


async def for_application(tenant: str, application_id: int) -> list[ParentReservation]:
    """The wishes of one case with their state, and the offer each one belongs to (if any)."""
    rows = await (
        Reservation.select(
            Reservation.id,
            Reservation.rank,
            Reservation.status,
            Reservation.facility.name.as_alias("facility_name"),
        )
        .where((Reservation.tenant == tenant) & (Reservation.application == application_id))
        .order_by(Reservation.rank)
    )
    items = await (
        OfferItem.select(OfferItem.reservation, OfferItem.offer)
        .where((OfferItem.tenant == tenant) & (OfferItem.application == application_id))
        .order_by(OfferItem.offer)
    )
    offer_of = {i["reservation"]: i["offer"] for i in items}  # the latest offer per reservation
    return [
        ParentReservation(
            rank=r["rank"],
            facility_name=r["facility_name"],
            status=r["status"],
            label=PARENT_LABELS.get(r["status"], (r["status"], "grey"))[0],
            tag=PARENT_LABELS.get(r["status"], (r["status"], "grey"))[1],
            offer_id=offer_of.get(r["id"]),
        )
        for r in rows
    ]


async def open_offers_for(tenant: str, application_id: int) -> list[int]:
    rows = await OfferItem.select(OfferItem.offer).where(
        (OfferItem.tenant == tenant)
        & (OfferItem.application == application_id)
        & (OfferItem.offer.status == "open")
    )
    return sorted({r["offer"] for r in rows})
