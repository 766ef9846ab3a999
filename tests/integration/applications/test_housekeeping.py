"""Forgotten drafts: a reminder e-mail without personal details, then deletion; a change resets the clock."""

from __future__ import annotations

import datetime as dt

import pytest

from server.applications.tables import Draft
from tests.integration.applications.support import family, new_uuid, put_draft
from tests.integration.support import body_of

pytestmark = pytest.mark.asyncio


async def age(uuid: str, days: int) -> None:
    await Draft.update({Draft.updated_at: dt.datetime.now(dt.UTC) - dt.timedelta(days=days)}).where(
        Draft.uuid == uuid
    )


async def test_reminder_then_deletion(client, email, inbox):
    await family(client, email)
    keep, forgotten, fresh = new_uuid(), new_uuid(), new_uuid()
    for uuid in (keep, forgotten, fresh):
        await put_draft(client, uuid, 0, {"languages": "Deutsch"})
    await age(keep, 24)
    await age(forgotten, 24)
    housekeeping = client.app.state.housekeeping

    done = await housekeeping.run_once()
    assert len(done.reminded) == 2 and done.deleted == 0
    mail = await inbox.wait_for(email)
    assert mail["Subject"] == "Ihr Entwurf „Kita-Platz“ wird bald gelöscht"
    text = body_of(mail)
    assert "30 Tagen ohne Änderung" in text and "Deutsch" not in text and "Mia" not in text
    assert (await housekeeping.run_once()).reminded == []  # once per period of inactivity

    # The parent keeps one draft by changing it; the other stays untouched.
    await put_draft(client, keep, 1, {"languages": "Deutsch, Englisch"})
    now = dt.datetime.now(dt.UTC) + dt.timedelta(days=8)
    done = await housekeeping.run_once(now)
    assert done.deleted == 1
    remaining = {r["uuid"] for r in await Draft.select(Draft.uuid)}
    assert remaining == {keep, fresh}
    gone = await put_draft(client, forgotten, 1, {"languages": "x"})
    assert gone.status_code == 410


async def test_an_old_draft_gets_the_full_reminder_period(client, email, inbox):
    await family(client, email)
    uuid = new_uuid()
    await put_draft(client, uuid, 0, {"languages": "Deutsch"})
    await age(uuid, 90)  # e.g. the portal was down, or retention was shortened
    housekeeping = client.app.state.housekeeping
    done = await housekeeping.run_once()
    assert len(done.reminded) == 1 and done.deleted == 0
    assert (await housekeeping.run_once(dt.datetime.now(dt.UTC) + dt.timedelta(days=6))).deleted == 0
    assert (
        await housekeeping.run_once(dt.datetime.now(dt.UTC) + dt.timedelta(days=7, minutes=1))
    ).deleted == 1
