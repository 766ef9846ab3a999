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
        return SaveResult(status="saved", draft=await get_draft(tenant, account_id, uuid))
    if row["tenant"] != tenant or row["account"] != account_id or row["service"] != service:
        return SaveResult(status="not_found")
    current = _state(row)
    if current.values == dict(values):
        return SaveResult(status="unchanged", draft=current)
    if current.version != base_version:
        return SaveResult(status="conflict", draft=current)
    return await _write(tenant, account_id, current, values)


async def _write(
    tenant: str, account_id: int, current: DraftState, values: Mapping[str, RawValue]
) -> SaveResult:
    updated = (
        await Draft.update(
            {
                Draft.answers: _encode(values),
                Draft.version: current.version + 1,
                Draft.updated_at: utcnow(),
                Draft.reminded_at: None,
            }
        )
        .where(
            (Draft.uuid == current.uuid)
            & (Draft.tenant == tenant)
            & (Draft.account == account_id)
            & (Draft.version == current.version)
        )
        .returning(Draft.id)
    )
    latest = await get_draft(tenant, account_id, current.uuid)
    if not updated:
        # Another save won the race for this version.
        if latest is None:
            return SaveResult(status="submitted" if await is_submitted(current.uuid) else "gone")
        return SaveResult(status="unchanged" if latest.values == dict(values) else "conflict", draft=latest)
    return SaveResult(status="saved", draft=latest)


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
