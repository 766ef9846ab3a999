"""Concurrent writers do not fail: on SQLite a deferred transaction that reads first would get
"database is locked" at once when another connection writes (e.g. the mail sweeper)."""

from __future__ import annotations

import asyncio

from server.accounts import services as accounts
from server.accounts.tables import Account
from server.notifications.mailer import SmtpMailer
from server.notifications.services import MailDelivery
from tests.integration.support import PASSWORD, link_in, post_form, register


async def test_account_creation_alongside_mail_sweeps(settings):
    delivery = MailDelivery(SmtpMailer(settings()), settings().mail_from)
    jobs = []
    for n in range(15):
        jobs.append(
            accounts.create_account("wuppertal", f"gleichzeitig{n}@beispiel.de", PASSWORD, accounts.PARENT)
        )
        jobs.append(delivery.sweep())
    results = await asyncio.gather(*jobs, return_exceptions=True)
    assert [r for r in results if isinstance(r, BaseException)] == []
    assert await Account.count() == 15


async def test_double_click_on_the_confirmation_button(client, inbox, email):
    await register(client, "wuppertal", email)
    link = link_in(await inbox.wait_for(email), "bestaetigen")
    first, second = await asyncio.gather(post_form(client, link, {}), post_form(client, link, {}))
    assert sorted([first.status_code, second.status_code]) == [303, 410]


async def test_simultaneous_registrations_with_the_same_address(client, inbox, email):
    responses = await asyncio.gather(*(register(client, "wuppertal", email) for _ in range(3)))
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [303, 422, 422]
    assert await Account.count() == 1
