from piccolo.columns import ForeignKey, Integer, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from server.accounts.tables import Account
from server.applications.tables import Application


class Document(Table, tablename="document"):
    """A proof (one slot of an application) and its lifecycle.

    `temporary`: belongs to a draft's slot (draft_uuid, slot) or a document request's slot (application,
    request, slot); at most one per account, holder and slot (partial unique indexes, see the
    migrations). `attached`: part of a submitted application. `deleted`:
    its draft was deleted; the sweep removes files and rows. `delete_after`: when the sweep removes it
    (temporary proofs: retention after the last upload; attached ones: none until casework sets one).
    """

    tenant = Varchar(length=40, index=True)
    account = ForeignKey(references=Account, on_delete=OnDelete.cascade, index=True)
    draft_uuid = Varchar(length=36, null=True, default=None, index=True)
    application = ForeignKey(
        references=Application, null=True, default=None, on_delete=OnDelete.restrict, index=True
    )
    # A document request of casework (casework_request.id) whose slots this proof answers; then
    # `application` is set from the start and `draft_uuid` is empty (see holders.py).
    request = Integer(null=True, default=None, index=True)
    slot = Varchar(length=40)
    kind = Varchar(length=40)
    status = Varchar(length=12, default="temporary", index=True)
    created_at = Timestamptz()
    delete_after = Timestamptz(null=True, default=None, index=True)


class DocumentPage(Table, tablename="document_page"):
    """One uploaded file of a proof: our re-encoded JPEG or a checked PDF, encrypted at rest.

    (account, idempotency_key) is unique (see the migration): a repeated upload finds its page.
    """

    tenant = Varchar(length=40, index=True)
    account = ForeignKey(references=Account, on_delete=OnDelete.cascade, index=True)
    document = ForeignKey(references=Document, on_delete=OnDelete.cascade, index=True)
    position = Integer()
    storage_key = Varchar(length=64, unique=True)
    key_id = Varchar(length=32)
    mime = Varchar(length=40)
    bytes = Integer()
    sha256 = Varchar(length=64)
    width = Integer()
    height = Integer()
    pdf_pages = Integer(default=0)
    # Empty for a PDF (a generic icon is shown).
    thumbnail_key = Varchar(length=64, default="")
    idempotency_key = Varchar(length=100)
    created_at = Timestamptz()
