"""Submitted applications (cases): reading them for their owner, their timeline, and status changes.

Every status change goes through `transition`, which asks the status table (status.py) and records an
event; a concurrent change of the same case makes the second one fail instead of overwriting the first.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec

from server.applications import status as machine
from server.applications.tables import Application, ApplicationEvent


class Case(msgspec.Struct, kw_only=True):
    id: int
    tenant: str
    account: int
    reference: str
    draft_uuid: str
    service: str
    flow: str
    status: str
    submitted_at: dt.datetime
    status_changed_at: dt.datetime
    answers: dict[str, Any]
    sections: list[dict[str, Any]]
    computed: list[list[str]]
    declarations: list[dict[str, Any]]

    @property
    def status_info(self) -> machine.StatusInfo:
        return machine.info(self.status)

    @property
    def can_withdraw(self) -> bool:
        return machine.can_withdraw(self.flow, self.status)


class Event(msgspec.Struct, kw_only=True):
    at: dt.datetime
    status_from: str
    status_to: str
    actor_role: str
    note: str


def _load(value: Any, default: Any) -> Any:
    if value is None or value == "":
        return default
    return msgspec.json.decode(value) if isinstance(value, str | bytes) else value


def _case(row: dict[str, Any]) -> Case:
    summary = _load(row["summary"], {})
    return Case(
        id=row["id"],
        tenant=row["tenant"],
        account=row["account"],
        reference=row["reference"],
        draft_uuid=row["draft_uuid"],
        service=row["service"],
        flow=row["flow"],
        status=row["status"],
        submitted_at=row["submitted_at"],
        status_changed_at=row["status_changed_at"],
        answers=_load(row["answers"], {}),
        sections=summary.get("sections", []) if isinstance(summary, dict) else [],
        computed=summary.get("computed", []) if isinstance(summary, dict) else [],
        declarations=_load(row["declarations"], []),
    )


async def list_cases(tenant: str, account_id: int) -> list[Case]:
    rows = (
        await Application.select()
        .where((Application.tenant == tenant) & (Application.account == account_id))
        .order_by(Application.submitted_at, ascending=False)
    )
    return [_case(r) for r in rows]


async def get_case(tenant: str, account_id: int, reference: str) -> Case | None:
    """The owner's case by its reference; None for another tenant's or account's (answered with 404)."""
    row = (
        await Application.select()
        .where(
            (Application.reference == reference)
            & (Application.tenant == tenant)
            & (Application.account == account_id)
        )
        .first()
    )
    return _case(row) if row else None


async def get_case_by_id(tenant: str, application_id: int) -> Case | None:
    row = (
        await Application.select()
        .where((Application.id == application_id) & (Application.tenant == tenant))
        .first()
    )
    return _case(row) if row else None


async def events(tenant: str, application_id: int) -> list[Event]:
    rows = (
        await ApplicationEvent.select()
        .where((ApplicationEvent.tenant == tenant) & (ApplicationEvent.application == application_id))
        .order_by(ApplicationEvent.at)
        .order_by(ApplicationEvent.id)
    )
    return [
        Event(
            at=r["at"],
            status_from=r["status_from"],
            status_to=r["status_to"],
            actor_role=r["actor_role"],
            note=r["note"],
        )
        for r in rows
    ]


async def record_event(
    tenant: str, application_id: int, actor_role: str, actor_id: int | None, note: str
) -> None:
    """A line in the case's timeline without a status change (e.g. a refused consent, a resent invitation)."""
    await ApplicationEvent.insert(
        ApplicationEvent(
            tenant=tenant,
            application=application_id,
            at=dt.datetime.now(dt.UTC),
            status_from="",
            status_to="",
            actor_role=actor_role,
            actor=actor_id,
            note=note,
        )
    )


class StatusChanged(msgspec.Struct, kw_only=True):
    source: str
    target: str
    at: dt.datetime


# Other features react to a status inside the changing transaction: async fn(tenant, application_id,
# source, target) - e.g. casework opens the upload for the signed page when a case awaits its signature.
STATUS_LISTENERS: list[Any] = []


def on_status_change(listener: Any) -> Any:
    if listener not in STATUS_LISTENERS:
        STATUS_LISTENERS.append(listener)
    return listener


async def transition(
    tenant: str,
    application_id: int,
    target: str,
    actor_role: str,
    actor_id: int | None,
    note: str = "",
    expected: str | None = None,
) -> StatusChanged:
    """Move a case to `target` if the status table allows it for this actor; record the event.

    Raises machine.TransitionNotAllowed (also when the case changed meanwhile). Call inside a transaction
    when more changes belong to it (e.g. a message to the parent)."""
    row = (
        await Application.select(Application.status, Application.flow)
        .where((Application.id == application_id) & (Application.tenant == tenant))
        .first()
    )
    if row is None:
        raise machine.TransitionNotAllowed("no such case")
    source = row["status"]
    if expected is not None and source != expected:
        raise machine.TransitionNotAllowed(f"case is {source}, not {expected}")
    machine.check(row["flow"], source, target, actor_role)
    now = dt.datetime.now(dt.UTC)
    changed = (
        await Application.update(
            {Application.status: target, Application.status_changed_at: now, Application.updated_at: now}
        )
        .where((Application.id == application_id) & (Application.status == source))
        .returning(Application.id)
    )
    if not changed:
        raise machine.TransitionNotAllowed("the case changed meanwhile")
    await ApplicationEvent.insert(
        ApplicationEvent(
            tenant=tenant,
            application=application_id,
            at=now,
            status_from=source,
            status_to=target,
            actor_role=actor_role,
            actor=actor_id,
            note=note,
        )
    )
    for listener in STATUS_LISTENERS:
        await listener(tenant, application_id, source, target)
    return StatusChanged(source=source, target=target, at=now)
