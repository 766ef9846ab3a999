"""Submission is one transaction and idempotent: a double tap, a retry or a replay from the offline outbox,
even at the same moment, never creates two cases; reference numbers count per tenant and prefix."""

from __future__ import annotations

import asyncio
import datetime as dt
import re

import pytest

from server.applications.submission import next_reference
from server.applications.tables import Application, ApplicationEvent, Draft
from server.notifications.tables import OutgoingMail
from tests.integration.applications.support import family, kita_values, new_uuid, put_draft, submit_json

pytestmark = pytest.mark.asyncio


async def test_concurrent_duplicate_submissions_create_one_case(client, email):
    fam = await family(client, email)
    uuid = new_uuid()
    await put_draft(client, uuid, 0, kita_values(fam))
    responses = await asyncio.gather(*(submit_json(client, uuid, 1) for _ in range(6)))
    assert all(r.status_code in (200, 201) for r in responses), [r.text for r in responses]
    assert sorted(r.status_code for r in responses).count(201) == 1
    assert len({r.json()["reference"] for r in responses}) == 1
    assert await Application.count() == 1
    assert await ApplicationEvent.count() == 1
    assert await OutgoingMail.count().where(OutgoingMail.recipient == email) == 1
    assert await Draft.count() == 0
    # A replay much later answers the same case.
    later = await submit_json(client, uuid, 1)
    assert later.status_code == 200 and later.json()["reference"] == responses[0].json()["reference"]


async def test_double_tap_of_the_form(client, email):
    from tests.integration.support import post_form

    fam = await family(client, email)
    uuid = new_uuid()
    await put_draft(client, uuid, 0, kita_values(fam))
    form = {"_version": "1", "decl-truthful": "ja", "decl-forwarding": "ja", "decl-privacy": "ja"}
    await client.get(f"/wuppertal/antraege/kita/{uuid}/pruefen")
    first, second = await asyncio.gather(
        post_form(client, f"/wuppertal/antraege/kita/{uuid}/pruefen", form),
        post_form(client, f"/wuppertal/antraege/kita/{uuid}/pruefen", form),
    )
    assert first.status_code == 303 and second.status_code == 303
    assert await Application.count() == 1


async def test_incomplete_or_changed_drafts_are_refused(client, email):
    fam = await family(client, email)
    uuid = new_uuid()
    values = kita_values(fam)
    del values["single_parent"]
    await put_draft(client, uuid, 0, values)
    refused = await submit_json(client, uuid, 1)
    assert refused.status_code == 422
    assert refused.json()["errors"] == {"single_parent": "Bitte geben Sie an, ob Sie alleinerziehend sind."}
    await put_draft(client, uuid, 1, kita_values(fam))
    stale = await submit_json(client, uuid, 1)
    assert stale.status_code == 409 and stale.json()["status"] == "conflict"
    no_consent = await submit_json(client, uuid, 2, declarations=["truthful"])
    assert no_consent.status_code == 422 and no_consent.json()["missing"] == ["forwarding", "privacy"]
    assert await Application.count() == 0
    assert (await submit_json(client, uuid, 2)).status_code == 201


async def test_reference_numbers_count_per_tenant_prefix_and_year(client):
    year = dt.date.today().year
    numbers = await asyncio.gather(*(next_reference("wuppertal", "KITA", year) for _ in range(5)))
    assert sorted(numbers) == [f"KITA-{year}-{n:06d}" for n in range(1, 6)]
    assert await next_reference("iserlohn", "KITA", year) == f"KITA-{year}-000001"
    assert await next_reference("wuppertal", "KITA", year + 1) == f"KITA-{year + 1}-000001"


async def test_submitted_case_keeps_its_wording(client, email):
    fam = await family(client, email)
    uuid = new_uuid()
    await put_draft(client, uuid, 0, kita_values(fam))
    done = await submit_json(client, uuid, 1)
    row = await Application.select().first()
    assert row["reference"] == done.json()["reference"]
    assert re.search(r'"label":"Wunsch-Einrichtungen"', row["summary"])
    assert '"wishes":[{"rank":1' in row["answers"]
