"""Recording and searching audit events. Call `record` in the same transaction as the change it records."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec

from server.accounts.tables import Account
from server.audit.tables import AuditEvent
from server.dates import BERLIN
from server.web.i18n import _

ACTIONS = {
    "application.view": _("Antrag angesehen"),
    "document.view": _("Nachweis angesehen"),
    "application.assign": _("Zuständigkeit geändert"),
    "application.status": _("Status geändert"),
    "application.note": _("Interne Notiz"),
    "request.create": _("Unterlagen nachgefordert"),
    "decision.issue": _("Bescheid erstellt"),
    "reservation.view": _("Vormerkung angesehen"),
    "offer.create": _("Platzangebot erstellt"),
    "offer.withdraw": _("Platzangebot zurückgenommen"),
    "offer.contract": _("Betreuungsvertrag vermerkt"),
    "offer.no_contract": _("Kein Betreuungsvertrag vermerkt"),
    "offer.view": _("Angenommenes Platzangebot mit Kontaktdaten angesehen"),
    "offer.answer": _("Platzangebot beantwortet"),
    "offer.lapse": _("Platzangebot verfallen"),
    "places.update": _("Freie Plätze geändert"),
    "facility.update": _("Einrichtungsdaten geändert"),
    "audit.search": _("Protokoll durchsucht"),
}


class Entry(msgspec.Struct, kw_only=True):
    at: dt.datetime
    actor_email: str
    actor_role: str
    action: str
    label: str
    object_type: str
    object_id: int | None
    reference: str
    details: dict[str, Any]


async def record(
    tenant: str,
    actor: Account | None,
    action: str,
    object_type: str,
    object_id: int | None = None,
    reference: str = "",
    details: dict[str, Any] | None = None,
) -> None:
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    await AuditEvent.insert(
        AuditEvent(
            tenant=tenant,
            at=dt.datetime.now(dt.UTC),
            actor=actor.id if actor else None,
            actor_role=actor.role if actor else "system",
            action=action,
            object_type=object_type,
            object_id=object_id,
            reference=reference,
            details=msgspec.json.encode(details or {}).decode(),
        )
    )


async def search(
    tenant: str,
    *,
    actor_email: str = "",
    action: str = "",
    reference: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
    limit: int = 200,
) -> list[Entry]:
    query = AuditEvent.select(AuditEvent.all_columns(), AuditEvent.actor.email).where(
        AuditEvent.tenant == tenant
    )
    if actor_email:
        query = query.where(AuditEvent.actor.email == actor_email.lower())
    if action:
        query = query.where(AuditEvent.action == action)
    if reference:
        query = query.where(AuditEvent.reference == reference)
    if since:
        query = query.where(AuditEvent.at >= dt.datetime.combine(since, dt.time(), BERLIN))
    if until:
        query = query.where(
            AuditEvent.at < dt.datetime.combine(until + dt.timedelta(days=1), dt.time(), BERLIN)
        )
    rows = (
        await query.order_by(AuditEvent.at, ascending=False)
        .order_by(AuditEvent.id, ascending=False)
        .limit(limit)
    )
    return [
        Entry(
            at=r["at"],
            actor_email=r["actor.email"] or "",
            actor_role=r["actor_role"],
            action=r["action"],
            label=ACTIONS.get(r["action"], r["action"]),
            object_type=r["object_type"],
            object_id=r["object_id"],
            reference=r["reference"],
            details=msgspec.json.decode(r["details"])
            if isinstance(r["details"], str)
            else (r["details"] or {}),
        )
        for r in rows
    ]


async def last_office_activity(tenant: str, reference: str) -> dt.datetime | None:
    """When staff of the office last looked at or worked on the case (shown to the parent)."""
    row = (
        await AuditEvent.select(AuditEvent.at)
        .where(
            (AuditEvent.tenant == tenant)
            & (AuditEvent.reference == reference)
            & (AuditEvent.actor_role.is_in(["caseworker", "admin"]))
        )
        .order_by(AuditEvent.at, ascending=False)
        .first()
    )
    return row["at"] if row else None
