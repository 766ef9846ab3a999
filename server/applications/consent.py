"""The second custodian's consent (e.g. OGS, Elterngeld): invitation by e-mail at submission, an answer with
their own account, corrections and reminders. The case records who consented when.

Only the hash of the link's token is stored. The answering account must be a parent account of the same
tenant with the invited address, and not the applicant.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any, Literal

import msgspec

from server.accounts.services import PARENT
from server.accounts.tables import Account
from server.applications.definitions import ConsentSpec, ServiceDefinition
from server.applications.tables import Application, ConsentRequest
from server.dates import local
from server.notifications.services import queue_mail
from server.web.i18n import _

VALID_DAYS = 30
REMIND_AFTER_DAYS = 5


class ConsentState(msgspec.Struct, kw_only=True):
    id: int
    application_id: int
    email: str
    name: str
    status: str
    invited_at: dt.datetime
    answered_at: dt.datetime | None
    answered_by_email: str = ""
    expires_at: dt.datetime

    @property
    def open(self) -> bool:
        return self.status == "invited"


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def needed(spec: ConsentSpec | None, answers: dict[str, Any]) -> bool:
    """Whether this application needs the second custodian (not when the applicant has sole custody)."""
    if spec is None:
        return False
    if spec.skip_field and answers.get(spec.skip_field) == spec.skip_value:
        return False
    return bool(answers.get(spec.email_field))


def _mail_body(portal: str, applicant: str, title: str, link: str, days: int) -> str:
    return _(
        "Guten Tag,\n\n{applicant} hat im {portal} einen Antrag „{title}“ gestellt, dem Sie als "
        "sorgeberechtigter Elternteil zustimmen müssen.\n\nBitte öffnen Sie den folgenden Link, melden Sie "
        "sich mit dieser E-Mail-Adresse an (oder legen Sie ein Konto an) und sehen Sie sich an, wozu Sie "
        "zustimmen:\n{link}\n\nDer Link ist {days} Tage gültig. Wenn Sie nichts damit zu tun haben, können "
        "Sie diese E-Mail ignorieren.\n\nDiese E-Mail wurde automatisch erstellt.\n"
    ).format(applicant=applicant, portal=portal, title=title, link=link, days=days)


async def invite(
    tenant: str,
    application_id: int,
    definition: ServiceDefinition,
    answers: dict[str, Any],
    applicant_email: str,
    portal: str,
    link_base: str,
) -> int:
    """Create the invitation and queue its e-mail (call inside the submission's transaction); returns the
    mail id. `link_base` is the absolute URL prefix of the consent page (…/<tenant>/zustimmung/)."""
    spec = definition.consent
    assert spec is not None
    return await _create(
        tenant,
        application_id,
        answers[spec.email_field],
        str(answers.get(spec.name_field) or ""),
        definition.title,
        applicant_email,
        portal,
        link_base,
    )


async def _create(
    tenant: str,
    application_id: int,
    email: str,
    name: str,
    title: str,
    applicant_email: str,
    portal: str,
    link_base: str,
) -> int:
    token = secrets.token_urlsafe(32)
    now = utcnow()
    await ConsentRequest.insert(
        ConsentRequest(
            tenant=tenant,
            application=application_id,
            email=email.lower(),
            name=name,
            token_hash=token_hash(token),
            status="invited",
            invited_at=now,
            expires_at=now + dt.timedelta(days=VALID_DAYS),
        )
    )
    return await queue_mail(
        tenant,
        email,
        _("Bitte um Ihre Zustimmung: {title}").format(title=title),
        _mail_body(portal, applicant_email, title, f"{link_base}{token}", VALID_DAYS),
    )


def _state(row: dict[str, Any]) -> ConsentState:
    return ConsentState(
        id=row["id"],
        application_id=row["application"],
        email=row["email"],
        name=row["name"],
        status=row["status"],
        invited_at=row["invited_at"],
        answered_at=row["answered_at"],
        answered_by_email=row.get("answered_by.email") or "",
        expires_at=row["expires_at"],
    )


async def of_application(tenant: str, application_id: int) -> ConsentState | None:
    """The current (latest, not replaced) consent request of a case."""
    row = (
        await ConsentRequest.select(ConsentRequest.all_columns(), ConsentRequest.answered_by.email)
        .where(
            (ConsentRequest.tenant == tenant)
            & (ConsentRequest.application == application_id)
            & (ConsentRequest.status != "replaced")
        )
        .order_by(ConsentRequest.id, ascending=False)
        .first()
    )
    return _state(row) if row else None


async def by_token(tenant: str, token: str) -> tuple[ConsentState, dict[str, Any]] | None:
    if not token or len(token) > 100:
        return None
    row = (
        await ConsentRequest.select(ConsentRequest.all_columns(), ConsentRequest.answered_by.email)
        .where((ConsentRequest.tenant == tenant) & (ConsentRequest.token_hash == token_hash(token)))
        .first()
    )
    if row is None:
        return None
    application = await Application.select().where(Application.id == row["application"]).first()
    if application is None:
        return None
    return _state(row), application


Answer = Literal["agreed", "refused"]


def may_answer(account: Account | None, state: ConsentState) -> bool:
    """Only a parent account with the invited address sees the application and answers."""
    return account is not None and account.role == PARENT and account.email.lower() == state.email


def why_closed(state: ConsentState, application: dict[str, Any], now: dt.datetime | None = None) -> str:
    """Why this invitation cannot be answered (any more), or "" while it can."""
    if state.status != "invited":
        return _("Diese Anfrage ist schon beantwortet oder wurde durch eine neue ersetzt.")
    if application["status"] != "awaiting_consent":
        return _(
            "Dieser Antrag wartet nicht mehr auf eine Zustimmung, zum Beispiel weil er zurückgezogen wurde."
        )
    if state.expires_at < (now or utcnow()):
        return _(
            "Dieser Link ist abgelaufen. Bitte bitten Sie den anderen Elternteil, die Einladung erneut zu senden."
        )
    return ""


class AnswerRefused(Exception):
    """Why this account cannot answer (German message)."""


async def answer(
    tenant: str, token: str, account: Account, decision: Answer
) -> tuple[ConsentState, dict[str, Any]]:
    """Record the answer; the caller moves the case on (in the same transaction)."""
    found = await by_token(tenant, token)
    if found is None:
        raise AnswerRefused(_("Diesen Link gibt es nicht oder nicht mehr."))
    state, application = found
    closed = why_closed(state, application)
    if closed:
        raise AnswerRefused(closed)
    if account.id == application["account"]:
        raise AnswerRefused(
            _(
                "Sie haben den Antrag selbst gestellt. Zustimmen muss der andere Elternteil mit seinem eigenen Konto."
            )
        )
    if not may_answer(account, state):
        raise AnswerRefused(
            _("Bitte melden Sie sich mit der E-Mail-Adresse an, an die die Einladung ging ({email}).").format(
                email=state.email
            )
        )
    now = utcnow()
    updated = (
        await ConsentRequest.update(
            {
                ConsentRequest.status: decision,
                ConsentRequest.answered_at: now,
                ConsentRequest.answered_by: account.id,
            }
        )
        .where((ConsentRequest.id == state.id) & (ConsentRequest.status == "invited"))
        .returning(ConsentRequest.id)
    )
    if not updated:
        raise AnswerRefused(_("Diese Anfrage ist schon beantwortet oder wurde durch eine neue ersetzt."))
    state.status, state.answered_at, state.answered_by_email = decision, now, account.email
    return state, application


async def replace(
    tenant: str,
    application_id: int,
    email: str,
    name: str,
    title: str,
    applicant_email: str,
    portal: str,
    link_base: str,
) -> int:
    """A corrected address (or a new try after a refusal or expiry): the old link stops working."""
    await ConsentRequest.update({ConsentRequest.status: "replaced"}).where(
        (ConsentRequest.tenant == tenant)
        & (ConsentRequest.application == application_id)
        & ConsentRequest.status.is_in(["invited", "refused"])
    )
    return await _create(tenant, application_id, email, name, title, applicant_email, portal, link_base)


async def due_reminders(now: dt.datetime) -> list[dict[str, Any]]:
    """Open invitations older than REMIND_AFTER_DAYS, not reminded yet, of cases still waiting for them
    (not of a withdrawn case), with what the reminder says: the service and the applicant's address."""
    return (
        await ConsentRequest.select(
            ConsentRequest.id,
            ConsentRequest.tenant,
            ConsentRequest.email,
            ConsentRequest.application,
            ConsentRequest.application.service.as_alias("service"),
            ConsentRequest.application.account.email.as_alias("applicant_email"),
        )
        .where(
            (ConsentRequest.status == "invited")
            & (ConsentRequest.application.status == "awaiting_consent")
            & (ConsentRequest.expires_at > now)
            & (ConsentRequest.invited_at < now - dt.timedelta(days=REMIND_AFTER_DAYS))
            & ConsentRequest.reminded_at.is_null()
        )
        .order_by(ConsentRequest.id)
        .limit(200)
    )


async def remind(
    consent_id: int, now: dt.datetime, title: str, applicant_email: str, portal: str, link_base: str
) -> int | None:
    """Send the reminder once, with a fresh link (only hashes are stored, so the first link cannot be sent
    again; it stops working). Without `link_base` (no public BASE_URL to build a link from outside a
    request) the first link stays valid and the reminder points to that e-mail. Returns the mail id, or
    None when another process was first. Call inside a transaction."""
    row = await ConsentRequest.select().where(ConsentRequest.id == consent_id).first()
    if row is None:
        return None
    token = secrets.token_urlsafe(32)
    changes: dict[Any, Any] = {ConsentRequest.reminded_at: now}
    if link_base:
        changes[ConsentRequest.token_hash] = token_hash(token)
    claimed = (
        await ConsentRequest.update(changes)
        .where(
            (ConsentRequest.id == consent_id)
            & ConsentRequest.reminded_at.is_null()
            & (ConsentRequest.status == "invited")
        )
        .returning(ConsentRequest.id)
    )
    if not claimed:
        return None
    days = max(1, (row["expires_at"] - now).days)
    if link_base:
        body = _mail_body(portal, applicant_email, title, f"{link_base}{token}", days)
    else:
        body = _(
            "Guten Tag,\n\n{applicant} hat im {portal} einen Antrag „{title}“ gestellt und wartet noch auf "
            "Ihre Zustimmung als sorgeberechtigter Elternteil.\n\nBitte öffnen Sie den Link aus unserer ersten "
            "E-Mail vom {date}. Er ist noch {days} Tage gültig.\n\nDiese E-Mail wurde automatisch erstellt.\n"
        ).format(
            applicant=applicant_email,
            portal=portal,
            title=title,
            date=local(row["invited_at"]).strftime("%d.%m.%Y"),
            days=days,
        )
    return await queue_mail(
        row["tenant"],
        row["email"],
        _("Erinnerung: Bitte um Ihre Zustimmung: {title}").format(title=title),
        body,
    )
