"""Proof pages of a draft's slots: add (checked, scanned, encrypted, idempotent), list, reorder, delete,
thumbnails, one PDF per proof; attach to the case on submission; the sweep that removes what expired.

Two phases: a page belongs to a *temporary* document (one per account, draft and slot) until the draft is
submitted, when the submission's transaction *attaches* the draft's documents to the application. A
document request of a submitted case has temporary slots of its own (holders.py: bound to the application
and the request) that are attached when the parent sends the requested documents. Deleting
the draft marks its documents *deleted*; the sweep removes their files and rows, temporary documents past
their `delete_after` (DOCUMENT_RETENTION_DAYS after the last upload), temporary documents whose draft is
gone, and files no row refers to (left by a crash between writing a file and committing its row).

Every query is scoped to tenant and owning account. Files are written before the row and deleted after
the row, so a row never names a missing file; a failed insert deletes the files it wrote.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hashlib
import re
from collections.abc import AsyncIterator, Mapping
from pathlib import Path
from typing import Any

import msgspec

from server.applications.tables import Draft
from server.db_errors import is_unique_violation
from server.documents import compose
from server.documents.crypto import DecryptionFailed, KeyRing
from server.documents.holders import Holder, as_holder
from server.documents.rejections import UploadRejected
from server.documents.scan import ClamdScanner
from server.documents.storage import DocumentStore, LocalStorage, Storage, StorageError
from server.documents.tables import Document, DocumentPage
from server.documents.verify import Limits, Verified, pdf_icon, verify
from server.logs import log

TEMPORARY, ATTACHED, DELETED = "temporary", "attached", "deleted"
SLOT = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
IDEMPOTENCY_KEY = re.compile(r"^[A-Za-z0-9._:-]{16,100}$")
MAX_ID = 2**31 - 1
# A temporary document whose draft is gone is removed after this (a submission attaches in one transaction,
# so only a page uploaded while its draft was being deleted or submitted ends up like this).
ORPHAN_GRACE = dt.timedelta(hours=1)
# Files without a row are removed after this (a crash between writing the file and committing the row).
ORPHAN_FILE_AGE = dt.timedelta(days=1)
SWEEP_FIRST_SECONDS = 60
SWEEP_EVERY_SECONDS = 600
ORPHAN_SCAN_EVERY = dt.timedelta(hours=24)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class PageInfo(msgspec.Struct, kw_only=True):
    id: int
    document_id: int
    slot: str
    position: int
    mime: str
    bytes: int
    width: int
    height: int
    pages: int
    created_at: dt.datetime


class Added(msgspec.Struct, kw_only=True):
    page: PageInfo
    created: bool  # False: the idempotency key named a page stored before


class DocumentInfo(msgspec.Struct, kw_only=True):
    id: int
    slot: str
    kind: str
    status: str
    pages: int
    # The document request it answered (None: submitted with the application).
    request: int | None = None


class PruneReport(msgspec.Struct, kw_only=True):
    documents: int = 0
    pages: int = 0
    files: int = 0
    orphan_files: int = 0
    temporary_files: int = 0


PAGE_COLUMNS = (
    DocumentPage.id,
    DocumentPage.document,
    DocumentPage.position,
    DocumentPage.mime,
    DocumentPage.bytes,
    DocumentPage.width,
    DocumentPage.height,
    DocumentPage.pdf_pages,
    DocumentPage.created_at,
    DocumentPage.document.slot,
    DocumentPage.document.draft_uuid,
    DocumentPage.document.application,
    DocumentPage.document.request,
    DocumentPage.document.status,
    DocumentPage.document.tenant,
)


def _info(row: Mapping[str, Any]) -> PageInfo:
    return PageInfo(
        id=row["id"],
        document_id=row["document"],
        slot=row["document.slot"],
        position=row["position"],
        mime=row["mime"],
        bytes=row["bytes"],
        width=row["width"],
        height=row["height"],
        pages=row["pdf_pages"] if row["mime"] == "application/pdf" else 1,
        created_at=row["created_at"],
    )


def valid_id(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID


def _slot_filter(tenant: str, account_id: int, holder: Holder, slot: str) -> Any:
    return (
        (DocumentPage.tenant == tenant)
        & (DocumentPage.account == account_id)
        & holder.pages()
        & (DocumentPage.document.slot == slot)
        & (DocumentPage.document.status == TEMPORARY)
    )


# Columns of other features that name files in the document store (e.g. a decision letter attached to a
# mailbox message): the orphan sweep keeps what they name. Register with `register_file_reference`.
FILE_REFERENCES: list[Any] = []


def register_file_reference(column: Any) -> None:
    """A Varchar column holding storage keys of this store (idempotent)."""
    if not any(c is column for c in FILE_REFERENCES):
        FILE_REFERENCES.append(column)


class _Replay(Exception):
    def __init__(self, page: PageInfo) -> None:
        super().__init__("replay")
        self.page = page


# --- hooks of the applications feature (no storage needed) ----------------------------------------------


async def page_counts(tenant: str, account_id: int, draft_uuid: str) -> dict[str, int]:
    """Pages per proof slot of a draft (registered with applications.services.register_proof_counter)."""
    rows = await DocumentPage.select(DocumentPage.document.slot).where(
        (DocumentPage.tenant == tenant)
        & (DocumentPage.account == account_id)
        & (DocumentPage.document.draft_uuid == draft_uuid)
        & (DocumentPage.document.status == TEMPORARY)
    )
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["document.slot"]] = counts.get(row["document.slot"], 0) + 1
    return counts


async def attach(application_id: int, draft_uuid: str, account_id: int, ctx: Any) -> int:
    """Submission hook (registry.on_any_submit), inside the submission's transaction: the draft's temporary
    documents become part of the case and are no longer deleted with the draft or by its retention."""
    attached = (
        await Document.update(
            {Document.status: ATTACHED, Document.application: application_id, Document.delete_after: None}
        )
        .where(
            (Document.tenant == ctx.tenant.slug)
            & (Document.account == account_id)
            & (Document.draft_uuid == draft_uuid)
            & (Document.status == TEMPORARY)
        )
        .returning(Document.id)
    )
    return len(attached)


async def draft_deleted(tenant: str, account_id: int, draft_uuid: str) -> None:
    """Draft deletion hook (drafts.on_delete), inside the deleting transaction: mark, the sweep removes
    the files after commit (a rolled-back deletion keeps everything)."""
    await Document.update({Document.status: DELETED, Document.delete_after: utcnow()}).where(
        (Document.tenant == tenant)
        & (Document.account == account_id)
        & (Document.draft_uuid == draft_uuid)
        & (Document.status == TEMPORARY)
    )


async def attached_documents(tenant: str, application_id: int) -> list[DocumentInfo]:
    """The proofs of a case (for casework: every staff read of them must be audited there)."""
    documents = (
        await Document.select(Document.id, Document.slot, Document.kind, Document.status, Document.request)
        .where(
            (Document.tenant == tenant)
            & (Document.application == application_id)
            & (Document.status == ATTACHED)
        )
        .order_by(Document.id)
    )
    counts: dict[int, int] = {}
    if documents:
        for row in await DocumentPage.select(DocumentPage.document).where(
            DocumentPage.document.is_in([d["id"] for d in documents])
        ):
            counts[row["document"]] = counts.get(row["document"], 0) + 1
    return [DocumentInfo(pages=counts.get(d["id"], 0), **d) for d in documents]


async def holder_page_counts(tenant: str, account_id: int, holder: Holder) -> dict[str, int]:
    """Pages per slot of a holder's temporary documents."""
    rows = await DocumentPage.select(DocumentPage.document.slot).where(
        (DocumentPage.tenant == tenant)
        & (DocumentPage.account == account_id)
        & holder.pages()
        & (DocumentPage.document.status == TEMPORARY)
    )
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["document.slot"]] = counts.get(row["document.slot"], 0) + 1
    return counts


async def attach_requested(tenant: str, application_id: int, request_id: int) -> int:
    """The documents uploaded for a document request become part of the case (call inside the
    transaction that fulfils or closes the request); they stay with the case like the submitted ones."""
    attached = (
        await Document.update({Document.status: ATTACHED, Document.delete_after: None})
        .where(
            (Document.tenant == tenant)
            & (Document.application == application_id)
            & (Document.request == request_id)
            & (Document.status == TEMPORARY)
        )
        .returning(Document.id)
    )
    return len(attached)


def register_hooks() -> None:
    """Connect to the applications feature (idempotent; called from create_app)."""
    from server.applications import drafts, registry
    from server.applications import services as application_services

    application_services.register_proof_counter(page_counts)
    registry.on_any_submit(attach)
    drafts.on_delete(draft_deleted)


# --- the service with storage ---------------------------------------------------------------------------


class Documents:
    def __init__(
        self,
        store: DocumentStore,
        limits: Limits | None = None,
        scanner: ClamdScanner | None = None,
        retention_days: int = 90,
        concurrency: int = 2,
    ) -> None:
        self.store = store
        self.limits = limits or Limits()
        self.scanner = scanner
        self.retention = dt.timedelta(days=retention_days)
        # Decoding a photo takes memory (up to max_pixels x 4 bytes): a few at a time per process.
        self._decoding = asyncio.Semaphore(concurrency)
        self._last_orphan_scan: dt.datetime | None = None

    @classmethod
    def from_settings(cls, settings: Any) -> Documents:
        storage: Storage = LocalStorage(Path(settings.var_dir) / "documents")
        return cls(
            DocumentStore(storage, KeyRing.for_settings(settings)),
            Limits(max_bytes=settings.document_max_mb * 1024 * 1024),
            ClamdScanner.from_settings(settings),
            settings.document_retention_days,
        )

    # --- checking ---------------------------------------------------------------------------------------

    async def check(self, data: bytes, filename: str = "") -> Verified:
        """Verify (in a worker thread), then scan the upload as received; raises UploadRejected."""
        if len(data) > self.limits.max_bytes:  # before queueing for a decoder
            raise UploadRejected("too_large", filename, **self.limits.params())
        async with self._decoding:
            verified = await asyncio.to_thread(verify, data, filename, self.limits)
        if self.scanner is not None:
            await self.scanner.check(data)
        return verified

    # --- pages of a draft's (or a document request's) slot -------------------------------------------------

    async def add_page(
        self,
        tenant: str,
        account_id: int,
        draft_uuid: str | Holder,
        slot: str,
        data: bytes,
        idempotency_key: str,
        max_pages: int,
        *,
        kind: str = "",
        filename: str = "",
    ) -> Added:
        """Store one uploaded file as the next page of the slot: all of it or nothing.

        The same idempotency key (per account) answers the page stored first, also when two requests with
        it arrive at once. `draft_uuid`: the draft's UUID, or another holder (holders.py). Raises
        UploadRejected.
        """
        holder = as_holder(draft_uuid)
        if not SLOT.match(slot):
            raise UploadRejected("not_found")
        if not IDEMPOTENCY_KEY.match(idempotency_key):
            raise UploadRejected("bad_key")
        replay = await self._replay(tenant, account_id, holder, slot, idempotency_key)
        if replay is not None:
            return Added(page=replay, created=False)
        if len(await self.pages(tenant, account_id, holder, slot)) >= max_pages:
            raise UploadRejected("too_many_pages", max_pages=max_pages)
        verified = await self.check(data, filename)
        written: list[str] = []
        committed = False
        try:
            storage_key, key_id = await self.store.put(verified.data)
            written.append(storage_key)
            thumbnail_key = ""
            if verified.mime == "image/jpeg":
                thumbnail_key, _ = await self.store.put(verified.thumbnail)
                written.append(thumbnail_key)
            row = {
                "storage_key": storage_key,
                "key_id": key_id,
                "mime": verified.mime,
                "bytes": len(verified.data),
                "sha256": hashlib.sha256(verified.data).hexdigest(),
                "width": verified.width,
                "height": verified.height,
                "pdf_pages": verified.pages if verified.mime == "application/pdf" else 0,
                "thumbnail_key": thumbnail_key,
            }
            for attempt in range(3):
                try:
                    page_id = await self._insert(
                        tenant, account_id, holder, slot, kind, idempotency_key, max_pages, row
                    )
                except _Replay as replayed:
                    return Added(page=replayed.page, created=False)
                except Exception as exc:
                    # A concurrent twin with the same idempotency key, or the slot's document created at the
                    # same moment by another upload: look again.
                    if not is_unique_violation(exc) or attempt == 2:
                        raise
                    replay = await self._replay(tenant, account_id, holder, slot, idempotency_key)
                    if replay is not None:
                        return Added(page=replay, created=False)
                    continue
                committed = True
                break
        finally:
            if not committed:
                for key in written:
                    await self._delete_file(key)
        page = await self.page(tenant, account_id, page_id)
        assert page is not None
        log.info("proof_page_added", mime=verified.mime, source=verified.source, bytes=len(verified.data))
        return Added(page=page, created=True)

    async def _insert(
        self,
        tenant: str,
        account_id: int,
        holder: Holder,
        slot: str,
        kind: str,
        idempotency_key: str,
        max_pages: int,
        row: dict[str, Any],
    ) -> int:
        now = utcnow()
        async with DocumentPage._meta.db.transaction():
            # The draft still exists (is not being submitted or deleted), the request is still open.
            if not await holder.accepts(tenant, account_id):
                raise UploadRejected("not_found")
            replay = await self._replay(tenant, account_id, holder, slot, idempotency_key)
            if replay is not None:
                raise _Replay(replay)
            document_id = await self._temporary_document(tenant, account_id, holder, slot, kind, now)
            positions = [
                r["position"]
                for r in await DocumentPage.select(DocumentPage.position).where(
                    DocumentPage.document == document_id
                )
            ]
            if len(positions) >= max_pages:
                raise UploadRejected("too_many_pages", max_pages=max_pages)
            inserted = await DocumentPage.insert(
                DocumentPage(
                    tenant=tenant,
                    account=account_id,
                    document=document_id,
                    position=max(positions, default=0) + 1,
                    idempotency_key=idempotency_key,
                    created_at=now,
                    **row,
                )
            ).returning(DocumentPage.id)
        return inserted[0]["id"]

    async def _temporary_document(
        self, tenant: str, account_id: int, holder: Holder, slot: str, kind: str, now: dt.datetime
    ) -> int:
        found = (
            await Document.select(Document.id)
            .where(
                (Document.tenant == tenant)
                & (Document.account == account_id)
                & holder.documents()
                & (Document.slot == slot)
                & (Document.status == TEMPORARY)
            )
            .first()
        )
        if found is None:
            created = await Document.insert(
                Document(
                    tenant=tenant,
                    account=account_id,
                    **holder.fields(),
                    slot=slot,
                    kind=kind,
                    status=TEMPORARY,
                    created_at=now,
                    delete_after=now + self.retention,
                )
            ).returning(Document.id)
            return created[0]["id"]
        # Also the row lock that puts concurrent uploads to this slot in a row (PostgreSQL).
        await Document.update({Document.delete_after: now + self.retention}).where(Document.id == found["id"])
        return found["id"]

    async def _replay(
        self, tenant: str, account_id: int, holder: Holder, slot: str, idempotency_key: str
    ) -> PageInfo | None:
        row = (
            await DocumentPage.select(*PAGE_COLUMNS)
            .where((DocumentPage.account == account_id) & (DocumentPage.idempotency_key == idempotency_key))
            .first()
        )
        if row is None:
            return None
        if row["document.tenant"] != tenant or not holder.owns(row) or row["document.slot"] != slot:
            raise UploadRejected("idempotency_conflict")
        if row["document.status"] == DELETED:
            raise UploadRejected("not_found")
        return _info(row)

    async def page(self, tenant: str, account_id: int, page_id: int) -> PageInfo | None:
        if not valid_id(page_id):
            return None
        row = (
            await DocumentPage.select(*PAGE_COLUMNS)
            .where(
                (DocumentPage.id == page_id)
                & (DocumentPage.tenant == tenant)
                & (DocumentPage.account == account_id)
                & (DocumentPage.document.status != DELETED)
            )
            .first()
        )
        return _info(row) if row else None

    async def pages(
        self, tenant: str, account_id: int, draft_uuid: str | Holder, slot: str
    ) -> list[PageInfo]:
        rows = (
            await DocumentPage.select(*PAGE_COLUMNS)
            .where(_slot_filter(tenant, account_id, as_holder(draft_uuid), slot))
            .order_by(DocumentPage.position)
        )
        return [_info(r) for r in rows]

    async def reorder(
        self, tenant: str, account_id: int, draft_uuid: str | Holder, slot: str, page_ids: list[int]
    ) -> list[PageInfo]:
        """Put the slot's pages in this order; the list must name each of them exactly once."""
        async with DocumentPage._meta.db.transaction():
            current = await self.pages(tenant, account_id, draft_uuid, slot)
            if sorted(page_ids) != sorted(p.id for p in current):
                raise UploadRejected("bad_order")
            for position, page_id in enumerate(page_ids, start=1):
                await DocumentPage.update({DocumentPage.position: position}).where(
                    (DocumentPage.id == page_id) & (DocumentPage.account == account_id)
                )
        return await self.pages(tenant, account_id, draft_uuid, slot)

    async def delete_page(
        self, tenant: str, account_id: int, draft_uuid: str | Holder, slot: str, page_id: int
    ) -> bool:
        """Remove one page of a draft's slot (the others close up); False when there is no such page."""
        if not valid_id(page_id):
            return False
        holder = as_holder(draft_uuid)
        async with DocumentPage._meta.db.transaction():
            row = (
                await DocumentPage.select(
                    DocumentPage.document, DocumentPage.storage_key, DocumentPage.thumbnail_key
                )
                .where(_slot_filter(tenant, account_id, holder, slot) & (DocumentPage.id == page_id))
                .first()
            )
            if row is None:
                return False
            await DocumentPage.delete().where(DocumentPage.id == page_id)
            rest = (
                await DocumentPage.select(DocumentPage.id)
                .where(DocumentPage.document == row["document"])
                .order_by(DocumentPage.position)
            )
            for position, other in enumerate(rest, start=1):
                await DocumentPage.update({DocumentPage.position: position}).where(
                    DocumentPage.id == other["id"]
                )
            if not rest:
                await Document.delete().where(Document.id == row["document"])
        for key in (row["storage_key"], row["thumbnail_key"]):
            if key:
                await self._delete_file(key)
        return True

    async def thumbnail(self, tenant: str, account_id: int, page_id: int) -> bytes | None:
        """The small JPEG of the parent's own page (a generic icon for a PDF)."""
        if not valid_id(page_id):
            return None
        row = (
            await DocumentPage.select(DocumentPage.thumbnail_key, DocumentPage.mime, DocumentPage.pdf_pages)
            .where(
                (DocumentPage.id == page_id)
                & (DocumentPage.tenant == tenant)
                & (DocumentPage.account == account_id)
                & (DocumentPage.document.status != DELETED)
            )
            .first()
        )
        if row is None:
            return None
        if not row["thumbnail_key"]:
            return pdf_icon(max(1, row["pdf_pages"]), self.limits.thumbnail_side)
        try:
            return await self.store.get(row["thumbnail_key"])
        except (StorageError, DecryptionFailed) as exc:
            # A lost file or a key removed from DOCUMENT_KEYS too early: an operator's problem, logged.
            log.error("proof_thumbnail_unreadable", page=page_id, error=type(exc).__name__)
            return None

    async def proof_pdf(
        self, tenant: str, document_id: int, title: str = "", application_id: int | None = None
    ) -> bytes | None:
        """All pages of a proof as one PDF, decrypted in memory only (None: no such proof here; with
        `application_id` only a proof attached to that case)."""
        if not valid_id(document_id):
            return None
        where = (Document.id == document_id) & (Document.tenant == tenant) & (Document.status != DELETED)
        if application_id is not None:
            where &= (Document.application == application_id) & (Document.status == ATTACHED)
        document = await Document.select(Document.id).where(where).first()
        if document is None:
            return None
        rows = (
            await DocumentPage.select(DocumentPage.mime, DocumentPage.storage_key)
            .where(DocumentPage.document == document_id)
            .order_by(DocumentPage.position)
        )
        if not rows:
            return None
        parts = [(r["mime"], await self.store.get(r["storage_key"])) for r in rows]
        return await asyncio.to_thread(compose.proof_pdf, parts, title)

    # --- a case's proofs, for casework (the caller audits every read) ---------------------------------------

    async def case_pages(self, tenant: str, application_id: int, document_id: int) -> list[PageInfo]:
        """The pages of a proof attached to this case, in order (empty: no such proof of this case)."""
        if not valid_id(document_id):
            return []
        rows = (
            await DocumentPage.select(*PAGE_COLUMNS)
            .where(
                (DocumentPage.document == document_id)
                & (DocumentPage.tenant == tenant)
                & (DocumentPage.document.application == application_id)
                & (DocumentPage.document.status == ATTACHED)
            )
            .order_by(DocumentPage.position)
        )
        return [_info(r) for r in rows]

    async def case_page_file(
        self, tenant: str, application_id: int, page_id: int
    ) -> tuple[str, bytes] | None:
        """(mime, plaintext) of one page of a proof attached to this case."""
        if not valid_id(page_id):
            return None
        row = (
            await DocumentPage.select(DocumentPage.mime, DocumentPage.storage_key)
            .where(
                (DocumentPage.id == page_id)
                & (DocumentPage.tenant == tenant)
                & (DocumentPage.document.application == application_id)
                & (DocumentPage.document.status == ATTACHED)
            )
            .first()
        )
        if row is None:
            return None
        return row["mime"], await self.store.get(row["storage_key"])

    # --- removal ----------------------------------------------------------------------------------------

    async def _delete_file(self, key: str) -> None:
        try:
            await self.store.delete(key)
        except OSError as exc:
            log.warning("proof_file_not_deleted", error=type(exc).__name__)  # the orphan sweep retries

    async def prune(self, now: dt.datetime | None = None, orphans: bool = True) -> PruneReport:
        """Remove deleted and expired documents (files after rows), temporary documents whose draft is gone,
        and with `orphans` files that no row names."""
        now = now or utcnow()
        report = PruneReport()
        due = await Document.select(Document.id).where(
            (Document.status == DELETED) | (Document.delete_after < now)
        )
        ids = {r["id"] for r in due}
        # A request's temporary documents have no draft: they go by their delete_after only.
        stale = await Document.select(Document.id, Document.draft_uuid).where(
            (Document.status == TEMPORARY)
            & (Document.created_at < now - ORPHAN_GRACE)
            & Document.draft_uuid.is_not_null()
        )
        uuids = list({r["draft_uuid"] for r in stale if r["draft_uuid"]})
        alive: set[str] = set()
        for start in range(0, len(uuids), 500):
            batch = uuids[start : start + 500]
            alive |= {r["uuid"] for r in await Draft.select(Draft.uuid).where(Draft.uuid.is_in(batch))}
        ids |= {r["id"] for r in stale if r["draft_uuid"] not in alive}
        for document_id in sorted(ids):
            pages = await self._remove_document(document_id, now)
            if pages is None:
                continue
            report.documents += 1
            report.pages += len(pages)
            for page in pages:
                for key in (page["storage_key"], page["thumbnail_key"]):
                    if key:
                        await self._delete_file(key)
                        report.files += 1
        if orphans:
            report.orphan_files = await self._prune_orphan_files(now)
            self._last_orphan_scan = now
        report.temporary_files = await self.store.storage.sweep_temporary(now - dt.timedelta(hours=1))
        if report.documents or report.orphan_files:
            log.info("proofs_pruned", **msgspec.to_builtins(report))
        return report

    async def _remove_document(self, document_id: int, now: dt.datetime) -> list[dict] | None:
        async with Document._meta.db.transaction():
            row = (
                await Document.select(
                    Document.status, Document.delete_after, Document.draft_uuid, Document.created_at
                )
                .where(Document.id == document_id)
                .first()
            )
            if row is None:
                return None
            expired = row["delete_after"] is not None and row["delete_after"] < now
            orphaned = (
                row["status"] == TEMPORARY
                and bool(row["draft_uuid"])
                and row["created_at"] < now - ORPHAN_GRACE
                and not await Draft.exists().where(Draft.uuid == row["draft_uuid"])
            )
            if not (row["status"] == DELETED or expired or orphaned):
                return None  # changed since it was listed (a new upload extended it)
            pages = await DocumentPage.select(DocumentPage.storage_key, DocumentPage.thumbnail_key).where(
                DocumentPage.document == document_id
            )
            await DocumentPage.delete().where(DocumentPage.document == document_id)
            await Document.delete().where(Document.id == document_id)
        return pages

    async def _prune_orphan_files(self, now: dt.datetime) -> int:
        removed = 0
        batch: list[str] = []

        async def flush() -> int:
            referenced = {
                r["storage_key"]
                for r in await DocumentPage.select(DocumentPage.storage_key).where(
                    DocumentPage.storage_key.is_in(batch)
                )
            } | {
                r["thumbnail_key"]
                for r in await DocumentPage.select(DocumentPage.thumbnail_key).where(
                    DocumentPage.thumbnail_key.is_in(batch)
                )
            }
            for column in FILE_REFERENCES:
                table = column._meta.table
                referenced |= {
                    r[column._meta.name] for r in await table.select(column).where(column.is_in(batch))
                }
            gone = [k for k in batch if k not in referenced]
            for key in gone:
                await self._delete_file(key)
            batch.clear()
            return len(gone)

        async for key in self.store.storage.keys(now - ORPHAN_FILE_AGE):
            batch.append(key)
            if len(batch) >= 500:
                removed += await flush()
        if batch:
            removed += await flush()
        return removed

    @contextlib.asynccontextmanager
    async def sweeper(self, app: Any) -> AsyncIterator[None]:
        """Lifespan: prune every few minutes (files without rows once a day)."""

        async def run() -> None:
            await asyncio.sleep(SWEEP_FIRST_SECONDS)
            while True:
                now = utcnow()
                due = self._last_orphan_scan is None or now - self._last_orphan_scan > ORPHAN_SCAN_EVERY
                try:
                    await self.prune(now, orphans=due)
                except Exception:
                    log.exception("proof_sweep_failed")
                await asyncio.sleep(SWEEP_EVERY_SECONDS)

        task = asyncio.create_task(run())
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
