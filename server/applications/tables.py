from piccolo.columns import JSON, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from server.accounts.tables import Account


class Draft(Table, tablename="application_draft"):
    """An application being filled in. The browser generates the UUID (a draft may start offline) and keeps
    a copy in IndexedDB; `version` guards against two devices overwriting each other. `answers` holds the
    raw form values as typed, so nothing a parent entered is lost, valid or not."""

    uuid = Varchar(length=36, unique=True)
    tenant = Varchar(length=40, index=True)
    account = ForeignKey(references=Account, on_delete=OnDelete.cascade, index=True)
    service = Varchar(length=40)
    version = Integer(default=1)
    answers = JSON(default="{}")
    created_at = Timestamptz()
    updated_at = Timestamptz(index=True)
    # When the "your draft will be deleted" reminder went out; a change to the draft clears it.
    reminded_at = Timestamptz(null=True, default=None)


class Application(Table, tablename="application"):
    """A submitted application (a case). Its answers and their wording are stored as submitted, so a later
    change of the service definition never changes how an old case reads."""

    tenant = Varchar(length=40, index=True)
    account = ForeignKey(references=Account, on_delete=OnDelete.restrict, index=True)
    service = Varchar(length=40, index=True)
    flow = Varchar(length=10)
    reference = Varchar(length=32, unique=True)
    # The draft it came from: unique, so a repeated or concurrent submission never creates a second case.
    draft_uuid = Varchar(length=36, unique=True)
    status = Varchar(length=30, index=True)
    answers = JSON(default="{}")
    summary = JSON(default="[]")
    declarations = JSON(default="[]")
    submitted_at = Timestamptz()
    status_changed_at = Timestamptz()
    updated_at = Timestamptz()
    # Back office: who works the case, and by when the next step is due (e.g. a request's deadline).
    assigned_to = ForeignKey(
        references=Account, on_delete=OnDelete.set_null, null=True, default=None, index=True
    )
    due_at = Timestamptz(null=True, default=None, index=True)


class ApplicationEvent(Table, tablename="application_event"):
    """The case history: every status change (and later notes), who made it and when."""

    tenant = Varchar(length=40, index=True)
    application = ForeignKey(references=Application, on_delete=OnDelete.cascade, index=True)
    at = Timestamptz()
    status_from = Varchar(length=30, default="")
    status_to = Varchar(length=30, default="")
    actor_role = Varchar(length=20)
    actor = Integer(null=True, default=None)
    # Shown to the parent in the timeline (empty for purely internal events).
    note = Text(default="")


class ReferenceCounter(Table, tablename="application_reference_counter"):
    """The last reference number per tenant, prefix and year; (tenant, prefix, year) is unique."""

    tenant = Varchar(length=40)
    prefix = Varchar(length=8)
    year = Integer()
    value = Integer(default=0)


class ConsentRequest(Table, tablename="application_consent"):
    """The second custodian's consent to a case: invited by e-mail (a single-use link, only its hash is
    stored), answered with their own account of the same tenant whose address the invitation went to."""

    tenant = Varchar(length=40, index=True)
    application = ForeignKey(references=Application, on_delete=OnDelete.cascade, index=True)
    email = Varchar(length=254)
    name = Varchar(length=160, default="")
    token_hash = Varchar(length=64, unique=True)
    # invited | agreed | refused | replaced (a corrected address got a new invitation)
    status = Varchar(length=12, default="invited", index=True)
    invited_at = Timestamptz()
    reminded_at = Timestamptz(null=True, default=None)
    expires_at = Timestamptz()
    answered_at = Timestamptz(null=True, default=None)
    answered_by = ForeignKey(references=Account, on_delete=OnDelete.set_null, null=True, default=None)
