"""The whole loop over HTTP: the office opens a case (audited), asks for a document, the parent uploads it
and sends it, the case is back in review, the office decides, and the Bescheid arrives in the parent's
mailbox as an encrypted attachment that decrypts to a PDF with the reference."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from server.applications.tables import Application, ApplicationEvent
from server.audit.tables import AuditEvent
from server.casework.tables import Decision, DocumentRequest
from server.documents.tables import Document
from server.mailbox.tables import Message
from tests.integration.casework.support import (
    CHILD_FIRST,
    MARKERS,
    case_path,
    staff_client,
    staff_post,
    submitted_case,
    upload,
)
from tests.integration.support import location, post_form

pytestmark = pytest.mark.asyncio


def deadline_fields(days: int = 14) -> dict[str, str]:
    day = dt.date.today() + dt.timedelta(days=days)
    return {"frist-day": str(day.day), "frist-month": str(day.month), "frist-year": str(day.year)}


async def request_documents(worker, reference: str, **extra: str) -> None:
    data = {
        "titel-1": "Lohnabrechnung Dezember",
        "erklaerung-1": "Die Abrechnung für Dezember fehlt.",
        "titel-2": "Arbeitsvertrag",
        **deadline_fields(),
        **extra,
    }
    response = await staff_post(worker, case_path(reference, "/nachforderung"), data)
    assert response.status_code == 303, response.text[:3000]


async def test_request_upload_send_decide_and_deliver(client, email):
    case = await submitted_case(client, email)
    worker = await staff_client(client.app)

    inbox = await worker.get("/wuppertal/sachbearbeitung/")
    assert inbox.status_code == 200 and case.reference in inbox.text
    assert not any(marker in inbox.text for marker in MARKERS)  # the inbox lists no personal data
    detail = await worker.get(case_path(case.reference))
    assert detail.status_code == 200
    assert CHILD_FIRST in detail.text and "47.311" in detail.text
    assert (
        await AuditEvent.count().where(
            (AuditEvent.action == "application.view") & (AuditEvent.reference == case.reference)
        )
        == 1
    )

    # Take it into review, then ask for documents.
    taken = await staff_post(
        worker, case_path(case.reference, "/status"), {"ziel": "in_review", "stand": "submitted"}
    )
    assert taken.status_code == 303
    await request_documents(worker, case.reference)
    row = await Application.select(Application.status, Application.due_at).first()
    assert row["status"] == "documents_requested" and row["due_at"] is not None
    request = await DocumentRequest.select().first()

    # The parent finds the request in the mailbox and on the case page.
    message = await Message.select().where(Message.kind == "request").first()
    assert message["action_path"] == f"/wuppertal/vorgaenge/{case.reference}/nachreichen/{request['id']}"
    status_page = await client.get(f"/wuppertal/vorgaenge/{case.reference}")
    assert "Lohnabrechnung Dezember" in status_page.text and "Unterlagen nachreichen" in status_page.text
    page = await client.get(message["action_path"])
    assert page.status_code == 200 and "Arbeitsvertrag" in page.text

    # Sending before every document has a page names what is missing.
    incomplete = await post_form(client, message["action_path"], {})
    assert incomplete.status_code == 422 and "Lohnabrechnung Dezember" in incomplete.text
    for slot in ("anforderung_1", "anforderung_2"):
        uploaded = await upload(client, f"{message['action_path']}/{slot}")
        assert uploaded.status_code == 201, uploaded.text
    sent = await post_form(client, message["action_path"], {})
    assert sent.status_code == 303 and location(sent) == f"/wuppertal/vorgaenge/{case.reference}"
    row = await Application.select(Application.status, Application.due_at).first()
    assert row == {"status": "in_review", "due_at": None}
    assert (
        await Document.count().where((Document.request == request["id"]) & (Document.status == "attached"))
        == 2
    )
    # A closed request takes no more uploads.
    late = await upload(client, f"{message['action_path']}/anforderung_1")
    assert late.status_code == 404

    # The office sees the documents and decides with the proposed fee.
    detail = await worker.get(case_path(case.reference))
    assert "Lohnabrechnung Dezember" in detail.text and "nachgereicht" in detail.text
    form = await worker.get(case_path(case.reference, "/entscheidung"))
    fee = re.search(r'name="beitrag" type="text" value="([^"]*)"', form.text).group(1)
    month = re.search(r'name="beitrag_ab" type="text" value="([^"]*)"', form.text).group(1)
    assert fee and re.fullmatch(r"\d{2}/\d{4}", month)
    decided = await staff_post(
        worker,
        case_path(case.reference, "/entscheidung"),
        {
            "stand": "in_review",
            "entscheidung": "approved",
            "begruendung": "Die Angaben sind belegt.",
            "beitrag": "123,45",
            "beitrag_ab": month,
        },
    )
    assert decided.status_code == 303, decided.text[:3000]
    assert (await Application.select(Application.status).first())["status"] == "decision_delivered"
    statuses = [
        r["status_to"]
        for r in await ApplicationEvent.select(ApplicationEvent.status_to).order_by(ApplicationEvent.id)
    ]
    assert statuses[-2:] == ["approved", "decision_delivered"]

    # The parent opens the Bescheid from the mailbox: an encrypted file that decrypts to the PDF.
    decision_message = await Message.select().where(Message.kind == "decision").first()
    stored = (client.app.state.documents.store.storage.path(decision_message["attachment_key"])).read_bytes()
    assert b"%PDF" not in stored
    attachment = await client.get(f"/wuppertal/postfach/{decision_message['id']}/anhang")
    assert attachment.status_code == 200 and attachment.headers["content-type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(attachment.content)).pages)
    assert case.reference in text and "123,45 €" in text and "Rechtsbehelfsbelehrung" in text
    assert "Łukasz" not in text  # the letter goes to the parent, it does not name the child
    assert "Zofia Wójcik-Müller" in text and "Kirchstraße 7a" in text
    status_page = await client.get(f"/wuppertal/vorgaenge/{case.reference}")
    assert (
        "Bescheid zugestellt" in status_page.text
        and f"/wuppertal/postfach/{decision_message['id']}" in status_page.text
    )
    assert "zuletzt vom Amt bearbeitet am" in status_page.text
    actions = {
        r["action"]
        for r in await AuditEvent.select(AuditEvent.action).where(AuditEvent.reference == case.reference)
    }
    assert {"application.view", "application.status", "request.create", "decision.issue"} <= actions
    assert await Decision.count() == 1
