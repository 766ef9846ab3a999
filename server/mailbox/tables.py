from piccolo.columns import Boolean, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from server.accounts.tables import Account


class Message(Table, tablename="mailbox_message"):
    tenant = Varchar(length=40, index=True)
    account = ForeignKey(references=Account, on_delete=OnDelete.cascade, index=True)
    # decision | request | offer | status | info
    kind = Varchar(length=20)
    subject = Varchar(length=200)
    body = Text()
    # The case it belongs to (its reference), and where the parent acts on it (a path inside the portal).
    reference = Varchar(length=32, default="", index=True)
    action_path = Varchar(length=200, default="")
    action_label = Varchar(length=80, default="")
    # An attachment (e.g. the decision letter) in the encrypted document store.
    attachment_key = Varchar(length=80, default="")
    attachment_name = Varchar(length=120, default="")
    attachment_bytes = Integer(default=0)
    created_at = Timestamptz(index=True)
    read_at = Timestamptz(null=True, default=None)


class MailPreference(Table, tablename="mailbox_preference"):
    """Which arrivals a parent is told about by e-mail (all on by default)."""

    tenant = Varchar(length=40)
    account = ForeignKey(references=Account, on_delete=OnDelete.cascade, unique=True)
    decision = Boolean(default=True)
    request = Boolean(default=True)
    offer = Boolean(default=True)
    status = Boolean(default=True)
    info = Boolean(default=True)
