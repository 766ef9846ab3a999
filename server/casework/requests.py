"""Document requests (Nachforderung): the office asks for documents by a deadline, the parent photographs
or uploads them into the request's slots (server.documents with a RequestSlots holder) and sends them.

    create  (office)  in_review -> documents_requested, due_at = end of the deadline, a mailbox message
    fulfil  (parent)  the request's documents join the case, documents_requested -> in_review
    close_open        the office leaves documents_requested another way (e.g. the papers came by post)

A deadline that passed is only flagged: the parent can still send.
"""

from __future__ import annotations

import datetime as dt

import msgspec

from server.accounts.tables import Account
from server.applications import cases
from server.applications import status as machine
from server.applications.cases import Case
from server.applications.tables import Application
from server.audit.services import record
from server.casework.rules import RequestInput, deadline_end, item_slot, office_today
from server.casework.tables import DocumentRequest, RequestItem
from server.documents.holders import RequestSlots
from server.documents.services import attach_requested, holder_page_counts
from server.mailbox import services as mailbox
from server.web.i18n import _

OPEN, FULFILLED, CLOSED = "open", "fulfilled", "closed"
SIGNATURE = "signature"
# The status a case is in while a request of this kind waits for the parent.
WAITS_FOR = {"documents": "documents_requested", SIGNATURE: "awaiting_signature"}
# Pages a parent may add per requested document.
MAX_PAGES = 10


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class ItemView(msgspec.Struct, kw_only=True):
    position: int
    title: str
    explanation: str

    @property
    def slot(self) -> str:
        return item_slot(self.position)


class RequestView(msgspec.Struct, kw_only=True):
    id: int
    application: int
    deadline: dt.date
    note: str
    status: str
    kind: str
    created_at: dt.datetime
    closed_at: dt.datetime | None
    items: list[ItemView]

    @property
    def is_open(self) -> bool:
        return self.status == OPEN

    @property
    def deadline_passed(self) -> bool:
        return self.is_open and office_today() > self.deadline

    def item(self, slot: str) -> ItemView | None:
        return next((i for i in self.items if i.slot == slot), None)


class Links(msgspec.Struct, frozen=True, kw_only=True):
    """Where messages point: the parent's case (path) and, for the e-mail notice, the public mailbox URL."""

    portal_name: str
    mailbox_url: str


async def _views(tenant: str, where: object) -> list[RequestView]:
    rows = (
        await DocumentRequest.select()
        .where((DocumentRequest.tenant == tenant) & where)
        .order_by(DocumentRequest.created_at, ascending=False)
        .order_by(DocumentRequest.id, ascending=False)
    )
    if not rows:
        return []
    items = (
        await RequestItem.select()
        .where(RequestItem.request.is_in([r["id"] for r in rows]))
        .order_by(RequestItem.position)
    )
    return [
        RequestView(
            id=r["id"],
            application=r["application"],
            deadline=r["deadline"],
            note=r["note"],
            status=r["status"],
            kind=r["kind"],
            created_at=r["created_at"],
            closed_at=r["closed_at"],
            items=[
                ItemView(position=i["position"], title=i["title"], explanation=i["explanation"])
                for i in items
                if i["request"] == r["id"]
            ],
        )
        for r in rows
    ]


async def requests_of(tenant: str, application_id: int) -> list[RequestView]:
    """Every request of the case, newest first."""
    return await _views(tenant, DocumentRequest.application == application_id)


async def get(tenant: str, application_id: int, request_id: int) -> RequestView | None:
    if not 0 < request_id < 2**31:
        return None
    found = await _views(
        tenant, (DocumentRequest.application == application_id) & (DocumentRequest.id == request_id)
    )
    return found[0] if found else None


async def is_open(tenant: str, account_id: int, application_id: int, request_id: int) -> bool:
    """The parent's request is open and the case waits for it (RequestSlots' check, also inside the
    upload's transaction)."""
    row = (
        await DocumentRequest.select(
            DocumentRequest.status, DocumentRequest.kind, DocumentRequest.application.status
        )
        .where(
            (DocumentRequest.id == request_id)
            & (DocumentRequest.tenant == tenant)
            & (DocumentRequest.application == application_id)
            & (DocumentRequest.application.account == account_id)
        )
        .first()
    )
    return row is not None and row["status"] == OPEN and row["application.status"] == WAITS_FOR[row["kind"]]


def holder(application_id: int, request_id: int) -> RequestSlots:
    return RequestSlots(application=application_id, request=request_id, is_open=is_open)


async def create(
    tenant: str, case: Case, actor: Account, data: RequestInput, links: Links
) -> tuple[int, int | None]:
    """Ask for documents: (request id, mail id to deliver after commit). Raises
    machine.TransitionNotAllowed when the case is not (any more) in review."""
    now = utcnow()
    async with DocumentRequest._meta.db.transaction():
        await cases.transition(
            tenant,
            case.id,
            "documents_requested",
            actor.role,
            actor.id,
            _("Bitte reichen Sie Unterlagen bis zum {date} nach.").format(
                date=data.deadline.strftime("%d.%m.%Y")
            ),
            expected=case.status,
        )
        rows = await DocumentRequest.insert(
            DocumentRequest(
                tenant=tenant,
                application=case.id,
                created_by=actor.id,
                note=data.note,
                deadline=data.deadline,
                status=OPEN,
                created_at=now,
            )
        ).returning(DocumentRequest.id)
        request_id = rows[0]["id"]
        for position, item in enumerate(data.items, start=1):
            await RequestItem.insert(
                RequestItem(
                    tenant=tenant,
                    request=request_id,
                    position=position,
                    title=item.title,
                    explanation=item.explanation,
                )
            )
        await Application.update({Application.due_at: deadline_end(data.deadline)}).where(
            Application.id == case.id
        )
        lines = [
            f"– {item.title}" + (f": {item.explanation}" if item.explanation else "") for item in data.items
        ]
        body = _(
            "Für die Bearbeitung Ihres Antrags (Aktenzeichen {reference}) fehlen noch Unterlagen:\n\n{items}\n\n"
            "Bitte reichen Sie sie bis zum {date} nach. Sie können die Unterlagen mit dem Handy fotografieren "
            "oder als Datei hochladen."
        ).format(reference=case.reference, items="\n\n".join(lines), date=data.deadline.strftime("%d.%m.%Y"))
        if data.note:
            body += "\n\n" + data.note
        _message, mail_id = await mailbox.post(
            tenant,
            case.account,
            "request",
            _("Unterlagen nachreichen: {reference}").format(reference=case.reference),
            body,
            reference=case.reference,
            action_path=f"/{tenant}/vorgaenge/{case.reference}/nachreichen/{request_id}",
            action_label=_("Unterlagen nachreichen"),
            portal_name=links.portal_name,
            mailbox_url=links.mailbox_url,
        )
        await record(
            tenant,
            actor,
            "request.create",
            "application",
            case.id,
            case.reference,
            {"request": request_id, "items": len(data.items), "deadline": data.deadline.isoformat()},
        )
    return request_id, mail_id


class Incomplete(ValueError):
    """Requested documents without a page (their slots)."""

    def __init__(self, slots: list[str]) -> None:
        super().__init__(", ".join(slots))
        self.slots = slots


async def missing(tenant: str, account_id: int, request: RequestView) -> list[str]:
    counts = await holder_page_counts(tenant, account_id, holder(request.application, request.id))
    return [item.slot for item in request.items if not counts.get(item.slot)]


async def fulfil(tenant: str, case: Case, account: Account, request: RequestView) -> None:
    """The parent sends the requested documents: every item needs a page. Raises Incomplete, or
    machine.TransitionNotAllowed when the request is no longer open."""
    async with DocumentRequest._meta.db.transaction():
        closed = (
            await DocumentRequest.update(
                {DocumentRequest.status: FULFILLED, DocumentRequest.closed_at: utcnow()}
            )
            .where((DocumentRequest.id == request.id) & (DocumentRequest.status == OPEN))
            .returning(DocumentRequest.id)
        )
        if not closed:
            raise machine.TransitionNotAllowed("the request is not open")
        absent = await missing(tenant, account.id, request)
        if absent:
            raise Incomplete(absent)  # rolls the status back
        await attach_requested(tenant, case.id, request.id)
        if request.kind == SIGNATURE:
            # The signed page stands in for the written form: now the office can work the case.
            await cases.transition(
                tenant,
                case.id,
                "submitted",
                "system",
                account.id,
                _("Die unterschriebene Seite ist eingegangen."),
                expected="awaiting_signature",
            )
        else:
            await cases.transition(
                tenant,
                case.id,
                "in_review",
                "parent",
                account.id,
                _("Sie haben die angeforderten Unterlagen nachgereicht."),
                expected="documents_requested",
            )
        await Application.update({Application.due_at: None}).where(Application.id == case.id)


SIGNATURE_DAYS = 28


async def open_signature_request(tenant: str, application_id: int) -> int | None:
    """Inside the caller's transaction: the upload for the signed signature page of a case that now awaits
    its signature (once; a case has at most one open request)."""
    if await DocumentRequest.exists().where(
        (DocumentRequest.application == application_id) & (DocumentRequest.status == OPEN)
    ):
        return None
    deadline = office_today() + dt.timedelta(days=SIGNATURE_DAYS)
    rows = await DocumentRequest.insert(
        DocumentRequest(
            tenant=tenant,
            application=application_id,
            created_by=None,
            note=_(
                "Laden Sie die Unterschriftsseite herunter, unterschreiben Sie sie und laden Sie ein Foto der "
                "unterschriebenen Seite hoch. Sie können die Seite auch per Post schicken."
            ),
            deadline=deadline,
            status=OPEN,
            kind=SIGNATURE,
            created_at=utcnow(),
        )
    ).returning(DocumentRequest.id)
    await RequestItem.insert(
        RequestItem(
            tenant=tenant,
            request=rows[0]["id"],
            position=1,
            title=_("Unterschriebene Unterschriftsseite"),
            explanation=_("Ein gut lesbares Foto oder ein Scan der ganzen Seite mit Ihrer Unterschrift."),
        )
    )
    await Application.update({Application.due_at: deadline_end(deadline)}).where(
        Application.id == application_id
    )
    return rows[0]["id"]


async def signature_awaited(tenant: str, application_id: int, source: str, target: str) -> None:
    """Status listener: a case entering awaiting_signature gets its upload for the signed page."""
    if target == "awaiting_signature":
        await open_signature_request(tenant, application_id)


async def signature_at_submission(application_id: int, draft_uuid: str, account_id: int, ctx: object) -> None:
    """Submission hook: a written-form service starts in awaiting_signature (no transition happens)."""
    row = (
        await Application.select(Application.status, Application.tenant)
        .where(Application.id == application_id)
        .first()
    )
    if row and row["status"] == "awaiting_signature":
        await open_signature_request(row["tenant"], application_id)


async def close_open(tenant: str, application_id: int) -> None:
    """Inside the caller's transaction: the open request ends; what was uploaded stays with the case."""
    rows = (
        await DocumentRequest.update({DocumentRequest.status: CLOSED, DocumentRequest.closed_at: utcnow()})
        .where(
            (DocumentRequest.tenant == tenant)
            & (DocumentRequest.application == application_id)
            & (DocumentRequest.status == OPEN)
        )
        .returning(DocumentRequest.id)
    )
    for row in rows:
        await attach_requested(tenant, application_id, row["id"])
