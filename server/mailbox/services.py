"""Posting to a parent's mailbox (inside the caller's transaction), reading it, and the e-mail notice."""

from __future__ import annotations

import datetime as dt
from typing import Literal

import msgspec

from server.accounts.tables import Account
from server.mailbox.tables import MailPreference, Message
from server.notifications.services import queue_mail
from server.web.i18n import _

Kind = Literal["decision", "request", "offer", "status", "info"]
KINDS: dict[str, str] = {
    "decision": _("Bescheide"),
    "request": _("Nachforderungen von Unterlagen"),
    "offer": _("Platzangebote"),
    "status": _("Änderungen am Stand Ihrer Anträge"),
    "info": _("Sonstige Nachrichten"),
}


class Attachment(msgspec.Struct, kw_only=True):
    key: str
    name: str
    size: int


class MessageView(msgspec.Struct, kw_only=True):
    id: int
    kind: str
    subject: str
    body: str
    reference: str
    action_path: str
    action_label: str
    attachment_name: str
    attachment_bytes: int
    created_at: dt.datetime
    read_at: dt.datetime | None

    @property
    def unread(self) -> bool:
        return self.read_at is None


def _view(row: dict) -> MessageView:
    return MessageView(**{f: row[f] for f in MessageView.__struct_fields__})


async def preferences(tenant: str, account_id: int) -> dict[str, bool]:
    row = await MailPreference.select().where(MailPreference.account == account_id).first()
    return {kind: bool(row[kind]) if row else True for kind in KINDS}


async def save_preferences(tenant: str, account_id: int, chosen: set[str]) -> None:
    values = {getattr(MailPreference, kind): kind in chosen for kind in KINDS}
    updated = (
        await MailPreference.update(values)
        .where(MailPreference.account == account_id)
        .returning(MailPreference.id)
    )
    if not updated:
        await MailPreference.insert(
            MailPreference(tenant=tenant, account=account_id, **{kind: kind in chosen for kind in KINDS})
        )


async def post(
    tenant: str,
    account_id: int,
    kind: Kind,
    subject: str,
    body: str,
    *,
    reference: str = "",
    action_path: str = "",
    action_label: str = "",
    attachment: Attachment | None = None,
    portal_name: str = "",
    mailbox_url: str = "",
) -> tuple[int, int | None]:
    """Put a message into the parent's mailbox and, if they want it, queue an e-mail that only says that
    something arrived. Returns (message id, mail id or None). Call inside the change's transaction."""
    rows = await Message.insert(
        Message(
            tenant=tenant,
            account=account_id,
            kind=kind,
            subject=subject[:200],
            body=body,
            reference=reference,
            action_path=action_path,
            action_label=action_label,
            attachment_key=attachment.key if attachment else "",
            attachment_name=attachment.name if attachment else "",
            attachment_bytes=attachment.size if attachment else 0,
            created_at=dt.datetime.now(dt.UTC),
        )
    ).returning(Message.id)
    mail_id = None
    if (await preferences(tenant, account_id)).get(kind, True):
        account = await Account.select(Account.email).where(Account.id == account_id).first()
        if account:
            mail_id = await queue_mail(
                tenant,
                account["email"],
                _("Neue Nachricht in Ihrem Postfach"),
                _(
                    "Guten Tag,\n\nin Ihrem Postfach im {portal} ist eine neue Nachricht eingegangen.\n"
                    "Bitte melden Sie sich an, um sie zu lesen:\n{url}\n\n"
                    "Welche Nachrichten wir Ihnen per E-Mail ankündigen, stellen Sie im Postfach ein.\n"
                    "Diese E-Mail wurde automatisch erstellt.\n"
                ).format(portal=portal_name or _("Familienportal"), url=mailbox_url or ""),
            )
    return rows[0]["id"], mail_id


async def inbox(tenant: str, account_id: int) -> list[MessageView]:
    rows = (
        await Message.select()
        .where((Message.tenant == tenant) & (Message.account == account_id))
        .order_by(Message.created_at, ascending=False)
        .order_by(Message.id, ascending=False)
    )
    return [_view(r) for r in rows]


async def unread_count(tenant: str, account_id: int) -> int:
    return await Message.count().where(
        (Message.tenant == tenant) & (Message.account == account_id) & Message.read_at.is_null()
    )


async def get(tenant: str, account_id: int, message_id: int, *, mark_read: bool = True) -> MessageView | None:
    row = (
        await Message.select()
        .where((Message.id == message_id) & (Message.tenant == tenant) & (Message.account == account_id))
        .first()
    )
    if row is None:
        return None
    if mark_read and row["read_at"] is None:
        now = dt.datetime.now(dt.UTC)
        await Message.update({Message.read_at: now}).where(Message.id == message_id)
        row["read_at"] = now
    return _view(row)


async def attachment_key(tenant: str, account_id: int, message_id: int) -> tuple[str, str] | None:
    row = (
        await Message.select(Message.attachment_key, Message.attachment_name)
        .where((Message.id == message_id) & (Message.tenant == tenant) & (Message.account == account_id))
        .first()
    )
    if row is None or not row["attachment_key"]:
        return None
    return row["attachment_key"], row["attachment_name"]
