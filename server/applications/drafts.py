"""Drafts on the server: one per client-generated UUID, guarded by a version (optimistic concurrency).

Saving with a stale version is a conflict unless the values are the same (a replay from the offline
outbox, or a form post that repeats what the autosave already stored): a conflict is reported with the
server's copy and never silently overwritten. Every query is scoped to tenant and owning account.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Literal

import msgspec

from server.applications.conditions import RawValue
from server.applications.definitions import Step
from server.applications.engine import merge_step, step_keys
from server.applications.tables import Application, Draft
from server.db_errors import is_unique_violation

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
# The page template a browser caches to open any draft of a service offline (see service_worker/sw.js).
TEMPLATE_UUID = "00000000-0000-0000-0000-000000000000"

SaveStatus = Literal["saved", "unchanged", "conflict", "submitted", "gone", "not_found"]


class DraftState(msgspec.Struct, kw_only=True):
    uuid: str
    service: str
    version: int
    values: dict[str, RawValue]
    created_at: dt.datetime
    updated_at: dt.datetime


class SaveResult(msgspec.Struct, kw_only=True):
    status: SaveStatus
    draft: DraftState | None = None


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def valid_uuid(value: str) -> bool:
    return bool(UUID.match(value))


def _state(row: Any) -> DraftState:
    get = row.get if isinstance(row, dict) else lambda k: getattr(row, k)
    answers = get("answers")
    values = msgspec.json.decode(answers) if isinstance(answers, str | bytes) else dict(answers or {})
    return DraftState(
        uuid=get("uuid"),
        service=get("service"),
        version=get("version"),
        values=values,
        created_at=get("created_at"),
        updated_at=get("updated_at"),
    )


def _encode(values: Mapping[str, RawValue]) -> str:
    return msgspec.json.encode(dict(values)).decode()


async def _row(uuid: str) -> dict[str, Any] | None:
    return await Draft.select().where(Draft.uuid == uuid).first()


async def get_draft(tenant: str, account_id: int, uuid: str) -> DraftState | None:
    if not valid_uuid(uuid):
        return None
    row = (
        await Draft.select()
        .where((Draft.uuid == uuid) & (Draft.tenant == tenant) & (Draft.account == account_id))
        .first()
    )
    return _state(row) if row else None


async def list_drafts(tenant: str, account_id: int) -> list[DraftState]:
    rows = (
        await Draft.select()
        .where((Draft.tenant == tenant) & (Draft.account == account_id))
        .order_by(Draft.updated_at, ascending=False)
    )
    return [_state(r) for r in rows]


async def is_submitted(uuid: str) -> bool:
    return await Application.exists().where(Application.draft_uuid == uuid)


async def create_draft(
    tenant: str, account_id: int, uuid: str, service: str, values: Mapping[str, RawValue]
) -> SaveResult:
    """A new draft (version 1). Creating an existing draft of the same account answers it unchanged, so a
    retried "start" never makes two."""
    return await save_draft(tenant, account_id, uuid, service, 0, values)


async def save_draft(
    tenant: str,
    account_id: int,
    uuid: str,
    service: str,
    base_version: int,
    values: Mapping[str, RawValue],
) -> SaveResult:
    """Store the whole draft. `base_version` is the version the values were based on (0 = new draft)."""
    if not valid_uuid(uuid):
        return SaveResult(status="not_found")
    if base_version > 0:
        # The common case (autosave on the current version) is one statement.
        saved = await _update(tenant, account_id, uuid, service, base_version, values)
        if saved is not None:
            return SaveResult(status="saved", draft=saved)
    row = await _row(uuid)
    if row is None:
        if await is_submitted(uuid):
            return SaveResult(status="submitted")
        if base_version != 0:
            # Deleted on another device or expired: the device decides whether to keep it as a new draft.
            return SaveResult(status="gone")
        now = utcnow()
        try:
            await Draft.insert(
                Draft(
                    uuid=uuid,
                    tenant=tenant,
                    account=account_id,
                    service=service,
                    version=1,
                    answers=_encode(values),
                    created_at=now,
                    updated_at=now,
                )
            )
        except Exception as exc:
            if not is_unique_violation(exc):
                raise
            # The same draft created twice at once (a retry racing the first try): compare with the winner.
            return await save_draft(tenant, account_id, uuid, service, base_version, values)
        return SaveResult(
            status="saved",
            draft=DraftState(
                uuid=uuid, service=service, version=1, values=dict(values), created_at=now, updated_at=now
            ),
        )
    if row["tenant"] != tenant or row["account"] != account_id or row["service"] != service:
        return SaveResult(status="not_found")
    current = _state(row)
    if current.values == dict(values):
        return SaveResult(status="unchanged", draft=current)
    if current.version != base_version:
        return SaveResult(status="conflict", draft=current)
    return await _write(tenant, account_id, current, values)


async def _update(
    tenant: str, account_id: int, uuid: str, service: str, base_version: int, values: Mapping[str, RawValue]
) -> DraftState | None:
    """Write the values if the draft is this owner's and still at `base_version`; None otherwise."""
    now = utcnow()
    rows = (
        await Draft.update(
            {
                Draft.answers: _encode(values),
                Draft.version: base_version + 1,
                Draft.updated_at: now,
                Draft.reminded_at: None,
            }
        )
        .where(
            (Draft.uuid == uuid)
            & (Draft.tenant == tenant)
            & (Draft.account == account_id)
            & (Draft.service == service)
            & (Draft.version == base_version)
        )
        .returning(Draft.created_at)
    )
    if not rows:
        return None
    return DraftState(
        uuid=uuid,
        service=service,
        version=base_version + 1,
        values=dict(values),
        created_at=rows[0]["created_at"],
        updated_at=now,
    )


async def _write(
    tenant: str, account_id: int, current: DraftState, values: Mapping[str, RawValue]
) -> SaveResult:
    saved = await _update(tenant, account_id, current.uuid, current.service, current.version, values)
    if saved is not None:
        return SaveResult(status="saved", draft=saved)
    # Another save won the race for this version.
    latest = await get_draft(tenant, account_id, current.uuid)
    if latest is None:
        return SaveResult(status="submitted" if await is_submitted(current.uuid) else "gone")
    return SaveResult(status="unchanged" if latest.values == dict(values) else "conflict", draft=latest)


async def save_step(
    tenant: str,
    account_id: int,
    current: DraftState,
    step: Step,
    posted: Mapping[str, RawValue],
    base_version: int | None,
) -> SaveResult:
    """A step's form post: replace that step's values. With a stale `base_version` it is a conflict only if
    the step's values differ from what is stored (the autosave may have stored them already)."""
    merged = merge_step(step, current.values, posted)
    if merged == current.values:
        return SaveResult(status="unchanged", draft=current)
    if base_version is not None and base_version != current.version:
        if step_keys(step, current.values) != step_keys(step, merged):
            return SaveResult(status="conflict", draft=current)
    return await _write(tenant, account_id, current, merged)


# Other features' data that belongs to a draft (proof pages) registers a cleanup here:
# async fn(tenant, account_id, uuid), run in the deleting transaction.
DELETE_HOOKS: list[Callable[[str, int, str], Awaitable[None]]] = []


def on_delete(fn: Callable[[str, int, str], Awaitable[None]]) -> Callable[[str, int, str], Awaitable[None]]:
    if fn not in DELETE_HOOKS:
        DELETE_HOOKS.append(fn)
    return fn


async def delete_draft(tenant: str, account_id: int, uuid: str) -> bool:
    async with Draft._meta.db.transaction():
        deleted = (
            await Draft.delete()
            .where((Draft.uuid == uuid) & (Draft.tenant == tenant) & (Draft.account == account_id))
            .returning(Draft.id)
        )
        if deleted:
            for hook in DELETE_HOOKS:
                await hook(tenant, account_id, uuid)
    return bool(deleted)


# --- retention: drafts untouched for DRAFT_RETENTION_DAYS are deleted, after a reminder -------------------
class Housekeeping(msgspec.Struct, kw_only=True):
    reminded: list[int] = []
    deleted: int = 0


async def remind_and_purge(
    now: dt.datetime,
    retention_days: int,
    reminder_days: int,
    reminder: Callable[[dict[str, Any], dt.datetime], Awaitable[int]],
) -> Housekeeping:
    """Remind owners of drafts that will expire (once per period of inactivity; `reminder` queues the mail
    inside the transaction and returns its id), then delete drafts that expired at least `reminder_days`
    after their reminder. Safe to run from several processes at once."""
    done = Housekeeping()
    due = now - dt.timedelta(days=retention_days - reminder_days)
    rows = (
        await Draft.select(
            Draft.id, Draft.uuid, Draft.tenant, Draft.service, Draft.updated_at, Draft.account.email
        )
        .where((Draft.updated_at < due) & Draft.reminded_at.is_null())
        .limit(500)
    )
    for row in rows:
        deletion = max(
            row["updated_at"] + dt.timedelta(days=retention_days), now + dt.timedelta(days=reminder_days)
        )
        async with Draft._meta.db.transaction():
            claimed = (
                await Draft.update({Draft.reminded_at: now})
                .where(
                    (Draft.id == row["id"])
                    & Draft.reminded_at.is_null()
                    & (Draft.updated_at == row["updated_at"])
                )
                .returning(Draft.id)
            )
            if claimed:
                done.reminded.append(await reminder(row, deletion))
    expired = (
        await Draft.select(Draft.uuid, Draft.tenant, Draft.account)
        .where(
            (Draft.updated_at < now - dt.timedelta(days=retention_days))
            & Draft.reminded_at.is_not_null()
            & (Draft.reminded_at <= now - dt.timedelta(days=reminder_days))
        )
        .limit(500)
    )
    for row in expired:
        if await delete_draft(row["tenant"], row["account"], row["uuid"]):
            done.deleted += 1
    return done
