"""Deleting forgotten drafts (OZG: at the latest 30 days after the last change), after an e-mail reminder;
and reminding a second parent once of an unanswered consent invitation (consent.py).
Runs in every app process (hourly) and as `python -m server purge-drafts`; safe to run concurrently."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

from server.applications import consent
from server.applications.drafts import Housekeeping, remind_and_purge
from server.applications.registry import Catalogue
from server.applications.tables import ConsentRequest
from server.dates import local
from server.logs import log
from server.notifications.services import MailDelivery, queue_mail
from server.settings import Settings
from server.tenants.config import TenantRegistry
from server.web.i18n import _


class DraftHousekeeping:
    def __init__(
        self, settings: Settings, tenants: TenantRegistry, catalogue: Catalogue, delivery: MailDelivery
    ) -> None:
        self.settings = settings
        self.tenants = tenants
        self.catalogue = catalogue
        self.delivery = delivery

    async def _reminder(self, row: dict[str, Any], deletion: dt.datetime) -> int:
        tenant = self.tenants.get(row["tenant"])
        definition = self.catalogue.get(row["service"])
        title = definition.short_title if definition else row["service"]
        portal = _("Familienportal {name}").format(name=tenant.name if tenant else row["tenant"])
        where = (
            f"{self.settings.base_url.rstrip('/')}/{row['tenant']}/uebersicht"
            if self.settings.base_url
            else _("Ihre Übersicht im {portal}").format(portal=portal)
        )
        # No personal details in the mail: only the kind of application and the date.
        body = _(
            "Guten Tag,\n\nSie haben im {portal} einen Entwurf „{title}“, den Sie seit einiger Zeit nicht mehr "
            "geändert haben. Entwürfe werden aus Datenschutzgründen nach {days} Tagen ohne Änderung gelöscht.\n\n"
            "Ihr Entwurf wird am {date} gelöscht. Wenn Sie ihn behalten möchten, öffnen Sie ihn und ändern oder "
            "speichern Sie ihn:\n{where}\n\nDiese E-Mail wurde automatisch erstellt.\n"
        ).format(
            portal=portal,
            title=title,
            days=self.settings.draft_retention_days,
            date=local(deletion).strftime("%d.%m.%Y"),
            where=where,
        )
        subject = _("Ihr Entwurf „{title}“ wird bald gelöscht").format(title=title)
        return await queue_mail(row["tenant"], row["account.email"], subject, body)

    async def run_once(self, now: dt.datetime | None = None) -> Housekeeping:
        now = now or dt.datetime.now(dt.UTC)
        done = await remind_and_purge(
            now,
            self.settings.draft_retention_days,
            self.settings.draft_reminder_days,
            self._reminder,
        )
        for mail_id in done.reminded:
            await self.delivery.deliver(mail_id)
        if done.reminded or done.deleted:
            log.info("drafts_housekeeping", reminded=len(done.reminded), deleted=done.deleted)
        await self.remind_consents(now)
        return done

    async def remind_consents(self, now: dt.datetime) -> list[int]:
        """Remind each second parent once of an open invitation older than consent.REMIND_AFTER_DAYS, with a
        fresh link (BASE_URL builds it; without one the reminder points to the first e-mail's link), and
        deliver the mails. Returns the mail ids."""
        root = self.settings.base_url.rstrip("/")
        sent: list[int] = []
        for row in await consent.due_reminders(now):
            tenant = self.tenants.get(row["tenant"])
            definition = self.catalogue.get(row["service"])
            async with ConsentRequest._meta.db.transaction():
                mail_id = await consent.remind(
                    row["id"],
                    now,
                    definition.title if definition else row["service"],
                    row["applicant_email"] or "",
                    _("Familienportal {name}").format(name=tenant.name if tenant else row["tenant"]),
                    f"{root}/{row['tenant']}/zustimmung/" if root else "",
                )
            if mail_id is not None:
                sent.append(mail_id)
        for mail_id in sent:
            await self.delivery.deliver(mail_id)
        if sent:
            log.info("consent_reminders", sent=len(sent))
        return sent

    async def run_forever(self, interval: float = 3600.0) -> None:
        while True:
            try:
                await self.run_once()
            except Exception:  # noqa: BLE001 - the sweep must survive a failing database moment
                log.exception("drafts_housekeeping_failed")
            await asyncio.sleep(interval)
