"""What controllers need to send mail: the portal's public address for links, and delivery right after the
response (the mail sweep retries what fails, so a lost background task loses no mail)."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.background_tasks import BackgroundTask


def public_base_url(request: Request[Any, Any, Any]) -> str:
    """BASE_URL when configured (behind a proxy the request's own host may be an internal one)."""
    return request.app.state.settings.base_url or str(request.base_url).rstrip("/")


def deliver_after(request: Request[Any, Any, Any], *mail_ids: int | None) -> BackgroundTask | None:
    """Send the queued mails right after the response."""
    ids = [mail_id for mail_id in mail_ids if mail_id]
    if not ids:
        return None
    delivery = request.app.state.mail_delivery

    async def send() -> None:
        for mail_id in ids:
            await delivery.deliver(mail_id)

    return BackgroundTask(send)
