"""The parent chooses which mailbox messages an e-mail announces; the message itself always arrives."""

from __future__ import annotations

import pytest

from server.mailbox import services as mailbox
from server.notifications.tables import OutgoingMail
from tests.integration.support import logged_in_parent, post_form

pytestmark = pytest.mark.asyncio


async def test_only_chosen_kinds_are_announced_by_email(client, email):
    account_id = await logged_in_parent(client, "wuppertal", email)
    assert await mailbox.preferences("wuppertal", account_id) == dict.fromkeys(mailbox.KINDS, True)

    saved = await post_form(client, "/wuppertal/postfach/einstellungen", {"kind": ["decision", "request"]})
    assert saved.status_code == 303
    assert await mailbox.preferences("wuppertal", account_id) == {
        "decision": True,
        "request": True,
        "offer": False,
        "status": False,
        "info": False,
    }

    mails_before = await OutgoingMail.count()
    _offer, no_mail = await mailbox.post("wuppertal", account_id, "offer", "Platzangebot", "Text")
    _decision, mail_id = await mailbox.post("wuppertal", account_id, "decision", "Bescheid", "Text")
    assert no_mail is None and mail_id is not None
    assert await OutgoingMail.count() == mails_before + 1
    # Both messages are in the mailbox all the same.
    assert [m.subject for m in await mailbox.inbox("wuppertal", account_id)] == ["Bescheid", "Platzangebot"]

    # Unknown kinds are ignored; choosing again replaces the choice.
    await post_form(client, "/wuppertal/postfach/einstellungen", {"kind": ["offer", "nonsense"]})
    chosen = await mailbox.preferences("wuppertal", account_id)
    assert [kind for kind, on in chosen.items() if on] == ["offer"]
