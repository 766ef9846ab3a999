"""Lapsing offers past their deadline: in every app process (every minute) and as
`python -m server lapse-offers [--now ISO]`. Safe to run concurrently: each offer lapses in its own
transaction with a conditional update, so of several processes exactly one lapses it and posts the message.
Reservations still open on an application that has ended (withdrawn by the parent, rejected) are withdrawn
on the way."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from collections.abc import AsyncIterator
from typing import Any

import msgspec

from server.logs import log
from server.notifications.services import MailDelivery
from server.placement import rules as rules_
from server.placement.messages import Links
from server.placement.offers import OfferProblem, close_offer
from server.placement.tables import Offer, Reservation
from server.settings import Settings
from server.tenants.config import TenantRegistry
from server.web.i18n import _

BATCH = 200


class SweepReport(msgspec.Struct, kw_only=True):
    lapsed: list[int] = msgspec.field(default_factory=list)
    retired: int = 0


class OfferSweeper:
    def __init__(self, settings: Settings, tenants: TenantRegistry, delivery: MailDelivery) -> None:
        self.settings = settings
        self.tenants = tenants
        self.delivery = delivery

    def links(self, tenant_slug: str) -> Links:
        tenant = self.tenants.get(tenant_slug)
        return Links(
            portal_name=_("Familienportal {name}").format(name=tenant.name if tenant else tenant_slug),
            base=self.settings.base_url,
        )

    async def run_once(self, now: dt.datetime | None = None) -> SweepReport:
        """Lapse every open offer whose deadline day (Europe/Berlin) ended before `now`."""
        now = now or dt.datetime.now(dt.UTC)
        report = SweepReport()
        due = await (
            Offer.select(Offer.id, Offer.tenant)
            .where((Offer.status == "open") & (Offer.expires_at <= now))
            .order_by(Offer.expires_at)
            .limit(BATCH)
        )
        for row in due:
            try:
                outcome = await close_offer(
                    row["tenant"], row["id"], "lapse", None, self.links(row["tenant"])
                )
            except OfferProblem:
                continue  # answered or lapsed by someone else a moment ago
            report.lapsed.append(row["id"])
            for mail_id in outcome.mail_ids:
                await self.delivery.deliver(mail_id)
        report.retired = await retire_ended()
        if report.lapsed or report.retired:
            log.info("offers_swept", lapsed=len(report.lapsed), retired=report.retired)
        return report

    async def run_forever(self, interval: float = 60.0) -> None:
        while True:
            try:
                await self.run_once()
            except Exception:  # noqa: BLE001 - the sweep must survive a failing database moment
                log.exception("offer_sweep_failed")
            await asyncio.sleep(interval)

    @contextlib.asynccontextmanager
    async def lifespan(self, app: Any) -> AsyncIterator[None]:
        task = asyncio.create_task(self.run_forever())
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


async def retire_ended() -> int:
    """Withdraw the open reservations of applications that have ended; returns how many."""
    rows = await (
        Reservation.select(
            Reservation.id,
            Reservation.application,
            Reservation.status,
            Reservation.held_by,
            Reservation.application.status.as_alias("application_status"),
        )
        .where(
            Reservation.status.is_in(["active", "paused", "offered"])
            & Reservation.application.status.is_in(list(rules_.ENDED))
        )
        .limit(BATCH * 5)
    )
    reservations = [
        rules_.Res(id=r["id"], application=r["application"], status=r["status"], held_by=r["held_by"])
        for r in rows
    ]
    statuses = {r["application"]: r["application_status"] for r in rows}
    before = {r.id: r.status for r in reservations}
    done = 0
    now = dt.datetime.now(dt.UTC)
    for change in rules_.retire(reservations, statuses):
        updated = await (
            Reservation.update({Reservation.status: change.status, Reservation.status_changed_at: now})
            .where(
                (Reservation.id == change.reservation) & (Reservation.status == before[change.reservation])
            )
            .returning(Reservation.id)
        )
        done += len(updated)
    return done
