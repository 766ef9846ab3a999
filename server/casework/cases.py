"""A case as the office sees it: the submitted case plus assignment and due date, colleagues to assign
it to, internal notes, plain status changes and the staff timeline.

Every function is scoped to the tenant. Changes record their audit event in the same transaction; reads
are audited by the controllers (which know what was shown).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec

from server.accounts.guards import CASEWORKERS
from server.accounts.tables import Account
from server.applications import cases
from server.applications import status as machine
from server.applications.cases import Case
from server.applications.tables import Application, ApplicationEvent
from server.audit.services import ACTIONS, record
from server.audit.tables import AuditEvent
from server.casework import requests
from server.casework.rules import due_date, overdue
from server.casework.tables import CaseNote
from server.web.i18n import _

ROLES = {
    "parent": _("Antragsteller/in"),
    "system": _("Familienportal"),
    "caseworker": _("Sachbearbeitung"),
    "admin": _("Administration"),
    "provider": _("Träger"),
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class StaffCase(msgspec.Struct, kw_only=True):
    case: Case
    assigned_to: int | None
    assignee_email: str
    due_at: dt.datetime | None

    @property
    def overdue(self) -> bool:
        return overdue(self.due_at, self.case.status)

    @property
    def due_date(self) -> dt.date | None:
        return due_date(self.due_at)


class Colleague(msgspec.Struct, frozen=True):
    id: int
    email: str
    role: str


class NoteView(msgspec.Struct, kw_only=True):
    id: int
    text: str
    author_email: str
    created_at: dt.datetime


class TimelineEntry(msgspec.Struct, kw_only=True):
    at: dt.datetime
    title: str
    actor: str
    text: str = ""
    internal: bool = False


async def find(tenant: str, reference: str) -> StaffCase | None:
    """The tenant's case with this reference (None for another tenant's: answered with 404)."""
    row = (
        await Application.select(
            Application.id, Application.assigned_to, Application.assigned_to.email, Application.due_at
        )
        .where((Application.reference == reference[:40]) & (Application.tenant == tenant))
        .first()
    )
    if row is None:
        return None
    case = await cases.get_case_by_id(tenant, row["id"])
    if case is None:
        return None
    return StaffCase(
        case=case,
        assigned_to=row["assigned_to"],
        assignee_email=row["assigned_to.email"] or "",
        due_at=row["due_at"],
    )


async def colleagues(tenant: str) -> list[Colleague]:
    """Who may work cases in this tenant (caseworkers and admins, active accounts)."""
    rows = (
        await Account.select(Account.id, Account.email, Account.role)
        .where((Account.tenant == tenant) & Account.role.is_in(list(CASEWORKERS)) & (Account.active == True))  # noqa: E712
        .order_by(Account.email)
    )
    return [Colleague(r["id"], r["email"], r["role"]) for r in rows]


class AssignProblem(ValueError):
    pass


async def assign(tenant: str, staff: StaffCase, actor: Account, target: int | None) -> bool:
    """Give the case to `target` (a colleague of this tenant) or to nobody; False when nothing changed."""
    if target is not None and target not in {c.id for c in await colleagues(tenant)}:
        raise AssignProblem("not a caseworker of this tenant")
    case = staff.case
    async with Application._meta.db.transaction():
        current = (
            await Application.select(Application.assigned_to)
            .where((Application.id == case.id) & (Application.tenant == tenant))
            .first()
        )
        if current is None or current["assigned_to"] == target:
            return False
        await Application.update({Application.assigned_to: target}).where(
            (Application.id == case.id) & (Application.tenant == tenant)
        )
        await record(
            tenant,
            actor,
            "application.assign",
            "application",
            case.id,
            case.reference,
            {"from": current["assigned_to"], "to": target},
        )
    return True


async def add_note(tenant: str, case: Case, actor: Account, text: str) -> int:
    async with CaseNote._meta.db.transaction():
        rows = await CaseNote.insert(
            CaseNote(tenant=tenant, application=case.id, author=actor.id, text=text, created_at=utcnow())
        ).returning(CaseNote.id)
        await record(
            tenant, actor, "application.note", "application", case.id, case.reference, {"note": rows[0]["id"]}
        )
    return rows[0]["id"]


async def notes(tenant: str, application_id: int) -> list[NoteView]:
    rows = (
        await CaseNote.select(CaseNote.id, CaseNote.text, CaseNote.created_at, CaseNote.author.email)
        .where((CaseNote.tenant == tenant) & (CaseNote.application == application_id))
        .order_by(CaseNote.created_at, ascending=False)
        .order_by(CaseNote.id, ascending=False)
    )
    return [
        NoteView(id=r["id"], text=r["text"], author_email=r["author.email"] or "", created_at=r["created_at"])
        for r in rows
    ]


async def change_status(tenant: str, staff: StaffCase, actor: Account, target: str, note: str = "") -> None:
    """A status change without a form of its own (e.g. "in Bearbeitung nehmen"). Leaving
    `documents_requested` this way closes the open request (the papers came another way); what the
    parent uploaded so far stays with the case. Raises machine.TransitionNotAllowed."""
    case = staff.case
    async with Application._meta.db.transaction():
        changed = await cases.transition(
            tenant, case.id, target, actor.role, actor.id, note, expected=case.status
        )
        if changed.source in {"documents_requested", "awaiting_signature"}:
            await requests.close_open(tenant, case.id)
            await Application.update({Application.due_at: None}).where(Application.id == case.id)
        await record(
            tenant,
            actor,
            "application.status",
            "application",
            case.id,
            case.reference,
            {"from": changed.source, "to": changed.target},
        )


# What the office's timeline shows besides status changes (views and searches are left out).
TIMELINE_ACTIONS = ("application.assign", "application.note", "request.create", "decision.issue")


async def timeline(tenant: str, case: Case) -> list[TimelineEntry]:
    """Status changes (as the parent sees them, with who made them) and the office's own steps."""
    accounts = {c.id: c.email for c in await colleagues(tenant)}
    events = await ApplicationEvent.select().where(
        (ApplicationEvent.tenant == tenant) & (ApplicationEvent.application == case.id)
    )
    entries = [
        TimelineEntry(
            at=e["at"],
            title=machine.info(e["status_to"]).label
            if e["status_to"] in machine.STATUSES
            else _("Mitteilung"),
            actor=accounts.get(e["actor"], "") or ROLES.get(e["actor_role"], e["actor_role"]),
            text=e["note"],
        )
        for e in events
    ]
    rows = await AuditEvent.select(
        AuditEvent.at, AuditEvent.action, AuditEvent.actor.email, AuditEvent.details
    ).where(
        (AuditEvent.tenant == tenant)
        & (AuditEvent.reference == case.reference)
        & AuditEvent.action.is_in(list(TIMELINE_ACTIONS))
    )
    for row in rows:
        text = ""
        if row["action"] == "application.assign":
            details = _details(row["details"])
            text = accounts.get(details.get("to"), "") if details.get("to") else "–"
        entries.append(
            TimelineEntry(
                at=row["at"],
                title=ACTIONS[row["action"]],
                actor=row["actor.email"] or "",
                text=text,
                internal=True,
            )
        )
    return sorted(entries, key=lambda e: e.at, reverse=True)


def _details(value: Any) -> dict[str, Any]:
    if isinstance(value, str | bytes):
        return msgspec.json.decode(value) if value else {}
    return dict(value or {})
