"""Whose temporary proof slots a page goes to: a parent's draft (until it is submitted), or a document
request of a submitted case (until the parent sends the requested documents).

Both live in the same tables with the same checks, encryption and idempotency; a holder only says how
to find its documents, what a new document row carries and whether uploads are still accepted. The
documents feature knows nothing about casework: a request holder gets its "still open?" check from the
caller.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from server.applications.tables import Draft
from server.documents.tables import Document, DocumentPage


class Holder(Protocol):
    def documents(self) -> Any:
        """Where-clause on Document: this holder's documents (any status)."""
        ...

    def pages(self) -> Any:
        """The same on DocumentPage (through its document)."""
        ...

    def fields(self) -> dict[str, Any]:
        """Columns a new temporary Document of this holder gets."""
        ...

    def owns(self, row: Mapping[str, Any]) -> bool:
        """A page row (with document.draft_uuid, .application, .request) belongs to this holder."""
        ...

    async def accepts(self, tenant: str, account_id: int) -> bool:
        """Uploads are still taken (the draft exists, the request is open)."""
        ...


@dataclass(frozen=True)
class DraftSlots:
    uuid: str

    def documents(self) -> Any:
        return Document.draft_uuid == self.uuid

    def pages(self) -> Any:
        return DocumentPage.document.draft_uuid == self.uuid

    def fields(self) -> dict[str, Any]:
        return {"draft_uuid": self.uuid}

    def owns(self, row: Mapping[str, Any]) -> bool:
        return row["document.draft_uuid"] == self.uuid

    async def accepts(self, tenant: str, account_id: int) -> bool:
        return await Draft.exists().where(
            (Draft.uuid == self.uuid) & (Draft.tenant == tenant) & (Draft.account == account_id)
        )


RequestCheck = Callable[[str, int, int, int], Awaitable[bool]]


@dataclass(frozen=True)
class RequestSlots:
    """The slots of one document request (`request`, an id of the requesting feature) of a case."""

    application: int
    request: int
    # (tenant, account id, application id, request id) -> may the parent still upload?
    is_open: RequestCheck

    def documents(self) -> Any:
        return (Document.application == self.application) & (Document.request == self.request)

    def pages(self) -> Any:
        return (DocumentPage.document.application == self.application) & (
            DocumentPage.document.request == self.request
        )

    def fields(self) -> dict[str, Any]:
        return {"application": self.application, "request": self.request}

    def owns(self, row: Mapping[str, Any]) -> bool:
        return row["document.application"] == self.application and row["document.request"] == self.request

    async def accepts(self, tenant: str, account_id: int) -> bool:
        return await self.is_open(tenant, account_id, self.application, self.request)


def as_holder(value: str | Holder) -> Holder:
    """A draft UUID (what the draft endpoints pass) or a holder."""
    return DraftSlots(value) if isinstance(value, str) else value
