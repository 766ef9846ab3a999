from piccolo.columns import JSON, ForeignKey, Integer, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from server.accounts.tables import Account


class AuditEvent(Table, tablename="audit_event"):
    """One thing a staff member (or the system) saw or did. Rows are only ever inserted."""

    tenant = Varchar(length=40, index=True)
    at = Timestamptz(index=True)
    actor = ForeignKey(references=Account, on_delete=OnDelete.restrict, null=True, index=True)
    actor_role = Varchar(length=20)
    # e.g. "application.view", "document.view", "application.status", "decision.issue", "offer.create"
    action = Varchar(length=40, index=True)
    object_type = Varchar(length=30)
    object_id = Integer(null=True, default=None)
    # The case it concerns (its reference), so an admin can find everything about one case.
    reference = Varchar(length=32, default="", index=True)
    details = JSON(default="{}")
