"""The mail queue: messages are stored with the change that causes them and delivered after commit.

Delivery is retried with backoff (by a background sweep) until it succeeds, so a message is never lost
because the mail server was down for a moment.
"""

from __future__ import annotations

import asyncio
import datetime as dt

from server.logs import log
from server.notifications.mailer import Mailer, build_message
from server.notifications.tables import OutgoingMail

MAX_ATTEMPTS = 12


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


async def queue_mail(tenant: str, recipient: str, subject: str, body: str) -> int:
    """Call inside the caller's transaction; returns the queue row's id for delivery after commit."""
    now = utcnow()
    rows = await OutgoingMail.insert(
        OutgoingMail(
            tenant=tenant,
            recipient=recipient,
            subject=subject,
            body=body,
            next_attempt_at=now,
            created_at=now,
        )
    ).returning(OutgoingMail.id)
    return rows[0]["id"]


class MailDelivery:
    def __init__(self, mailer: Mailer, sender: str) -> None:
        self.mailer = mailer
        self.sender = sender
        self._lock = asyncio.Lock()

    async def deliver(self, mail_id: int) -> bool:
        row = await OutgoingMail.objects().where(OutgoingMail.id == mail_id).first()
        if row is None or row.status == "sent":
            return True
        # Claim the row so a concurrent sweep does not send it twice; only when due, so a sweep that listed
        # the row just before another attempt failed does not retry at once, ignoring the backoff.
        now = utcnow()
        lease = now + dt.timedelta(minutes=10)
        claimed = (
            await OutgoingMail.update({OutgoingMail.status: "sending", OutgoingMail.next_attempt_at: lease})
            .where(
                (OutgoingMail.id == mail_id)
                & (OutgoingMail.status == "pending")
                & (OutgoingMail.next_attempt_at <= now)
            )
            .returning(OutgoingMail.id)
        )
        if not claimed:
            return False
        message = build_message(self.sender, row.recipient, row.subject, row.body)
        try:
            await self.mailer.send(message)
        except Exception as exc:  # noqa: BLE001 - any delivery failure is retried later
            attempts = row.attempts + 1
            delay = min(2**attempts * 15, 6 * 3600)
            status = "failed" if attempts >= MAX_ATTEMPTS else "pending"
            await OutgoingMail.update(
                {
                    OutgoingMail.status: status,
                    OutgoingMail.attempts: attempts,
                    OutgoingMail.next_attempt_at: utcnow() + dt.timedelta(seconds=delay),
                    OutgoingMail.last_error: type(exc).__name__,
                }
            ).where(OutgoingMail.id == mail_id)
            log.warning("mail_delivery_failed", mail_id=mail_id, attempts=attempts, error=type(exc).__name__)
            return False
        await OutgoingMail.update(
            {
                OutgoingMail.status: "sent",
                OutgoingMail.sent_at: utcnow(),
                OutgoingMail.attempts: row.attempts + 1,
            }
        ).where(OutgoingMail.id == mail_id)
        log.info("mail_sent", mail_id=mail_id)
        return True

    async def sweep(self) -> int:
        """Deliver every due message (and recover rows left 'sending' by a crashed process)."""
        async with self._lock:
            await OutgoingMail.update({OutgoingMail.status: "pending"}).where(
                (OutgoingMail.status == "sending") & (OutgoingMail.next_attempt_at < utcnow())
            )
            due = (
                await OutgoingMail.select(OutgoingMail.id)
                .where((OutgoingMail.status == "pending") & (OutgoingMail.next_attempt_at <= utcnow()))
                .limit(100)
            )
            sent = 0
            for row in due:
                sent += await self.deliver(row["id"])
            return sent

    async def run_forever(self, interval: float = 30.0) -> None:
        while True:
            try:
                await self.sweep()
            except Exception:  # noqa: BLE001 - the sweeper must survive a failing database moment
                log.exception("mail_sweep_failed")
            await asyncio.sleep(interval)
