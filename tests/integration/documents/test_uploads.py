"""Proof uploads over HTTP: stored encrypted as our own JPEG, idempotent, hostile files refused with nothing
stored, page limit, CSRF, and the form fallback without JavaScript."""

from __future__ import annotations

import asyncio
import io
from urllib.parse import parse_qs, urlsplit

import pytest
from PIL import Image

from server.documents.rejections import REJECTIONS, message_for
from server.documents.services import page_counts
from server.documents.tables import Document, DocumentPage
from tests.integration.documents.conftest import (
    MAX_PAGES,
    SLOT,
    TENANT,
    row_counts,
    storage_root,
    stored_files,
)
from tests.integration.support import csrf_token
from tests.unit.documents import corpus


async def test_upload_stores_an_encrypted_reencoded_page(parent):
    before = stored_files(parent.client)
    response = await parent.upload(
        corpus.camera_jpeg(), key="erste-seite-0000000001", filename="IMG_0001.JPG"
    )
    assert response.status_code == 201, response.text
    body = response.json()
    page_id = body["id"]
    assert body == {
        "id": page_id,
        "position": 1,
        "mime": "image/jpeg",
        "bytes": body["bytes"],
        "width": 1800,
        "height": 2400,
        "pages": 1,
        "thumbnail_url": f"/{TENANT}/nachweise/seiten/{page_id}/vorschau",
    }
    row = await DocumentPage.objects().where(DocumentPage.id == page_id).first()
    document = await Document.objects().where(Document.id == row.document).first()
    assert (document.tenant, document.account, document.draft_uuid, document.slot) == (
        TENANT,
        parent.account_id,
        parent.draft,
        SLOT,
    )
    assert (document.kind, document.status, document.application) == ("einkommen", "temporary", None)
    assert document.delete_after is not None
    assert row.key_id == "local" and len(row.sha256) == 64 and row.bytes == body["bytes"]
    # Two new files (page and thumbnail), both encrypted: not a JPEG on disk, no trace of the photo's text.
    new = stored_files(parent.client) - before
    assert {name.split("/")[-1] for name in new} == {row.storage_key, row.thumbnail_key}
    on_disk = (storage_root(parent.client) / row.storage_key[:2] / row.storage_key).read_bytes()
    assert on_disk.startswith(b"FPE1") and b"\xff\xd8\xff" not in on_disk[:64] and b"JFIF" not in on_disk
    plain = await parent.documents.store.get(row.storage_key)
    image = Image.open(io.BytesIO(plain))
    assert image.format == "JPEG" and image.size == (1800, 2400) and not image.getexif()
    import hashlib

    assert hashlib.sha256(plain).hexdigest() == row.sha256
    # Listed, and counted for the application engine.
    listed = await parent.client.get(parent.slot_path(), headers={"accept": "application/json"})
    assert listed.status_code == 200 and listed.json() == [body]
    assert await page_counts(TENANT, parent.account_id, parent.draft) == {SLOT: 1}


async def test_pdf_upload(parent):
    response = await parent.upload(
        corpus.multipage_pdf(3), filename="lohn.pdf", content_type="application/pdf"
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["mime"], body["pages"], body["width"], body["height"]) == ("application/pdf", 3, 595, 842)
    row = await DocumentPage.objects().where(DocumentPage.id == body["id"]).first()
    assert row.thumbnail_key == "" and row.pdf_pages == 3
    assert await parent.documents.store.get(row.storage_key) == corpus.multipage_pdf(3)


async def test_retry_with_the_same_key_answers_the_same_page(parent):
    first = await parent.upload(corpus.small_jpeg(), key="wiederholung-000000001")
    files = stored_files(parent.client)
    again = await parent.upload(corpus.small_jpeg(), key="wiederholung-000000001")
    assert first.status_code == 201 and again.status_code == 200
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json() == first.json()
    assert await row_counts() == (1, 1)
    assert stored_files(parent.client) == files


async def test_concurrent_duplicates_store_one_page(parent):
    before = stored_files(parent.client)
    responses = await asyncio.gather(
        *(parent.upload(corpus.document_page(), key="gleichzeitig-0000000001") for _ in range(3))
    )
    assert sorted(r.status_code for r in responses) == [200, 200, 201], [r.text for r in responses]
    assert len({r.json()["id"] for r in responses}) == 1
    assert await row_counts() == (1, 1)
    assert len(stored_files(parent.client) - before) == 2  # one page, one thumbnail: the losers cleaned up


async def test_concurrent_different_pages_get_distinct_positions(parent):
    responses = await asyncio.gather(*(parent.upload(corpus.small_jpeg()) for _ in range(MAX_PAGES)))
    assert [r.status_code for r in responses] == [201] * MAX_PAGES, [r.text for r in responses]
    assert sorted(r.json()["position"] for r in responses) == [1, 2, 3]
    assert await row_counts() == (1, MAX_PAGES)


async def test_key_reused_for_another_slot_is_a_conflict(parent):
    from tests.integration.documents.conftest import new_draft

    assert (await parent.upload(corpus.small_jpeg(), key="einmalig-00000000001")).status_code == 201
    other = await new_draft(parent.account_id)
    response = await parent.upload(
        corpus.small_jpeg(), key="einmalig-00000000001", path=parent.slot_path(other)
    )
    assert response.status_code == 409 and response.json()["error"] == "idempotency_conflict"


async def test_hostile_files_are_refused_and_nothing_is_stored(parent):
    before = stored_files(parent.client)
    for filename, make, code in corpus.HOSTILE:
        response = await parent.upload(make(), filename=filename)
        assert response.status_code == REJECTIONS[code].status, (filename, response.text)
        assert 400 <= response.status_code < 500
        assert response.json() == {"error": code, "message": message_for(code)}, filename
    assert await row_counts() == (0, 0)
    assert stored_files(parent.client) == before


async def test_a_body_over_the_route_limit_is_refused(parent):
    huge = b"\xff\xd8\xff" + b"\0" * (21 * 1024 * 1024)
    response = await parent.upload(huge)
    assert response.status_code == 413 and response.json()["error"] == "too_large"
    # Without JavaScript the CSRF check reads the form and meets the limit first: a German page.
    form = await parent.client.post(
        parent.slot_path(),
        files={"datei": ("gross.jpg", huge, "image/jpeg")},
        data={"_csrf_token": csrf_token(parent.client)},
        headers={"accept": "text/html"},
        follow_redirects=False,
    )
    assert form.status_code == 413 and "höchstens 15 MB" in form.text
    assert await row_counts() == (0, 0)


async def test_smaller_configured_limit(app_client, email):
    from tests.integration.documents.conftest import Parent, new_draft, with_proof_service
    from tests.integration.support import logged_in_parent

    async with app_client(document_max_mb=1) as client:
        with_proof_service(client.app)
        account_id = await logged_in_parent(client, TENANT, email)
        parent = Parent(client, account_id, await new_draft(account_id))
        response = await parent.upload(corpus.small_jpeg() + b"\0" * (1024 * 1024))
        assert response.status_code == 413
        assert response.json()["message"] == message_for("too_large", max_mb=1)


async def test_page_limit(parent):
    for _ in range(MAX_PAGES):
        assert (await parent.upload(corpus.small_jpeg())).status_code == 201
    files = stored_files(parent.client)
    response = await parent.upload(corpus.small_jpeg())
    assert response.status_code == 409
    assert response.json() == {
        "error": "too_many_pages",
        "message": message_for("too_many_pages", max_pages=3),
    }
    assert "höchstens 3 Seiten" in response.json()["message"]
    assert await row_counts() == (1, MAX_PAGES)
    assert stored_files(parent.client) == files


async def test_csrf_is_required(parent):
    response = await parent.client.post(
        parent.slot_path(),
        files={"datei": ("foto.jpg", corpus.small_jpeg(), "image/jpeg")},
        headers={"accept": "application/json", "idempotency-key": "ohne-token-000000001"},
        follow_redirects=False,
    )
    assert response.status_code == 403
    wrong = await parent.client.post(
        parent.slot_path(),
        files={"datei": ("foto.jpg", corpus.small_jpeg(), "image/jpeg")},
        headers={"accept": "application/json", "x-csrftoken": "falsch"},
        follow_redirects=False,
    )
    assert wrong.status_code == 403
    assert await row_counts() == (0, 0)


async def test_login_is_required(client, email):
    from tests.integration.documents.conftest import with_proof_service

    with_proof_service(client.app)
    await client.get(f"/{TENANT}/anmelden")
    response = await client.get(
        f"/{TENANT}/entwuerfe/3f0c9d1e-8a2b-4c3d-9e4f-5a6b7c8d9e0f/nachweise/{SLOT}",
        headers={"accept": "application/json"},
        follow_redirects=False,
    )
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("files", "data", "headers", "code"),
    [
        (None, {"bemerkung": "kein Bild"}, {}, "no_file"),
        ({"anders": ("a.jpg", b"\xff\xd8\xff", "image/jpeg")}, None, {}, "no_file"),
        ({"datei": ("a.jpg", b"x", "image/jpeg")}, None, {"idempotency-key": "kurz"}, "bad_key"),
        (
            {"datei": ("a.jpg", b"x", "image/jpeg")},
            None,
            {"idempotency-key": ("ü" * 20).encode("latin-1")},
            "bad_key",
        ),
        ({"datei": ("a.jpg", b"x", "image/jpeg")}, None, {"idempotency-key": "a/b" * 10}, "bad_key"),
    ],
)
async def test_malformed_requests_are_client_errors(parent, files, data, headers, code):
    response = await parent.client.post(
        parent.slot_path(),
        files=files,
        data=data,
        headers={**parent.json_headers(), **headers},
        follow_redirects=False,
    )
    assert response.status_code == 400 and response.json()["error"] == code, response.text


async def test_odd_bodies_never_cause_a_server_error(parent):
    for content, content_type in [
        (b"", "multipart/form-data"),
        (b"--x\r\ngarbage", "multipart/form-data; boundary=x"),
        (b'{"datei": "x"}', "application/json"),
        (b"\x00\xff" * 100, "application/octet-stream"),
    ]:
        response = await parent.client.post(
            parent.slot_path(),
            content=content,
            headers={**parent.json_headers(), "content-type": content_type},
            follow_redirects=False,
        )
        assert 400 <= response.status_code < 500, (content_type, response.status_code)


async def test_virus_scanner_configured_but_unreachable(app_client, email, tmp_path):
    from tests.integration.documents.conftest import Parent, new_draft, with_proof_service
    from tests.integration.support import logged_in_parent

    async with app_client(clamd_socket=str(tmp_path / "clamd.sock")) as client:
        with_proof_service(client.app)
        account_id = await logged_in_parent(client, TENANT, email)
        parent = Parent(client, account_id, await new_draft(account_id))
        before = stored_files(client)
        response = await parent.upload(corpus.small_jpeg())
        assert response.status_code == 503 and response.headers["retry-after"] == "60"
        assert response.json()["error"] == "scan_unavailable"
        assert await row_counts() == (0, 0)
        assert stored_files(client) == before


async def test_virus_scanner_finds_a_virus(app_client, email):
    from tests.integration.documents.conftest import Parent, new_draft, with_proof_service
    from tests.integration.support import logged_in_parent
    from tests.unit.documents.test_scan import tcp_clamd

    async with tcp_clamd() as (fake, port), app_client(clamd_host="127.0.0.1", clamd_port=port) as client:
        with_proof_service(client.app)
        account_id = await logged_in_parent(client, TENANT, email)
        parent = Parent(client, account_id, await new_draft(account_id))
        infected = await parent.upload(corpus.eicar_jpeg())
        assert infected.status_code == 422 and infected.json()["error"] == "virus"
        clean = await parent.upload(corpus.small_jpeg())
        assert clean.status_code == 201
        assert fake.received[-1] == corpus.small_jpeg()  # the upload as received was scanned
    assert await row_counts() == (1, 1)


# --- without JavaScript -------------------------------------------------------------------------------


async def form_upload(parent, data: bytes, back: str, key: str = "formular-000000000001") -> object:
    return await parent.client.post(
        parent.slot_path(),
        files={"datei": ("foto.jpg", data, "image/jpeg")},
        data={"_csrf_token": csrf_token(parent.client), "zurueck": back, "idempotency_key": key},
        headers={"accept": "text/html,application/xhtml+xml"},
        follow_redirects=False,
    )


async def test_form_post_redirects_back_with_the_outcome(parent):
    back = f"/{TENANT}/antraege/nachweistest/{parent.draft}/einkommen"
    ok = await form_upload(parent, corpus.small_jpeg(), back)
    assert ok.status_code == 303
    assert ok.headers["location"] == f"{back}?nachweis=ok&feld={SLOT}"
    bad = await form_upload(
        parent, corpus.jpeg_zip_polyglot(), back + "?nachweis=ok&x=1", key="formular-000000000002"
    )
    assert bad.status_code == 303
    target = urlsplit(bad.headers["location"])
    assert target.path == back
    assert parse_qs(target.query) == {"x": ["1"], "nachweis_fehler": ["polyglot"], "feld": [SLOT]}
    assert await row_counts() == (1, 1)


@pytest.mark.parametrize(
    "back",
    [
        "https://evil.example/",
        "//evil.example/x",
        "/iserlohn/uebersicht",
        "/wuppertal/\r\nSet-Cookie: x=1",
        "",
    ],
)
async def test_form_post_goes_back_only_inside_the_tenant(parent, back):
    response = await form_upload(parent, corpus.small_jpeg(), back)
    assert response.status_code == 303
    assert response.headers["location"] == f"/{TENANT}/uebersicht?nachweis=ok&feld={SLOT}"


async def test_form_post_to_someone_elses_draft_is_a_404_page(parent):
    response = await form_upload(
        parent, corpus.small_jpeg(), "/wuppertal/uebersicht", key="formular-000000000003"
    )
    assert response.status_code == 303
    other = await parent.client.post(
        f"/{TENANT}/entwuerfe/3f0c9d1e-8a2b-4c3d-9e4f-5a6b7c8d9e0f/nachweise/{SLOT}",
        files={"datei": ("foto.jpg", corpus.small_jpeg(), "image/jpeg")},
        data={"_csrf_token": csrf_token(parent.client), "zurueck": "/wuppertal/uebersicht"},
        headers={"accept": "text/html"},
        follow_redirects=False,
    )
    assert other.status_code == 404 and "Seite nicht gefunden" in other.text
