"""Delivery of e-mail: SMTP when configured, otherwise .eml files in a local outbox folder."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Protocol

import aiofiles
import aiofiles.os
import aiosmtplib

from server.settings import Settings


class Mailer(Protocol):
    async def send(self, message: EmailMessage) -> None: ...


def build_message(sender: str, recipient: str, subject: str, body: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = recipient
    message["Subject"] = subject
    message["Date"] = format_datetime(dt.datetime.now(dt.UTC))
    message["Message-ID"] = make_msgid(domain="familienportal.invalid")
    message.set_content(body)
    return message


class SmtpMailer:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    async def send(self, message: EmailMessage) -> None:
        s = self.settings
        await aiosmtplib.send(
            message,
            hostname=s.smtp_host,
            port=s.smtp_port,
            username=s.smtp_user or None,
            password=s.smtp_password or None,
            start_tls=s.smtp_starttls and not s.smtp_tls,
            use_tls=s.smtp_tls,
            timeout=20,
        )


class OutboxMailer:
    """Development delivery: one .eml file per message, written atomically."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    async def send(self, message: EmailMessage) -> None:
        await aiofiles.os.makedirs(self.folder, exist_ok=True)
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
        final = self.folder / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
        temporary = final.with_suffix(".tmp")
        async with aiofiles.open(temporary, "wb") as handle:
            await handle.write(bytes(message))
        os.replace(temporary, final)

    def list(self, limit: int = 50) -> list[Path]:
        if not self.folder.is_dir():
            return []
        return sorted(self.folder.glob("*.eml"), reverse=True)[:limit]


def mailer_for(settings: Settings) -> Mailer:
    return SmtpMailer(settings) if settings.uses_smtp else OutboxMailer(settings.outbox_dir)
