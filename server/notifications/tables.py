from piccolo.columns import Integer, Text, Timestamptz, Varchar
from piccolo.table import Table


class OutgoingMail(Table, tablename="outgoing_mail"):
    """A queued e-mail: written in the same transaction as the change it reports, delivered after commit
    and retried until it is out, so no message is lost when the mail server is down."""

    tenant = Varchar(length=40, index=True)
    recipient = Varchar(length=254)
    subject = Varchar(length=200)
    body = Text()
    status = Varchar(length=10, default="pending", index=True)
    attempts = Integer(default=0)
    next_attempt_at = Timestamptz()
    last_error = Varchar(length=300, default="")
    created_at = Timestamptz()
    sent_at = Timestamptz(null=True, default=None)
