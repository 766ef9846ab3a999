"""A slot's pages: list, reorder, delete, thumbnails, scoped to tenant and owner; the lifecycle (deleted with
the draft, attached on submission, pruned) and file/row consistency."""

from __future__ import annotations

import datetime as dt
import io
import os

import pytest
from PIL import Image
from pypdf import PdfReader

from server.accounts.services import get_account
from server.applications import drafts, submission
from server.applications.services import load_context
from server.documents import services as document_services
from server.documents.services import attached_documents, page_counts
from server.documents.storage import new_key
from server.documents.tables import Document, DocumentPage
from tests.integration.documents.conftest import (
    PROOF_SERVICE,
    SLOT,
    TENANT,
    Parent,
    new_draft,
    row_counts,
    storage_root,
    stored_files,
)
from tests.integration.support import AppClient, csrf_token, logged_in_parent
from tests.unit.documents import corpus

FOREIGN_DRAFT = "3f0c9d1e-8a2b-4c3d-9e4f-5a6b7c8d9e0f"


async def three_pages(parent: Parent) -> list[int]:
    ids = []
    for data in (corpus.small_jpeg(), corpus.multipage_pdf(2), corpus.image_bytes("PNG", (640, 480))):
        response = await parent.upload(data)
        assert response.status_code == 201, response.text
        ids.append(response.json()["id"])
    return ids


async def listed(parent: Parent) -> list[tuple[int, int]]:
    response = await parent.client.get(parent.slot_path(), headers={"accept": "application/json"})
    assert response.status_code == 200
    return [(p["id"], p["position"]) for p in response.json()]


async def test_reorder(parent):
    a, b, c = await three_pages(parent)
    response = await parent.post_json(parent.slot_path() + "/reihenfolge", [c, a, b])
    assert response.status_code == 200, response.text
    assert [(p["id"], p["position"]) for p in response.json()] == [(c, 1), (a, 2), (b, 3)]
    assert await listed(parent) == [(c, 1), (a, 2), (b, 3)]
    for bad in ([a, b], [a, b, c, c], [a, b, 999999], [a, b, 10**30], [], ["x"], {"order": [a]}, "abc"):
        response = await parent.post_json(parent.slot_path() + "/reihenfolge", bad)
        assert response.status_code in {400, 422}, (bad, response.text)
        assert response.json()["error"] in {"bad_order", "bad_request"}
    assert await listed(parent) == [(c, 1), (a, 2), (b, 3)]


async def test_reorder_without_javascript(parent):
    a, b, c = await three_pages(parent)
    response = await parent.client.post(
        parent.slot_path() + "/reihenfolge",
        data={
            "_csrf_token": csrf_token(parent.client),
            "reihenfolge": f"{b},{c},{a}",
            "zurueck": "/wuppertal/x",
        },
        headers={"accept": "text/html"},
        follow_redirects=False,
    )
    assert (
        response.status_code == 303
        and response.headers["location"] == f"/wuppertal/x?nachweis=reihenfolge&feld={SLOT}"
    )
    assert await listed(parent) == [(b, 1), (c, 2), (a, 3)]
    # A broken order goes back to the same page with the reason, the pages unchanged.
    response = await parent.client.post(
        parent.slot_path() + "/reihenfolge",
        data={
            "_csrf_token": csrf_token(parent.client),
            "reihenfolge": "zwei,eins",
            "zurueck": "/wuppertal/x",
        },
        headers={"accept": "text/html"},
        follow_redirects=False,
    )
    assert (
        response.status_code == 303
        and response.headers["location"] == f"/wuppertal/x?nachweis_fehler=bad_request&feld={SLOT}"
    )
    assert await listed(parent) == [(b, 1), (c, 2), (a, 3)]


async def test_delete_closes_the_gap_and_removes_the_files(parent):
    a, b, c = await three_pages(parent)
    row = await DocumentPage.objects().where(DocumentPage.id == b).first()
    response = await parent.post_json(f"{parent.slot_path()}/{b}/loeschen")
    assert response.status_code == 200
    assert [(p["id"], p["position"]) for p in response.json()] == [(a, 1), (c, 2)]
    assert row.storage_key not in {n.split("/")[-1] for n in stored_files(parent.client)}
    again = await parent.post_json(f"{parent.slot_path()}/{b}/loeschen")
    assert again.status_code == 404 and again.json()["error"] == "not_found"
    # Deleting the last pages removes the proof itself.
    for page_id in (a, c):
        assert (await parent.post_json(f"{parent.slot_path()}/{page_id}/loeschen")).status_code == 200
    assert await row_counts() == (0, 0)
    assert await page_counts(TENANT, parent.account_id, parent.draft) == {}


async def test_delete_without_javascript(parent):
    (page_id,) = [(await parent.upload(corpus.small_jpeg())).json()["id"]]
    response = await parent.client.post(
        f"{parent.slot_path()}/{page_id}/loeschen",
        data={"_csrf_token": csrf_token(parent.client), "zurueck": f"/{TENANT}/antraege"},
        headers={"accept": "text/html"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/{TENANT}/antraege?nachweis=geloescht&feld={SLOT}"
    assert await row_counts() == (0, 0)


async def test_thumbnails(parent):
    photo, pdf, _ = await three_pages(parent)
    response = await parent.client.get(f"/{TENANT}/nachweise/seiten/{photo}/vorschau")
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/jpeg"
    assert response.headers["cache-control"] == "private, max-age=3600"
    thumbnail = Image.open(io.BytesIO(response.content))
    assert thumbnail.format == "JPEG" and max(thumbnail.size) == 320
    icon = await parent.client.get(f"/{TENANT}/nachweise/seiten/{pdf}/vorschau")
    assert icon.status_code == 200 and Image.open(io.BytesIO(icon.content)).format == "JPEG"
    for missing in (999999, 2**31, 10**20, 0):
        assert (await parent.client.get(f"/{TENANT}/nachweise/seiten/{missing}/vorschau")).status_code == 404
    # A lost thumbnail file is logged and answered 404, not 500.
    row = await DocumentPage.objects().where(DocumentPage.id == photo).first()
    (storage_root(parent.client) / row.thumbnail_key[:2] / row.thumbnail_key).unlink()
    assert (await parent.client.get(f"/{TENANT}/nachweise/seiten/{photo}/vorschau")).status_code == 404


async def test_unknown_drafts_and_slots_are_404(parent):
    kita_draft = await new_draft(parent.account_id, service="kita")
    for path in (
        parent.slot_path(FOREIGN_DRAFT),
        parent.slot_path("not-a-uuid"),
        parent.slot_path(slot="bemerkung"),  # a field, but not a proof
        parent.slot_path(slot="gibtsnicht"),
        parent.slot_path(slot="Einkommen"),
        parent.slot_path(kita_draft, slot=SLOT),  # a draft of a service without this slot
    ):
        upload = await parent.upload(corpus.small_jpeg(), path=path)
        assert upload.status_code == 404 and upload.json()["error"] == "not_found", path
        assert (await parent.client.get(path, headers={"accept": "application/json"})).status_code == 404
        assert (await parent.post_json(path + "/reihenfolge", [])).status_code == 404
        assert (await parent.post_json(path + "/1/loeschen")).status_code == 404
    assert await row_counts() == (0, 0)


async def test_another_parents_drafts_and_pages_are_404(parent, email):
    a, b, _ = await three_pages(parent)
    async with AppClient(parent.client.app) as other_client:
        other_id = await logged_in_parent(other_client, TENANT, "anders." + email)
        other = Parent(other_client, other_id, await new_draft(other_id))
        # The first parent's draft, through every endpoint.
        foreign = parent.slot_path()
        upload = await other.upload(corpus.small_jpeg(), path=foreign)
        assert upload.status_code == 404
        assert (await other_client.get(foreign, headers={"accept": "application/json"})).status_code == 404
        assert (await other.post_json(f"{foreign}/{a}/loeschen")).status_code == 404
        assert (await other.post_json(f"{foreign}/reihenfolge", [b, a])).status_code == 404
        # The first parent's page ids, through the other parent's own draft.
        assert (await other.post_json(f"{other.slot_path()}/{a}/loeschen")).status_code == 404
        reorder = await other.post_json(f"{other.slot_path()}/reihenfolge", [b, a])
        assert reorder.status_code == 422
        thumbnail = await other_client.get(f"/{TENANT}/nachweise/seiten/{a}/vorschau")
        assert thumbnail.status_code == 404 and thumbnail.headers["content-type"].startswith("text/html")
        # The same idempotency key in another account is another page.
        mine = await other.upload(corpus.small_jpeg(), key="geteilt-000000000001")
        theirs = await parent.upload(
            corpus.small_jpeg(),
            key="geteilt-000000000001",
            path=parent.slot_path(await new_draft(parent.account_id)),
        )
        assert mine.status_code == theirs.status_code == 201 and mine.json()["id"] != theirs.json()["id"]
    assert await listed(parent) == [(a, 1), (b, 2), (_, 3)]


async def test_a_session_of_another_tenant_does_not_count(parent):
    response = await parent.client.get(
        f"/iserlohn/entwuerfe/{parent.draft}/nachweise/{SLOT}", headers={"accept": "application/json"}
    )
    assert response.status_code == 401


# --- lifecycle ----------------------------------------------------------------------------------------


async def test_deleting_the_draft_deletes_its_proofs(parent):
    await three_pages(parent)
    keys = {
        k
        for r in await DocumentPage.select(DocumentPage.storage_key, DocumentPage.thumbnail_key)
        for k in r.values()
        if k
    }
    assert await drafts.delete_draft(TENANT, parent.account_id, parent.draft)
    assert await page_counts(TENANT, parent.account_id, parent.draft) == {}
    assert await Document.count().where(Document.status == "deleted") == 1
    report = await parent.documents.prune(orphans=False)
    assert (report.documents, report.pages, report.files) == (1, 3, 5)
    assert await row_counts() == (0, 0)
    assert not keys & {n.split("/")[-1] for n in stored_files(parent.client)}


async def test_a_rolled_back_draft_deletion_keeps_the_proofs(parent, monkeypatch):
    await parent.upload(corpus.small_jpeg())

    async def fail(*args):
        raise RuntimeError("later hook fails")

    monkeypatch.setattr(drafts, "DELETE_HOOKS", [*drafts.DELETE_HOOKS, fail])
    with pytest.raises(RuntimeError):
        await drafts.delete_draft(TENANT, parent.account_id, parent.draft)
    assert await page_counts(TENANT, parent.account_id, parent.draft) == {SLOT: 1}
    await parent.documents.prune(orphans=False)
    assert await row_counts() == (1, 1)


async def test_submission_attaches_the_proofs_to_the_case(parent):
    photo = (await parent.upload(corpus.camera_jpeg())).json()["id"]
    await parent.upload(corpus.multipage_pdf(2))
    app = parent.client.app
    tenant = app.state.tenants.get(TENANT)
    account = await get_account(TENANT, parent.account_id)
    await drafts.save_draft(
        TENANT, parent.account_id, parent.draft, PROOF_SERVICE.id, 1, {"_steps": ["einkommen"]}
    )
    draft = await drafts.get_draft(TENANT, parent.account_id, parent.draft)
    ctx = await load_context(tenant, account, PROOF_SERVICE, draft.values, draft_uuid=parent.draft)
    assert ctx.proofs == {SLOT: 2}  # the counter registered at start-up
    done = await submission.submit(
        PROOF_SERVICE,
        ctx,
        account.id,
        account.email,
        parent.draft,
        None,
        (),
        submission.Links(status_url="/x/{reference}", consent_base="/x/zustimmung/", portal="Test"),
    )
    assert done.created
    documents = await attached_documents(TENANT, done.application_id)
    assert [(d.slot, d.kind, d.status, d.pages) for d in documents] == [(SLOT, "einkommen", "attached", 2)]
    row = await Document.objects().where(Document.id == documents[0].id).first()
    assert row.application == done.application_id and row.delete_after is None
    # No longer a draft's page: not listed under the (gone) draft, not pruned, still the parent's own.
    assert await page_counts(TENANT, parent.account_id, parent.draft) == {}
    report = await parent.documents.prune(orphans=False)
    assert report.documents == 0 and await row_counts() == (1, 2)
    assert (await parent.client.get(f"/{TENANT}/nachweise/seiten/{photo}/vorschau")).status_code == 200
    # One PDF for the caseworker: the photo on A4, then the two PDF pages.
    combined = await parent.documents.proof_pdf(TENANT, documents[0].id, title="Einkommensnachweis")
    assert len(PdfReader(io.BytesIO(combined)).pages) == 3
    assert await parent.documents.proof_pdf("iserlohn", documents[0].id) is None
    assert await attached_documents("iserlohn", done.application_id) == []


async def test_retention_and_orphans_are_pruned(parent):
    response = await parent.upload(corpus.small_jpeg())
    documents = parent.documents
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=91)
    # A temporary proof whose draft is gone (e.g. uploaded while the draft was being deleted).
    orphan = await Document.insert(
        Document(
            tenant=TENANT,
            account=parent.account_id,
            draft_uuid=FOREIGN_DRAFT,
            slot=SLOT,
            kind="einkommen",
            status="temporary",
            created_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=2),
            delete_after=later,
        )
    ).returning(Document.id)
    # A file without a row (a crash between writing the file and committing the row), a day old.
    stray = new_key()
    await documents.store.storage.put(stray, b"FPE1 left over")
    old = (dt.datetime.now(dt.UTC) - dt.timedelta(days=2)).timestamp()
    os.utime(storage_root(parent.client) / stray[:2] / stray, (old, old))
    report = await documents.prune()
    assert report.documents == 1 and report.orphan_files >= 1
    assert not await Document.exists().where(Document.id == orphan[0]["id"])
    assert stray not in {n.split("/")[-1] for n in stored_files(parent.client)}
    assert await row_counts() == (1, 1)  # the live draft's page stays
    # Past its retention, the draft's proof goes as well.
    report = await documents.prune(now=later + dt.timedelta(days=1), orphans=False)
    assert report.documents == 1 and await row_counts() == (0, 0)
    assert response.json()["id"] not in {r["id"] for r in await DocumentPage.select(DocumentPage.id)}


async def test_files_and_rows_stay_consistent_when_the_insert_fails(parent, monkeypatch):
    before = stored_files(parent.client)

    async def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(parent.documents, "_insert", broken)
    with pytest.raises(RuntimeError):
        await parent.documents.add_page(
            TENANT, parent.account_id, parent.draft, SLOT, corpus.small_jpeg(), "kaputt-0000000000001", 3
        )
    assert stored_files(parent.client) == before
    assert await row_counts() == (0, 0)


async def test_a_new_upload_extends_the_retention(parent):
    await parent.upload(corpus.small_jpeg())
    first = (await Document.objects().first()).delete_after
    await parent.upload(corpus.small_jpeg())
    assert (await Document.objects().first()).delete_after >= first
    assert await Document.count() == 1


def test_hooks_are_registered_once(client):
    from server.applications import registry
    from server.applications import services as application_services

    assert registry.ANY_SUBMIT_HOOKS.count(document_services.attach) == 1
    assert drafts.DELETE_HOOKS.count(document_services.draft_deleted) == 1
    assert application_services._proof_counters.count(document_services.page_counts) == 1
