"""Account use cases: registration, address confirmation, login, password reset, staff creation."""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import secrets

from server.accounts.passwords import hash_password, needs_rehash, verify_password
from server.accounts.tables import Account, EmailToken
from server.notifications.services import queue_mail
from server.tenants.config import Tenant
from server.web.i18n import _

PARENT = "parent"
STAFF_ROLES = ("caseworker", "provider", "admin")
CONFIRM = "confirm"
RESET = "reset"


class EmailTaken(Exception):
    pass


class TokenState(enum.Enum):
    OK = "ok"
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED = "used"


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def find_account(tenant: str, email: str) -> Account | None:
    return (
        await Account.objects().where((Account.tenant == tenant) & (Account.email == email.lower())).first()
    )


async def _issue_token(tenant: str, account_id: int, purpose: str, lifetime: dt.timedelta) -> str:
    token = secrets.token_urlsafe(32)
    await EmailToken.insert(
        EmailToken(
            tenant=tenant,
            account=account_id,
            purpose=purpose,
            token_hash=_hash_token(token),
            expires_at=utcnow() + lifetime,
            created_at=utcnow(),
        )
    )
    return token


async def register_parent(
    tenant: Tenant, email: str, password: str, base_url: str, confirm_lifetime: dt.timedelta
) -> int:
    """Create an unconfirmed parent account and queue the confirmation e-mail; returns the mail id."""
    email = email.lower()
    async with Account._meta.db.transaction():
        if await find_account(tenant.slug, email) is not None:
            raise EmailTaken(email)
        rows = await Account.insert(
            Account(
                tenant=tenant.slug,
                email=email,
                password_hash=hash_password(password),
                role=PARENT,
                created_at=utcnow(),
            )
        ).returning(Account.id)
        account_id = rows[0]["id"]
        token = await _issue_token(tenant.slug, account_id, CONFIRM, confirm_lifetime)
        hours = int(confirm_lifetime.total_seconds() // 3600)
        body = _(
            "Guten Tag,\n\n"
            "Sie haben sich im Familienportal {name} registriert. Bitte bestätigen Sie Ihre E-Mail-Adresse "
            "mit diesem Link (gültig für {hours} Stunden, nur einmal verwendbar):\n\n{link}\n\n"
            "Wenn Sie sich nicht registriert haben, können Sie diese E-Mail ignorieren.\n\n"
            "Ihr Familienportal {name}"
        ).format(name=tenant.name, hours=hours, link=f"{base_url}/{tenant.slug}/bestaetigen/{token}")
        return await queue_mail(
            tenant.slug, email, _("Bitte bestätigen Sie Ihre E-Mail-Adresse – Familienportal"), body
        )


async def _take_token(tenant: str, token: str, purpose: str) -> tuple[TokenState, EmailToken | None]:
    if not token or len(token) > 100:
        return TokenState.UNKNOWN, None
    row = (
        await EmailToken.objects()
        .where(
            (EmailToken.tenant == tenant)
            & (EmailToken.purpose == purpose)
            & (EmailToken.token_hash == _hash_token(token))
        )
        .first()
    )
    if row is None:
        return TokenState.UNKNOWN, None
    if row.used_at is not None:
        return TokenState.USED, row
    if row.expires_at < utcnow():
        return TokenState.EXPIRED, row
    return TokenState.OK, row


async def confirm_email(tenant: str, token: str) -> TokenState:
    async with EmailToken._meta.db.transaction():
        state, row = await _take_token(tenant, token, CONFIRM)
        if state is not TokenState.OK or row is None:
            return state
        # Single use even under a double click: only the request that flips used_at wins.
        taken = (
            await EmailToken.update({EmailToken.used_at: utcnow()})
            .where((EmailToken.id == row.id) & EmailToken.used_at.is_null())
            .returning(EmailToken.id)
        )
        if not taken:
            return TokenState.USED
        await Account.update({Account.email_confirmed_at: utcnow()}).where(
            (Account.id == row.account) & Account.email_confirmed_at.is_null()
        )
        return TokenState.OK


async def resend_confirmation(
    tenant: Tenant, email: str, base_url: str, lifetime: dt.timedelta
) -> int | None:
    account = await find_account(tenant.slug, email)
    if account is None or account.email_confirmed_at is not None:
        return None
    async with Account._meta.db.transaction():
        token = await _issue_token(tenant.slug, account.id, CONFIRM, lifetime)
        body = _(
            "Guten Tag,\n\nhier ist Ihr neuer Link zur Bestätigung Ihrer E-Mail-Adresse im Familienportal "
            "{name}:\n\n{link}\n\nIhr Familienportal {name}"
        ).format(name=tenant.name, link=f"{base_url}/{tenant.slug}/bestaetigen/{token}")
        return await queue_mail(
            tenant.slug, account.email, _("Ihr neuer Bestätigungslink – Familienportal"), body
        )


async def authenticate(tenant: str, email: str, password: str) -> Account | None:
    """The account if the password matches; the same work is done for unknown addresses."""
    account = await find_account(tenant, email)
    if not verify_password(account.password_hash if account else None, password) or account is None:
        return None
    if not account.active:
        return None
    changes = {Account.last_login_at: utcnow()}
    if needs_rehash(account.password_hash):
        changes[Account.password_hash] = hash_password(password)
    await Account.update(changes).where(Account.id == account.id)
    return account


async def request_password_reset(
    tenant: Tenant, email: str, base_url: str, lifetime: dt.timedelta
) -> int | None:
    """Queue a reset link if such an account exists; the caller answers the same either way."""
    account = await find_account(tenant.slug, email)
    if account is None or not account.active:
        return None
    async with Account._meta.db.transaction():
        token = await _issue_token(tenant.slug, account.id, RESET, lifetime)
        minutes = int(lifetime.total_seconds() // 60)
        body = _(
            "Guten Tag,\n\nfür Ihr Konto im Familienportal {name} wurde ein neues Passwort angefordert. "
            "Mit diesem Link vergeben Sie es (gültig für {minutes} Minuten, nur einmal verwendbar):\n\n"
            "{link}\n\nWenn Sie das nicht waren, ignorieren Sie diese E-Mail; Ihr Passwort bleibt unverändert.\n\n"
            "Ihr Familienportal {name}"
        ).format(name=tenant.name, minutes=minutes, link=f"{base_url}/{tenant.slug}/passwort-neu/{token}")
        return await queue_mail(tenant.slug, account.email, _("Neues Passwort – Familienportal"), body)


async def check_reset_token(tenant: str, token: str) -> TokenState:
    state, _row = await _take_token(tenant, token, RESET)
    return state


async def reset_password(tenant: str, token: str, password: str) -> TokenState:
    async with EmailToken._meta.db.transaction():
        state, row = await _take_token(tenant, token, RESET)
        if state is not TokenState.OK or row is None:
            return state
        taken = (
            await EmailToken.update({EmailToken.used_at: utcnow()})
            .where((EmailToken.id == row.id) & EmailToken.used_at.is_null())
            .returning(EmailToken.id)
        )
        if not taken:
            return TokenState.USED
        # Following the link proves the address as well.
        await Account.update({Account.password_hash: hash_password(password)}).where(
            Account.id == row.account
        )
        await Account.update({Account.email_confirmed_at: utcnow()}).where(
            (Account.id == row.account) & Account.email_confirmed_at.is_null()
        )
        return TokenState.OK


async def create_staff(tenant: str, email: str, password: str, role: str) -> int:
    if role not in STAFF_ROLES:
        raise ValueError(f"role must be one of {', '.join(STAFF_ROLES)}")
    return await create_account(tenant, email, password, role)


async def create_account(tenant: str, email: str, password: str, role: str) -> int:
    """An account with a confirmed address (created by an administrator or the demo seed)."""
    email = email.lower()
    async with Account._meta.db.transaction():
        if await find_account(tenant, email) is not None:
            raise EmailTaken(email)
        rows = await Account.insert(
            Account(
                tenant=tenant,
                email=email,
                password_hash=hash_password(password),
                role=role,
                email_confirmed_at=utcnow(),
                created_at=utcnow(),
            )
        ).returning(Account.id)
        return rows[0]["id"]


async def get_account(tenant: str, account_id: int) -> Account | None:
    return await Account.objects().where((Account.id == account_id) & (Account.tenant == tenant)).first()
