"""Offers: made by a provider for one child or for siblings together, answered by the parent, lapsed by the
sweeper, withdrawn by the provider, and after acceptance the contract status.

Each event is one transaction in a fixed lock order - the offer row (a conditional update on its status),
then the applications (ascending id, through cases.transition with the expected status), then the
reservations - so concurrent answers, sweepers in several processes and a provider's click end in exactly
one outcome; the others get OfferProblem("changed").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import msgspec

from server.accounts.tables import Account
from server.applications import cases
from server.applications import status as machine
from server.applications.tables import Application
from server.audit.services import record
from server.mailbox import services as mailbox
from server.placement import messages
from server.placement import rules as rules_
from server.placement.config import expires_at
from server.placement.tables import Offer, OfferItem, Reservation
from server.web.i18n import _


class OfferProblem(Exception):
    """Why an offer event did not happen: "changed" (someone else was faster), "not_active",
    "application_status", "one_per_application", "one_family", "unknown", "offer_status"."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


PROBLEMS = {
    "changed": _("Der Stand hat sich gerade geändert. Bitte prüfen Sie ihn und versuchen Sie es erneut."),
    "offer_status": _("Dieses Angebot ist nicht mehr offen."),
    "not_active": _("Für dieses Kind ist gerade kein Angebot möglich: Es hat schon ein Angebot."),
    "application_status": _("Die Bedarfsanzeige ist nicht mehr in der Platzvergabe."),
    "one_per_application": _("Pro Kind ist nur eine Vormerkung möglich."),
    "one_family": _("Ein gemeinsames Angebot ist nur für Geschwister derselben Familie möglich."),
    "unknown": _("Diese Vormerkung gibt es nicht (mehr)."),
    "transition": _("Dieser Schritt ist im Statusmodell nicht vorgesehen."),
}

# event: (audit action, mailbox message, mailbox kind, timeline note)
EVENTS: dict[str, tuple[str, Any, str, str]] = {
    "accept": ("offer.answer", messages.accepted, "status", _("Platz angenommen: {facility}")),
    "decline": ("offer.answer", None, "status", _("Angebot abgelehnt: {facility}")),
    "lapse": (
        "offer.lapse",
        messages.lapsed,
        "offer",
        _("Das Angebot von {facility} ist verfallen. Ihre Wünsche sind wieder vorgemerkt."),
    ),
    "withdraw": (
        "offer.withdraw",
        messages.withdrawn,
        "offer",
        _("{facility} hat das Angebot zurückgenommen. Ihre Wünsche sind wieder vorgemerkt."),
    ),
    "contract": ("offer.contract", messages.contracted, "status", _("Betreuungsvertrag mit {facility}")),
    "no_contract": (
        "offer.no_contract",
        messages.no_contract,
        "status",
        _("Kein Betreuungsvertrag mit {facility}. Ihre übrigen Wünsche sind wieder vorgemerkt."),
    ),
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Outcome(msgspec.Struct, kw_only=True):
    offer_id: int
    status: str
    mail_ids: list[int] = msgspec.field(default_factory=list)


async def _state(tenant: str, application_ids: Sequence[int]) -> tuple[list[rules_.Res], dict[int, str]]:
    rows = await Reservation.select(
        Reservation.id, Reservation.application, Reservation.status, Reservation.held_by
    ).where((Reservation.tenant == tenant) & Reservation.application.is_in(list(application_ids)))
    apps = await Application.select(Application.id, Application.status).where(
        (Application.tenant == tenant) & Application.id.is_in(list(application_ids))
    )
    reservations = [
        rules_.Res(id=r["id"], application=r["application"], status=r["status"], held_by=r["held_by"])
        for r in rows
    ]
    return reservations, {a["id"]: a["status"] for a in apps}


async def _apply(tenant: str, plan: rules_.Plan, actor: Account | None, note: str) -> None:
    for move in plan.applications:  # ascending application id: the lock order
        try:
            await cases.transition(
                tenant,
                move.application,
                move.target,
                move.actor,
                actor.id if actor else None,
                note,
                expected=move.source,
            )
        except machine.TransitionNotAllowed as exc:
            raise OfferProblem("changed") from exc
    now = utcnow()
    for change in plan.reservations:
        await Reservation.update(
            {
                Reservation.status: change.status,
                Reservation.held_by: change.held_by,
                Reservation.status_changed_at: now,
            }
        ).where((Reservation.id == change.reservation) & (Reservation.tenant == tenant))


async def _references(tenant: str, application_ids: Sequence[int]) -> dict[int, str]:
    rows = await Application.select(Application.id, Application.reference).where(
        (Application.tenant == tenant) & Application.id.is_in(list(application_ids))
    )
    return {r["id"]: r["reference"] for r in rows}


async def _post(
    tenant: str,
    account_id: int,
    kind: str,
    text: tuple[str, str],
    links: messages.Links,
    reference: str,
    action_path: str,
    action_label: str,
) -> int | None:
    _message_id, mail_id = await mailbox.post(
        tenant,
        account_id,
        kind,  # type: ignore[arg-type]
        text[0],
        text[1],
        reference=reference,
        action_path=action_path,
        action_label=action_label,
        portal_name=links.portal_name,
        mailbox_url=links.mailbox(tenant),
    )
    return mail_id


# --- making an offer ---------------------------------------------------------------------------------


async def create_offer(
    tenant: str,
    provider: Account,
    facility_id: int,
    facility_name: str,
    reservation_ids: Sequence[int],
    start_month: dt.date,
    hours: int,
    deadline: dt.date,
    links: messages.Links,
) -> Outcome:
    """An open offer for these reservations of this facility (one child, or siblings of one family)."""
    async with Offer._meta.db.transaction():
        rows = await Reservation.select(
            Reservation.id, Reservation.application, Reservation.account, Reservation.child_first_name
        ).where(
            (Reservation.tenant == tenant)
            & (Reservation.facility == facility_id)
            & Reservation.id.is_in(list(reservation_ids) or [0])
        )
        if not rows or len(rows) != len(set(reservation_ids)):
            raise OfferProblem("unknown")
        families = {r["account"] for r in rows}
        if len(families) != 1:
            raise OfferProblem("one_family")
        parent = families.pop()
        application_ids = sorted({r["application"] for r in rows})
        reservations, app_status = await _state(tenant, application_ids)
        now = utcnow()
        inserted = await Offer.insert(
            Offer(
                tenant=tenant,
                facility=facility_id,
                account=parent,
                start_month=start_month,
                hours=hours,
                deadline=deadline,
                expires_at=expires_at(deadline),
                status="open",
                created_by=provider.id,
                created_at=now,
            )
        ).returning(Offer.id)
        offer_id = inserted[0]["id"]
        try:
            plan = rules_.make_offer(offer_id, [r["id"] for r in rows], reservations, app_status)
        except rules_.RuleError as exc:
            raise OfferProblem(exc.code) from exc
        await _apply(tenant, plan, provider, _("Platzangebot: {facility}").format(facility=facility_name))
        await OfferItem.insert(
            *(
                OfferItem(tenant=tenant, offer=offer_id, reservation=r["id"], application=r["application"])
                for r in sorted(rows, key=lambda r: r["application"])
            )
        )
        references = await _references(tenant, application_ids)
        first = references[application_ids[0]]
        names = tuple(
            r["child_first_name"] or _("Ihr Kind") for r in sorted(rows, key=lambda r: r["application"])
        )
        facts = messages.OfferFacts(
            facility=facility_name, names=names, start_month=start_month, hours=hours, deadline=deadline
        )
        mail_id = await _post(
            tenant,
            parent,
            "offer",
            messages.offered(facts),
            links,
            first,
            f"/{tenant}/vorgaenge/{first}/angebot/{offer_id}",
            _("Angebot ansehen und antworten"),
        )
        for application_id in application_ids:
            await record(
                tenant,
                provider,
                "offer.create",
                "offer",
                offer_id,
                references[application_id],
                {"facility": facility_id, "start_month": start_month.isoformat(), "hours": hours},
            )
    return Outcome(offer_id=offer_id, status="open", mail_ids=[mail_id] if mail_id else [])


# --- events on an offer ---------------------------------------------------------------------------------


async def close_offer(
    tenant: str,
    offer_id: int,
    event: rules_.Event,
    actor: Account | None,
    links: messages.Links,
    *,
    parent_id: int | None = None,
    facility_ids: Sequence[int] | None = None,
) -> Outcome:
    """Apply `event` to the offer. `parent_id` or `facility_ids` restrict it to the parent it was made to or
    to a provider's facilities (anything else is "unknown", answered with 404)."""
    now = utcnow()
    async with Offer._meta.db.transaction():
        offer = (
            await Offer.select(Offer.all_columns(), Offer.facility.name.as_alias("facility_name"))
            .where((Offer.tenant == tenant) & (Offer.id == offer_id))
            .first()
        )
        if offer is None:
            raise OfferProblem("unknown")
        if parent_id is not None and offer["account"] != parent_id:
            raise OfferProblem("unknown")
        if facility_ids is not None and offer["facility"] not in facility_ids:
            raise OfferProblem("unknown")
        items = (
            await OfferItem.select(
                OfferItem.reservation,
                OfferItem.application,
                OfferItem.reservation.child_first_name.as_alias("name"),
            )
            .where((OfferItem.tenant == tenant) & (OfferItem.offer == offer_id))
            .order_by(OfferItem.application)
        )
        application_ids = sorted({i["application"] for i in items})
        reservations, app_status = await _state(tenant, application_ids)
        try:
            plan = rules_.close(
                event,
                offer_id,
                offer["status"],
                offer["contract"],
                [i["reservation"] for i in items],
                reservations,
                app_status,
            )
        except rules_.RuleError as exc:
            raise OfferProblem("changed" if exc.code == "offer_status" else exc.code) from exc
        values: dict[Any, Any] = {Offer.status: plan.offer_status, Offer.contract: plan.contract}
        if event in ("accept", "decline"):
            values[Offer.answered_at] = now
        if event != "accept":
            values[Offer.closed_at] = now
        updated = await (
            Offer.update(values)
            .where(
                (Offer.id == offer_id)
                & (Offer.status == offer["status"])
                & (Offer.contract == offer["contract"])
            )
            .returning(Offer.id)
        )
        if not updated:
            raise OfferProblem("changed")
        action, message, kind, note = EVENTS[event]
        facility = offer["facility_name"]
        await _apply(tenant, plan, actor, note.format(facility=facility))
        references = await _references(tenant, application_ids)
        for application_id in application_ids:
            await record(
                tenant,
                actor,
                action,
                "offer",
                offer_id,
                references[application_id],
                {"event": event, "facility": offer["facility"]},
            )
        mail_ids: list[int] = []
        # No message when every child's application has ended meanwhile (the parent withdrew it).
        if message is not None and plan.applications:
            facts = messages.OfferFacts(
                facility=facility,
                names=tuple(i["name"] or _("Ihr Kind") for i in items),
                start_month=offer["start_month"],
                hours=offer["hours"],
                deadline=offer["deadline"],
            )
            if event == "accept":
                text = message(facts, await _withdrawn_wishes(tenant, offer_id, application_ids))
            else:
                text = message(facts)
            first = references[application_ids[0]]
            mail_id = await _post(
                tenant,
                offer["account"],
                kind,
                text,
                links,
                first,
                f"/{tenant}/vorgaenge/{first}",
                _("Stand ansehen"),
            )
            if mail_id:
                mail_ids.append(mail_id)
    return Outcome(offer_id=offer_id, status=plan.offer_status, mail_ids=mail_ids)


async def _withdrawn_wishes(tenant: str, offer_id: int, application_ids: Sequence[int]) -> list[str]:
    rows = await (
        Reservation.select(Reservation.facility.name.as_alias("name"))
        .where(
            (Reservation.tenant == tenant)
            & Reservation.application.is_in(list(application_ids))
            & (Reservation.status == "withdrawn")
            & (Reservation.held_by == offer_id)
        )
        .order_by(Reservation.application)
        .order_by(Reservation.rank)
    )
    return [r["name"] for r in rows]
