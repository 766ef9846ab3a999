"""Development only: the local mail outbox, so `make run` needs no mail server."""

from __future__ import annotations

import email
from email import policy
from typing import Any

from litestar import Request, get
from litestar.exceptions import NotFoundException
from litestar.response import Template

from server.notifications.mailer import OutboxMailer
from server.web.responses import page


def _outbox(request: Request[Any, Any, Any]) -> OutboxMailer:
    settings = request.app.state.settings
    if settings.env != "development" or settings.uses_smtp:
        raise NotFoundException()
    return OutboxMailer(settings.outbox_dir)


@get("/_dev/outbox", include_in_schema=False)
async def outbox(request: Request[Any, Any, Any]) -> Template:
    messages = []
    for path in _outbox(request).list():
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        body = message.get_body(preferencelist=("plain",))
        messages.append(
            {
                "to": message["To"],
                "subject": message["Subject"],
                "date": message["Date"],
                "body": body.get_content() if body else "",
            }
        )
    return page(request, "notifications/outbox.html", {"messages": messages})
