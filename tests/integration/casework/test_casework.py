"""The office's pages one by one: inbox filters, audited views of cases and proofs, internal notes,
assignment, status changes, requests with a missed deadline, decisions (also two at once), the audit search."""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import uuid as uuidlib

import pytest

from server.applications.tables import Application
from server.audit.tables import AuditEvent
from server.casework.tables import CaseNote, Decision, DocumentRequest
from server.documents.tables import Document, DocumentPage
from server.mailbox.tables import Message
from tests.integration.casework.support import (
    CHILD_FIRST,
    case_path,
    staff_client,
    staff_post,
    submitted_case,
    upload,
)
from tests.integration.casework.test_flow import deadline_fields, request_documents
from tests.integration.support import post_form

pytestmark = pytest.mark.asyncio


def fresh_email() -> str:
    return f"eltern.{uuidlib.uuid4().hex[:8]}@beispiel.de"


async def views(reference: str, action: str = "application.view") -> int:
    return await AuditEvent.count().where((AuditEvent.action == action) & (AuditEvent.reference == reference))


async def in_review(worker, reference: str) -> None:
    response = await staff_post(
        worker, case_path(reference, "/status"), {"ziel": "in_review", "stand": "submitted"}
    )
    assert response.status_code == 303, response.text[:2000]


async def test_inbox_filters_sorting_and_pages(client, email):
    first = await submitted_case(client, email)
    worker = await staff_client(client.app)
    second = await submitted_case(worker.__class__(client.app), fresh_email())
    other_worker = await staff_client(client.app)
    await staff_post(worker, case_path(first.reference, "/zuweisung"), {"zustaendig": "ich"})
    await in_review(other_worker, second.reference)
    past = dt.datetime.now(dt.UTC) - dt.timedelta(days=2)
    await Application.update({Application.due_at: past}).where(Application.reference == second.reference)
    await Application.update({Application.submitted_at: dt.datetime(2025, 1, 10, 9, tzinfo=dt.UTC)}).where(
        Application.reference == first.reference
    )

    async def listed(query: str = "") -> list[str]:
        response = await worker.get(f"/wuppertal/sachbearbeitung/?{query}")
        assert response.status_code == 200, response.text[:2000]
        return re.findall(r'<td><a href="/wuppertal/sachbearbeitung/([^"]+)">', response.text)

    assert await listed() == [second.reference, first.reference]  # due date first
    assert await listed("sortierung=eingang_neu") == [second.reference, first.reference]
    assert await listed("sortierung=eingang_alt") == [first.reference, second.reference]
    assert await listed("mir=1") == [first.reference]
    assert await listed("ueberfaellig=1") == [second.reference]
    assert await listed("status=in_review") == [second.reference]
    assert await listed("status=submitted&dienst=elternbeitrag") == [first.reference]
    assert await listed("dienst=kita") == []
    assert await listed("eingang_von=2025-01-01&eingang_bis=2025-01-31") == [first.reference]
    reversed_range = await worker.get(
        "/wuppertal/sachbearbeitung/?eingang_von=2026-01-01&eingang_bis=2025-01-31"
    )
    assert (
        reversed_range.status_code == 422
        and "Das Ende des Zeitraums muss nach dem Beginn liegen." in reversed_range.text
    )
    page = await worker.get("/wuppertal/sachbearbeitung/?ueberfaellig=1")
    assert "überfällig" in page.text and "data-overdue" in page.text
    wrong = await worker.get("/wuppertal/sachbearbeitung/?eingang_von=gestern&status=erfunden")
    assert wrong.status_code == 422
    assert (
        "Bitte geben Sie den Beginn als Datum an" in wrong.text
        and "Diesen Status gibt es nicht." in wrong.text
    )
    # Decided cases leave the open list but can be found.
    await Application.update({Application.status: "rejected"}).where(Application.reference == first.reference)
    assert await listed() == [second.reference]
    assert first.reference in await listed("status=alle")


async def test_pagination(client, email, monkeypatch):
    from server.casework import inbox

    monkeypatch.setattr(inbox, "PAGE_SIZE", 1)
    first = await submitted_case(client, email)
    second = await submitted_case(client.__class__(client.app), fresh_email())
    worker = await staff_client(client.app)
    page_one = await worker.get("/wuppertal/sachbearbeitung/?sortierung=eingang_alt")
    assert first.reference in page_one.text and second.reference not in page_one.text
    assert "Seite 1 von 2" in page_one.text and "seite=2" in page_one.text
    page_two = await worker.get("/wuppertal/sachbearbeitung/?sortierung=eingang_alt&seite=2")
    assert second.reference in page_two.text and first.reference not in page_two.text
    beyond = await worker.get("/wuppertal/sachbearbeitung/?sortierung=eingang_alt&seite=99")
    assert beyond.status_code == 200 and second.reference in beyond.text


async def test_every_view_of_the_case_and_its_proofs_is_audited(client, email):
    case = await submitted_case(client, email)
    worker = await staff_client(client.app)
    detail = await worker.get(case_path(case.reference))
    viewer_link = re.search(
        rf'href="(/wuppertal/sachbearbeitung/{case.reference}/nachweise/(\d+))"', detail.text
    )
    assert viewer_link, detail.text
    viewer = await worker.get(viewer_link.group(1))
    assert viewer.status_code == 200 and "Einkommensnachweise" in viewer.text
    image_path = re.search(r'<img src="([^"]+/seiten/\d+)"', viewer.text).group(1)
    image = await worker.get(image_path)
    assert image.status_code == 200 and image.headers["content-type"] == "image/jpeg"
    assert "no-store" in image.headers["cache-control"]
    # Staff pages are never kept (the service worker skips no-store pages too).
    for response in (detail, viewer):
        assert "no-store" in response.headers["cache-control"]
    pdf = await worker.get(f"{viewer_link.group(1)}/nachweis.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert await views(case.reference) == 1
    kinds = [
        r["details"]
        for r in await AuditEvent.select(AuditEvent.details)
        .where((AuditEvent.action == "document.view") & (AuditEvent.reference == case.reference))
        .order_by(AuditEvent.id)
    ]
    assert len(kinds) == 3
    joined = " ".join(str(k) for k in kinds)
    assert "viewer" in joined and "page" in joined and "pdf" in joined
    for row in await AuditEvent.select(AuditEvent.details):
        assert CHILD_FIRST not in str(row["details"])  # no personal data in the log
    # Another case's proof through this case's URL is not found.
    other = await submitted_case(client.__class__(client.app), fresh_email())
    other_doc = await Document.select(Document.id).where(Document.application == other.application_id).first()
    crossed = await worker.get(case_path(case.reference, f"/nachweise/{other_doc['id']}"))
    assert crossed.status_code == 404
    crossed_pdf = await worker.get(case_path(case.reference, f"/nachweise/{other_doc['id']}/nachweis.pdf"))
    assert crossed_pdf.status_code == 404
    page = await DocumentPage.select(DocumentPage.id).where(DocumentPage.document == other_doc["id"]).first()
    crossed_page = await worker.get(
        case_path(case.reference, f"/nachweise/{other_doc['id']}/seiten/{page['id']}")
    )
    assert crossed_page.status_code == 404


async def test_notes_stay_internal(client, email):
    case = await submitted_case(client, email)
    worker = await staff_client(client.app)
    empty = await staff_post(worker, case_path(case.reference, "/notizen"), {"notiz": "  "})
    assert empty.status_code == 422 and "Bitte schreiben Sie eine Notiz." in empty.text
    saved = await staff_post(
        worker, case_path(case.reference, "/notizen"), {"notiz": "Rückruf vereinbart: geheim-4711"}
    )
    assert saved.status_code == 303
    detail = await worker.get(case_path(case.reference))
    assert "geheim-4711" in detail.text and worker.email in detail.text
    assert await CaseNote.count() == 1
    audit = await AuditEvent.select(AuditEvent.details).where(AuditEvent.action == "application.note").first()
    assert "geheim" not in str(audit["details"])
    parent_page = await client.get(f"/wuppertal/vorgaenge/{case.reference}")
    assert "geheim-4711" not in parent_page.text
    mailbox = await client.get("/wuppertal/postfach/")
    assert "geheim-4711" not in mailbox.text


async def test_assignment(client, email):
    case = await submitted_case(client, email)
    worker = await staff_client(client.app)
    colleague = await staff_client(client.app, "admin")
    taken = await staff_post(worker, case_path(case.reference, "/zuweisung"), {"zustaendig": "ich"})
    assert taken.status_code == 303
    assert (await Application.select(Application.assigned_to.email).first())[
        "assigned_to.email"
    ] == worker.email
    detail = await colleague.get(case_path(case.reference))
    option = re.search(
        rf'<option value="(\d+)"[^>]*>{re.escape(colleague.email)}</option>', detail.text
    ).group(1)
    moved = await staff_post(worker, case_path(case.reference, "/zuweisung"), {"zustaendig": option})
    assert moved.status_code == 303
    assert (await Application.select(Application.assigned_to.email).first())[
        "assigned_to.email"
    ] == colleague.email
    refused = await staff_post(worker, case_path(case.reference, "/zuweisung"), {"zustaendig": "999999"})
    assert refused.status_code == 409 and "Bitte wählen Sie eine Person aus Ihrem Amt aus." in refused.text
    nobody = await staff_post(worker, case_path(case.reference, "/zuweisung"), {"zustaendig": "niemand"})
    assert nobody.status_code == 303
    assert (await Application.select(Application.assigned_to).first())["assigned_to"] is None
    assert await AuditEvent.count().where(AuditEvent.action == "application.assign") == 3
    timeline = await worker.get(case_path(case.reference))
    assert timeline.text.count("Zuständigkeit geändert") == 3


async def test_assigning_to_staff_of_another_tenant_or_a_provider_is_refused(client, email):
    from server.accounts.tables import Account

    case = await submitted_case(client, email)
    worker = await staff_client(client.app)
    for role, tenant in (("caseworker", "iserlohn"), ("provider", "wuppertal")):
        other = await staff_client(client.app, role, tenant)
        other_id = (await Account.select(Account.id).where(Account.email == other.email).first())["id"]
        refused = await staff_post(
            worker, case_path(case.reference, "/zuweisung"), {"zustaendig": str(other_id)}
        )
        assert refused.status_code == 409
        assert (await Application.select(Application.assigned_to).first())["assigned_to"] is None


async def test_status_buttons_follow_the_table(client, email):
    case = await submitted_case(client, email)
    worker = await staff_client(client.app)
    detail = await worker.get(case_path(case.reference))
    assert 'name="ziel" value="in_review"' in detail.text
    assert "Unterlagen nachfordern" not in detail.text  # only from in review
    assert "Entscheiden und Bescheid erstellen" not in detail.text
    # A transition the table does not allow (or a stale page) changes nothing.
    refused = await staff_post(
        worker, case_path(case.reference, "/status"), {"ziel": "approved", "stand": "submitted"}
    )
    assert refused.status_code == 409 and "hat sich gerade geändert" in refused.text
    await in_review(worker, case.reference)
    stale = await staff_post(
        worker, case_path(case.reference, "/status"), {"ziel": "in_review", "stand": "submitted"}
    )
    assert stale.status_code == 409
    detail = await worker.get(case_path(case.reference))
    assert "Unterlagen nachfordern" in detail.text and "Entscheiden und Bescheid erstellen" in detail.text
    assert await AuditEvent.count().where(AuditEvent.action == "application.status") == 1


async def test_request_form_rules(client, email):
    case = await submitted_case(client, email)
    worker = await staff_client(client.app)
    early = await staff_post(
        worker, case_path(case.reference, "/nachforderung"), {"titel-1": "X", **deadline_fields()}
    )
    assert early.status_code == 409  # not in review yet
    await in_review(worker, case.reference)
    form = await worker.get(case_path(case.reference, "/nachforderung"))
    default = dt.date.today() + dt.timedelta(days=14)
    assert (
        f'name="frist-day" type="text" inputmode="numeric" maxlength="2" value="{default.day}"' in form.text
    )
    empty = await staff_post(
        worker,
        case_path(case.reference, "/nachforderung"),
        {"erklaerung-2": "ohne Titel", **deadline_fields(0)},
    )
    assert empty.status_code == 422
    for message in (
        "Bitte nennen Sie mindestens eine Unterlage, die fehlt.",
        "Bitte geben Sie an, welche Unterlage Sie anfordern.",
        "Die Frist muss nach dem heutigen Tag liegen.",
    ):
        assert message in empty.text
    assert 'value="ohne Titel"' not in empty.text and ">ohne Titel</textarea>" in empty.text
    assert await DocumentRequest.count() == 0
    assert (await Application.select(Application.status).first())["status"] == "in_review"


async def test_missed_deadline_is_flagged_and_the_parent_can_still_send(client, email):
    case = await submitted_case(client, email)
    worker = await staff_client(client.app)
    await in_review(worker, case.reference)
    await request_documents(worker, case.reference)
    request = await DocumentRequest.select().first()
    yesterday = dt.date.today() - dt.timedelta(days=3)
    await DocumentRequest.update({DocumentRequest.deadline: yesterday}).where(
        DocumentRequest.id == request["id"]
    )
    await Application.update({Application.due_at: dt.datetime.now(dt.UTC) - dt.timedelta(days=2)}).where(
        Application.id == case.application_id
    )
    overdue = await worker.get("/wuppertal/sachbearbeitung/?ueberfaellig=1")
    assert case.reference in overdue.text
    detail = await worker.get(case_path(case.reference))
    assert "Frist abgelaufen" in detail.text and "überfällig" in detail.text
    status_page = await client.get(f"/wuppertal/vorgaenge/{case.reference}")
    assert "Die Frist ist am" in status_page.text and "trotzdem noch senden" in status_page.text
    path = f"/wuppertal/vorgaenge/{case.reference}/nachreichen/{request['id']}"
    page = await client.get(path)
    assert "Die Frist ist abgelaufen" in page.text
    for slot in ("anforderung_1", "anforderung_2"):
        assert (await upload(client, f"{path}/{slot}")).status_code == 201
    assert (await post_form(client, path, {})).status_code == 303
    assert (await Application.select(Application.status).first())["status"] == "in_review"
    overdue = await worker.get("/wuppertal/sachbearbeitung/?ueberfaellig=1")
    assert case.reference not in overdue.text


async def test_request_uploads_are_idempotent_and_owned(client, email):
    case = await submitted_case(client, email)
    worker = await staff_client(client.app)
    await in_review(worker, case.reference)
    await request_documents(worker, case.reference)
    request = await DocumentRequest.select().first()
    path = f"/wuppertal/vorgaenge/{case.reference}/nachreichen/{request['id']}/anforderung_1"
    headers = {
        "x-csrftoken": client.cookies.get("portal_csrf"),
        "Idempotency-Key": "gleicher-schluessel-0001",
        "Accept": "application/json",
    }
    from tests.unit.documents.corpus import small_jpeg

    first, second = await asyncio.gather(
        client.post(path, files={"datei": ("a.jpg", small_jpeg(), "image/jpeg")}, headers=headers),
        client.post(path, files={"datei": ("a.jpg", small_jpeg(), "image/jpeg")}, headers=headers),
    )
    assert sorted([first.status_code, second.status_code]) == [200, 201]
    assert first.json()["id"] == second.json()["id"]
    listed = await client.get(path, headers={"Accept": "application/json"})
    assert [p["id"] for p in listed.json()] == [first.json()["id"]]
    unknown_slot = await upload(client, path.replace("anforderung_1", "anforderung_9"))
    assert unknown_slot.status_code == 404
    # Another parent cannot see or add to it.
    stranger = client.__class__(client.app)
    await submitted_case(stranger, fresh_email())
    assert (await upload(stranger, path)).status_code == 404
    assert (await stranger.get(path, headers={"Accept": "application/json"})).status_code == 404
    assert (await stranger.get(path.rsplit("/", 1)[0])).status_code == 404
    # Deleting a page of the request's slot.
    deleted = await client.post(
        f"{path}/{first.json()['id']}/loeschen",
        headers={"x-csrftoken": client.cookies.get("portal_csrf"), "Accept": "application/json"},
    )
    assert deleted.status_code == 200 and deleted.json() == []
    # The sweep does not take temporary request documents for orphans of a draft.
    await upload(client, path)
    report = await client.app.state.documents.prune(dt.datetime.now(dt.UTC) + dt.timedelta(days=2))
    assert report.documents == 0
    assert await Document.count().where(Document.request == request["id"]) == 1


async def test_the_office_ending_a_request_keeps_what_was_uploaded(client, email):
    case = await submitted_case(client, email)
    worker = await staff_client(client.app)
    await in_review(worker, case.reference)
    await request_documents(worker, case.reference)
    request = await DocumentRequest.select().first()
    path = f"/wuppertal/vorgaenge/{case.reference}/nachreichen/{request['id']}"
    await upload(client, f"{path}/anforderung_1")
    ended = await staff_post(
        worker, case_path(case.reference, "/status"), {"ziel": "in_review", "stand": "documents_requested"}
    )
    assert ended.status_code == 303
    assert (await DocumentRequest.select(DocumentRequest.status).first())["status"] == "closed"
    assert (
        await Document.count().where((Document.request == request["id"]) & (Document.status == "attached"))
        == 1
    )
    assert (await Application.select(Application.due_at).first())["due_at"] is None
    page = await client.get(path)
    assert "Diese Nachforderung ist erledigt" in page.text
    assert (await post_form(client, path, {})).status_code == 409


async def test_decision_form_rules(client, email):
    case = await submitted_case(client, email)
    worker = await staff_client(client.app)
    await in_review(worker, case.reference)
    path = case_path(case.reference, "/entscheidung")
    missing = await staff_post(worker, path, {"stand": "in_review", "entscheidung": "approved"})
    assert missing.status_code == 422
    assert "Bitte begründen Sie die Entscheidung." in missing.text
    assert "Bitte geben Sie den monatlichen Beitrag an" in missing.text
    wrong = await staff_post(
        worker,
        path,
        {
            "stand": "in_review",
            "entscheidung": "erfunden",
            "begruendung": "x",
            "beitrag": "12,345",
            "beitrag_ab": "13/2026",
        },
    )
    assert wrong.status_code == 422
    for message in (
        "Bitte wählen Sie die Entscheidung aus.",
        "Bitte geben Sie den Beitrag in Euro an",
        "Bitte geben Sie den Monat so an",
    ):
        assert message in wrong.text
    rejected = await staff_post(
        worker, path, {"stand": "in_review", "entscheidung": "rejected", "begruendung": "Nachweise fehlen."}
    )
    assert rejected.status_code == 303
    decision = await Decision.select().first()
    assert decision["outcome"] == "rejected" and decision["fee_cents"] is None
    assert (await worker.get(path)).status_code == 200  # shows that there is nothing to decide
    again = await staff_post(
        worker,
        path,
        {
            "stand": "in_review",
            "entscheidung": "approved",
            "begruendung": "x",
            "beitrag": "1",
            "beitrag_ab": "08/2026",
        },
    )
    assert again.status_code == 409 and "wurde gerade schon entschieden" in again.text
    bescheid = await worker.get(case_path(case.reference, "/bescheid.pdf"))
    assert bescheid.status_code == 200 and bescheid.content.startswith(b"%PDF")
    assert (
        await AuditEvent.count().where(
            (AuditEvent.action == "document.view") & (AuditEvent.object_type == "decision")
        )
        == 1
    )


async def test_two_caseworkers_deciding_at_once(client, email):
    case = await submitted_case(client, email)
    first = await staff_client(client.app)
    second = await staff_client(client.app)
    await in_review(first, case.reference)
    for worker in (first, second):
        await worker.get(case_path(case.reference, "/entscheidung"))
    files_before = set(_files(client))
    form = {"stand": "in_review", "begruendung": "Geprüft.", "beitrag": "50", "beitrag_ab": "08/2026"}
    responses = await asyncio.gather(
        post_form(first, case_path(case.reference, "/entscheidung"), {**form, "entscheidung": "approved"}),
        post_form(second, case_path(case.reference, "/entscheidung"), {**form, "entscheidung": "rejected"}),
    )
    codes = sorted(r.status_code for r in responses)
    assert codes == [303, 409], [r.text[:500] for r in responses]
    loser = next(r for r in responses if r.status_code == 409)
    assert "Über diesen Antrag wurde gerade schon entschieden" in loser.text
    assert await Decision.count() == 1
    assert await Message.count().where(Message.kind == "decision") == 1
    assert await AuditEvent.count().where(AuditEvent.action == "decision.issue") == 1
    # Only the winner's Bescheid file is left in the store.
    assert len(set(_files(client)) - files_before) == 1


def _files(client) -> list[str]:
    root = client.app.state.documents.store.storage.root
    return [p.name for p in root.rglob("*") if p.is_file()] if root.exists() else []


async def test_decision_files_survive_the_orphan_sweep(client, email):
    case = await submitted_case(client, email)
    worker = await staff_client(client.app)
    await in_review(worker, case.reference)
    await staff_post(
        worker,
        case_path(case.reference, "/entscheidung"),
        {"stand": "in_review", "entscheidung": "rejected", "begruendung": "Nein."},
    )
    key = (await Decision.select(Decision.pdf_key).first())["pdf_key"]
    import os
    import time

    path = client.app.state.documents.store.storage.path(key)
    old = time.time() - 3 * 86400
    os.utime(path, (old, old))
    report = await client.app.state.documents.prune()
    assert report.orphan_files == 0 and path.exists()


async def test_audit_search_for_admins_only(client, email):
    case = await submitted_case(client, email)
    worker = await staff_client(client.app)
    admin = await staff_client(client.app, "admin")
    await worker.get(case_path(case.reference))
    assert (await worker.get("/wuppertal/verwaltung/protokoll")).status_code == 403
    found = await admin.get(
        f"/wuppertal/verwaltung/protokoll?email={worker.email}&aktion=application.view&aktenzeichen={case.reference}"
    )
    assert found.status_code == 200
    assert found.text.count("<tr>") == 2 and worker.email in found.text and "Antrag angesehen" in found.text
    none = await admin.get(
        f"/wuppertal/verwaltung/protokoll?aktion=decision.issue&aktenzeichen={case.reference}"
    )
    assert "0 Einträge" in none.text and "<table" not in none.text
    bad = await admin.get("/wuppertal/verwaltung/protokoll?von=morgen&aktion=erfunden&email=kein")
    assert bad.status_code == 422
    searches = await AuditEvent.select(AuditEvent.details, AuditEvent.reference).where(
        AuditEvent.action == "audit.search"
    )
    assert len(searches) == 3
    assert all(s["reference"] == "" for s in searches)
    assert worker.email not in str(searches)  # the searched address is not logged
    # A search is no work on the case: the parent's page does not count it.
    from server.audit.services import last_office_activity

    viewed_at = (
        await AuditEvent.select(AuditEvent.at).where(AuditEvent.action == "application.view").first()
    )["at"]
    assert await last_office_activity("wuppertal", case.reference) == viewed_at


async def test_request_page_without_javascript(client, email):
    from tests.unit.documents.corpus import small_jpeg

    case = await submitted_case(client, email)
    worker = await staff_client(client.app)
    await in_review(worker, case.reference)
    await request_documents(worker, case.reference)
    request = await DocumentRequest.select().first()
    path = f"/wuppertal/vorgaenge/{case.reference}/nachreichen/{request['id']}"
    page = await client.get(path)
    assert f'formaction="{path}/anforderung_1"' in page.text and 'data-upload-url="' in page.text
    assert 'name="datei-anforderung_1"' in page.text
    key = re.search(r'name="idempotency_key" value="([^"]+)"', page.text).group(1)
    form = {"_csrf_token": client.cookies.get("portal_csrf"), "zurueck": path, "idempotency_key": key}
    plain = await client.post(
        f"{path}/anforderung_1",
        data=form,
        files=[  # the whole form: both items' file inputs, a file chosen for the first
            ("datei-anforderung_1", ("", b"", "application/octet-stream")),
            ("datei-anforderung_1", ("lohn.jpg", small_jpeg(), "image/jpeg")),
            ("datei-anforderung_2", ("", b"", "application/octet-stream")),
        ],
        headers={"Accept": "text/html"},
        follow_redirects=False,
    )
    assert plain.status_code == 303 and plain.headers["location"] == f"{path}?nachweis=ok&feld=anforderung_1"
    refused = await client.post(
        f"{path}/anforderung_2",
        data={**form, "idempotency_key": "anderer-schluessel-0001"},
        files=[("datei-anforderung_2", ("brief.html", b"<html><script>alert(1)</script>", "image/jpeg"))],
        headers={"Accept": "text/html"},
        follow_redirects=False,
    )
    assert refused.status_code == 303 and "nachweis_fehler=" in refused.headers["location"]
    shown = await client.get(refused.headers["location"])
    assert re.search(
        r'id="anforderung_2-error"><span class="visually-hidden">Fehler:</span> [^<]+<', shown.text
    )
    assert shown.text.count('data-server-page="') == 1
    # The status page shows who works the case, and the request with its link.
    status = await client.get(f"/wuppertal/vorgaenge/{case.reference}")
    assert "Zuständig: Jugendamt – Elternbeiträge" in status.text and f'href="{path}"' in status.text


async def test_kita_demand_notice_in_the_back_office(client, email):
    from tests.integration.applications.support import family as kita_family
    from tests.integration.applications.support import kita_values, new_uuid, put_draft, submit_json

    fam = await kita_family(client, email)
    uuid = new_uuid()
    await put_draft(client, uuid, 0, kita_values(fam))
    done = await submit_json(client, uuid, 1)
    assert done.status_code == 201, done.text
    reference = done.json()["reference"]
    worker = await staff_client(client.app)
    detail = await worker.get(case_path(reference))
    assert (
        'name="ziel" value="reserved"' in detail.text and "Entscheiden und Bescheid erstellen" in detail.text
    )
    form = await worker.get(case_path(reference, "/entscheidung"))
    assert 'value="rejected"' in form.text and 'value="approved"' not in form.text
    assert 'name="beitrag"' not in form.text
    rejected = await staff_post(
        worker,
        case_path(reference, "/entscheidung"),
        {"stand": "submitted", "entscheidung": "rejected", "begruendung": "Kein Wohnsitz in der Stadt."},
    )
    assert rejected.status_code == 303, rejected.text[:2000]
    # The Kita flow has no delivery step: the case stays rejected, the Bescheid is in the mailbox.
    assert (await Application.select(Application.status).where(Application.reference == reference).first())[
        "status"
    ] == "rejected"
    assert await Message.count().where((Message.kind == "decision") & (Message.reference == reference)) == 1
    assert "In diesem Stand gibt es für Sie nichts zu tun." in (await worker.get(case_path(reference))).text


async def test_confirming_a_kita_reservation_leaves_offers_to_the_placement_area(client, email):
    from tests.integration.applications.support import family as kita_family
    from tests.integration.applications.support import kita_values, new_uuid, put_draft, submit_json

    fam = await kita_family(client, email)
    uuid = new_uuid()
    await put_draft(client, uuid, 0, kita_values(fam))
    reference = (await submit_json(client, uuid, 1)).json()["reference"]
    worker = await staff_client(client.app)
    confirmed = await staff_post(
        worker, case_path(reference, "/status"), {"ziel": "reserved", "stand": "submitted"}
    )
    assert confirmed.status_code == 303
    detail = await worker.get(case_path(reference))
    assert "im Trägerbereich bearbeitet" in detail.text and 'name="ziel"' not in detail.text
    refused = await staff_post(
        worker, case_path(reference, "/status"), {"ziel": "offered", "stand": "reserved"}
    )
    assert refused.status_code == 409
