"""The mail queue: a message survives a mail server that is down and goes out on a later sweep."""

from __future__ import annotations

import datetime as dt

from server.accounts.tables import Account
from server.notifications.mailer import SmtpMailer
from server.notifications.services import MailDelivery
from server.notifications.tables import OutgoingMail
from tests.integration.support import body_of, eventually, free_port, link_in, location, register


async def first_attempt_failed() -> OutgoingMail | None:
    """The queued row once the attempt made after the response has failed and been recorded."""
    row = await OutgoingMail.objects().first()
    return row if row is not None and row.attempts >= 1 and row.status == "pending" else None


async def test_registration_succeeds_while_the_mail_server_is_down(app_client, settings, inbox, email):
    async with app_client(smtp_port=free_port()) as client:  # nothing listens there
        response = await register(client, "wuppertal", email)
        assert response.status_code == 303
        assert location(response) == "/wuppertal/registrieren/gesendet"
        assert await Account.count().where(Account.email == email) == 1

        row = await eventually(first_attempt_failed)
        assert row.attempts == 1
        assert row.recipient == email
        assert row.last_error  # the exception's name, no details
        assert row.next_attempt_at > dt.datetime.now(dt.UTC)  # retried later, with backoff
        assert row.sent_at is None

        # Not due yet: a sweep leaves it alone.
        state = client.app.state
        state.mail_delivery = MailDelivery(SmtpMailer(settings()), settings().mail_from)
        assert await state.mail_delivery.sweep() == 0

        # Due now, and the mail server is back.
        await OutgoingMail.update(
            {OutgoingMail.next_attempt_at: dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)}, force=True
        )
        assert await state.mail_delivery.sweep() == 1

    message = await inbox.wait_for(email)
    assert link_in(message, "bestaetigen").startswith("/wuppertal/bestaetigen/")
    sent = await OutgoingMail.objects().first()
    assert (sent.status, sent.attempts) == ("sent", 2)
    assert sent.sent_at is not None


async def test_sent_mail_is_not_sent_twice(client, settings, inbox, email):
    await register(client, "wuppertal", email)
    await inbox.wait_for(email)
    row = await eventually(lambda: OutgoingMail.objects().where(OutgoingMail.status == "sent").first())
    delivery = MailDelivery(SmtpMailer(settings()), settings().mail_from)
    assert await delivery.deliver(row.id) is True
    assert await delivery.sweep() == 0
    assert len(inbox.messages_to(email)) == 1


async def test_message_headers(client, inbox, email):
    await register(client, "iserlohn", email)
    message = await inbox.wait_for(email)
    assert message["To"] == email
    assert "noreply@familienportal.invalid" in message["From"]
    assert message["Message-ID"]
    assert message["Date"]
    body = body_of(message)
    assert "Iserlohn" in body
    assert "48 Stunden" in body


async def test_a_stale_sending_row_is_recovered(settings, inbox, email):
    """A process that died while sending leaves 'sending' with a lease in the past; the sweep takes it over."""
    now = dt.datetime.now(dt.UTC)
    await OutgoingMail.insert(
        OutgoingMail(
            tenant="wuppertal",
            recipient=email,
            subject="Test",
            body="Hallo",
            status="sending",
            next_attempt_at=now - dt.timedelta(minutes=1),
            created_at=now,
        )
    )
    delivery = MailDelivery(SmtpMailer(settings()), settings().mail_from)
    assert await delivery.sweep() == 1
    assert body_of(await inbox.wait_for(email)).strip() == "Hallo"


async def test_a_message_waiting_for_its_retry_is_not_claimed_early(settings, email):
    """A sweep may list a row just before another attempt fails; delivering it then must respect the backoff."""
    now = dt.datetime.now(dt.UTC)
    rows = await OutgoingMail.insert(
        OutgoingMail(
            tenant="wuppertal",
            recipient=email,
            subject="Test",
            body="Hallo",
            status="pending",
            attempts=1,
            next_attempt_at=now + dt.timedelta(seconds=30),
            created_at=now,
        )
    ).returning(OutgoingMail.id)
    delivery = MailDelivery(SmtpMailer(settings(smtp_port=free_port())), settings().mail_from)
    assert await delivery.deliver(rows[0]["id"]) is False
    row = await OutgoingMail.objects().first()
    assert (row.status, row.attempts) == ("pending", 1)
