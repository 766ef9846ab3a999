"""Offers lapse at the end of their deadline day (Europe/Berlin): the sweeper, with `now` frozen, lapses
them once - also when several processes sweep at the same moment -, the wishes resume and the parent
gets a message. Withdrawn demand notices take their reservations out of the allocation."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from server.applications import cases
from server.audit.tables import AuditEvent
from server.mailbox.tables import Message
from server.placement.config import expires_at
from server.placement.tables import Offer
from tests.integration.applications.support import family
from tests.integration.placement.support import (
    TENANT,
    application_status,
    confirm,
    make_offer,
    offer_id_in,
    provider_client,
    reservation_id,
    statuses,
    submit_kita,
)
from tests.integration.support import body_of, location

pytestmark = pytest.mark.asyncio


async def offered(client, email) -> tuple[object, int, str, int, dt.date]:
    fam = await family(client, email)
    done = await submit_kita(client, fam, [fam.kitas[0], fam.kitas[1]])
    await confirm(done)
    deadline = dt.date.today() + dt.timedelta(days=3)
    async with provider_client(client.app, "traeger@beispiel.de", [fam.kitas[0]]) as (provider, _):
        made = await make_offer(
            provider,
            fam.kitas[0],
            [await reservation_id(done.application_id, fam.kitas[0])],
            deadline=deadline,
        )
    assert made.status_code == 303, made.text
    return fam, done.application_id, done.reference, offer_id_in(location(made)), deadline


def sweeper(client):
    return client.app.state.placement_sweeper


async def test_an_offer_lapses_after_its_deadline_day_and_the_wishes_resume(client, email, inbox):
    fam, app_id, reference, offer_id, deadline = await offered(client, email)
    await inbox.wait_for(email, 2)  # the receipt, then the offer notice
    end = expires_at(deadline)
    assert end.astimezone(dt.UTC).hour in (22, 23)  # midnight in Berlin

    # Still the deadline day in Berlin: nothing happens.
    report = await sweeper(client).run_once(end - dt.timedelta(seconds=1))
    assert report.lapsed == []
    assert await application_status(app_id) == "offered"

    report = await sweeper(client).run_once(end)
    assert report.lapsed == [offer_id]
    assert await application_status(app_id) == "reserved"
    assert await statuses(app_id) == {fam.kitas[0]: "lapsed", fam.kitas[1]: "active"}
    offer = await Offer.select(Offer.status, Offer.closed_at).where(Offer.id == offer_id).first()
    assert offer["status"] == "lapsed" and offer["closed_at"] is not None
    message = await Message.select().where(Message.subject.like("Platzangebot verfallen%")).first()
    assert message["account"] == fam.account_id and message["reference"] == reference
    notice = body_of(await inbox.wait_for(email, 3))
    assert "Kita Sonnenschein" not in notice and "Mia" not in notice
    audit = await AuditEvent.select().where(AuditEvent.action == "offer.lapse").first()
    assert audit["actor"] is None and audit["actor_role"] == "system" and audit["reference"] == reference

    # Sweeping again changes nothing; the parent can no longer accept.
    assert (await sweeper(client).run_once(end + dt.timedelta(days=1))).lapsed == []
    page = await client.get(f"/{TENANT}/vorgaenge/{reference}/angebot/{offer_id}")
    assert page.status_code == 200 and "Verfallen" in page.text and "Platz annehmen" not in page.text


async def test_concurrent_sweepers_lapse_each_offer_once(client, email):
    _fam, app_id, _reference, offer_id, deadline = await offered(client, email)
    later = expires_at(deadline) + dt.timedelta(hours=1)
    reports = await asyncio.gather(*(sweeper(client).run_once(later) for _ in range(4)))
    assert sorted(len(r.lapsed) for r in reports) == [0, 0, 0, 1]
    assert await Message.count().where(Message.subject.like("Platzangebot verfallen%")) == 1
    assert await application_status(app_id) == "reserved"


async def test_a_withdrawn_demand_notice_leaves_the_allocation(client, email):
    fam, app_id, _reference, offer_id, deadline = await offered(client, email)
    await cases.transition(TENANT, app_id, "withdrawn", "parent", fam.account_id, expected="offered")
    report = await sweeper(client).run_once()
    assert report.retired == 2 and report.lapsed == []
    assert set((await statuses(app_id)).values()) == {"withdrawn"}
    # At its deadline the offer lapses quietly: no message about a notice the parent withdrew.
    report = await sweeper(client).run_once(expires_at(deadline))
    assert report.lapsed == [offer_id]
    assert await Message.count().where(Message.subject.like("Platzangebot verfallen%")) == 0
    assert await application_status(app_id) == "withdrawn"
