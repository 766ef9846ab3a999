from piccolo.columns import Date, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from server.accounts.tables import Account
from server.applications.tables import Application


class CaseNote(Table, tablename="casework_note"):
    """An internal note of the office on a case. Never shown to the parent (not in the case's timeline)."""

    tenant = Varchar(length=40, index=True)
    application = ForeignKey(references=Application, on_delete=OnDelete.cascade, index=True)
    author = ForeignKey(references=Account, on_delete=OnDelete.set_null, null=True, default=None)
    text = Text()
    created_at = Timestamptz()


class DocumentRequest(Table, tablename="casework_request"):
    """A request for documents (Nachforderung): the items the parent is asked for, by a deadline.

    open -> fulfilled (the parent sent the documents) or closed (the office ended it, e.g. the papers came
    by post). At most one request of a case is open: the case is in `documents_requested` meanwhile."""

    tenant = Varchar(length=40, index=True)
    application = ForeignKey(references=Application, on_delete=OnDelete.cascade, index=True)
    created_by = ForeignKey(references=Account, on_delete=OnDelete.set_null, null=True, default=None)
    # A short general note to the parent (optional); the items say what is missing.
    note = Text(default="")
    deadline = Date()
    status = Varchar(length=12, default="open", index=True)
    # "documents" (asked by the office) or "signature" (the signed signature page of a written-form service)
    kind = Varchar(length=12, default="documents")
    created_at = Timestamptz()
    closed_at = Timestamptz(null=True, default=None)


class RequestItem(Table, tablename="casework_request_item"):
    """One requested document; the parent's upload slot is named `anforderung_<position>`."""

    tenant = Varchar(length=40, index=True)
    request = ForeignKey(references=DocumentRequest, on_delete=OnDelete.cascade, index=True)
    position = Integer()
    title = Varchar(length=120)
    explanation = Text(default="")


class Decision(Table, tablename="casework_decision"):
    """The decision on a case and its letter (Bescheid): one per case (unique), the PDF encrypted in the
    document store under `pdf_key`, delivered to the parent's mailbox as message `message`."""

    tenant = Varchar(length=40, index=True)
    application = ForeignKey(references=Application, on_delete=OnDelete.cascade, unique=True)
    # approved | partially_approved | rejected
    outcome = Varchar(length=30)
    reasons = Text()
    # A fee fixed by the decision (e.g. the monthly parent fee) in cents, and the month it applies from.
    fee_cents = Integer(null=True, default=None)
    fee_from = Date(null=True, default=None)
    pdf_key = Varchar(length=64, unique=True)
    pdf_bytes = Integer(default=0)
    message = Integer(null=True, default=None)
    decided_by = ForeignKey(references=Account, on_delete=OnDelete.set_null, null=True, default=None)
    decided_at = Timestamptz()
