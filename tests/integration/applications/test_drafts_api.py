"""The drafts API (autosave with versions): saving, replays, conflicts, gone and submitted drafts, and
nobody but the owner gets in."""

from __future__ import annotations

import pytest

from tests.integration.applications.support import family, kita_values, new_uuid, put_draft, submit_json
from tests.integration.support import logged_in_parent

pytestmark = pytest.mark.asyncio


async def test_autosave_versions_and_replays(client, email):
    fam = await family(client, email)
    uuid = new_uuid()
    first = await put_draft(client, uuid, 0, {"child": str(fam.child_id)})
    assert first.status_code == 200, first.text
    assert first.json()["status"] == "saved" and first.json()["version"] == 1

    # A replay of the same save (the offline outbox, a retry) changes nothing.
    again = await put_draft(client, uuid, 0, {"child": str(fam.child_id)})
    assert again.status_code == 200 and again.json() == {**again.json(), "status": "unchanged", "version": 1}

    second = await put_draft(client, uuid, 1, {"child": str(fam.child_id), "main_residence": "ja"})
    assert second.json()["version"] == 2
    loaded = await client.get(f"/wuppertal/entwuerfe/{uuid}")
    assert loaded.json()["values"] == {"child": str(fam.child_id), "main_residence": "ja"}


async def test_stale_version_with_other_values_is_a_conflict_never_an_overwrite(client, email):
    await family(client, email)
    uuid = new_uuid()
    await put_draft(client, uuid, 0, {"languages": "Deutsch"})
    await put_draft(client, uuid, 1, {"languages": "Deutsch, Türkisch"})  # the other device: version 2

    stale = await put_draft(client, uuid, 1, {"languages": "Deutsch, Polnisch"})
    assert stale.status_code == 409
    body = stale.json()
    assert body["status"] == "conflict" and body["version"] == 2
    assert body["values"] == {"languages": "Deutsch, Türkisch"}
    assert (await client.get(f"/wuppertal/entwuerfe/{uuid}")).json()["values"] == {
        "languages": "Deutsch, Türkisch"
    }

    # The parent keeps their own version: saved on top of the version they have now seen.
    resolved = await put_draft(client, uuid, 2, {"languages": "Deutsch, Polnisch"})
    assert resolved.status_code == 200 and resolved.json()["version"] == 3

    # The comparison names the differing answer with its label.
    compare = await client.post(
        f"/wuppertal/entwuerfe/{uuid}/vergleich",
        json={"values": {"languages": "Deutsch"}},
        headers={"x-csrftoken": client.cookies.get("portal_csrf"), "hx-request": "true"},
    )
    assert compare.status_code == 200
    assert "Welche Sprachen spricht Ihr Kind zu Hause?" in compare.text
    assert "Deutsch, Polnisch" in compare.text


async def test_unknown_fields_are_dropped_and_bad_bodies_refused(client, email):
    await family(client, email)
    uuid = new_uuid()
    saved = await put_draft(client, uuid, 0, {"languages": "Deutsch", "is_admin": "yes", "x" * 5: ["a"]})
    assert saved.status_code == 200
    assert (await client.get(f"/wuppertal/entwuerfe/{uuid}")).json()["values"] == {"languages": "Deutsch"}
    for body in (b"{", b'{"service": "kita"}', b'{"service": "nope", "version": 0, "values": {}}'):
        response = await client.put(
            f"/wuppertal/entwuerfe/{uuid}",
            content=body,
            headers={"x-csrftoken": client.cookies.get("portal_csrf"), "content-type": "application/json"},
        )
        assert response.status_code == 422, body
    bad_uuid = await put_draft(client, "not-a-uuid", 0, {})
    assert bad_uuid.status_code == 422


async def test_csrf_is_required(client, email):
    await family(client, email)
    response = await client.put(
        f"/wuppertal/entwuerfe/{new_uuid()}", json={"service": "kita", "version": 0, "values": {}}
    )
    assert response.status_code == 403


async def test_another_parent_cannot_read_or_write_a_draft(app_client, email):
    uuid = new_uuid()
    async with app_client() as owner:
        await family(owner, email)
        await put_draft(owner, uuid, 0, {"languages": "Deutsch"})
    async with app_client() as other:
        await logged_in_parent(other, "wuppertal", "andere." + email)
        assert (await other.get(f"/wuppertal/entwuerfe/{uuid}")).status_code == 404
        overwrite = await put_draft(other, uuid, 1, {"languages": "Fremd"})
        assert overwrite.status_code == 404
        create = await put_draft(other, uuid, 0, {"languages": "Fremd"})
        assert create.status_code == 404
        page = await other.get(f"/wuppertal/antraege/kita/{uuid}/kind")
        assert "Deutsch" not in page.text
        assert (await other.get(f"/wuppertal/antraege/kita/{uuid}/pruefen")).status_code == 404
        assert (await submit_json(other, uuid, 1)).status_code == 404
    async with app_client() as owner:
        from tests.integration.support import login

        await login(owner, "wuppertal", email)
        assert (await owner.get(f"/wuppertal/entwuerfe/{uuid}")).json()["values"] == {"languages": "Deutsch"}


async def test_other_tenant_session_does_not_count(app_client, email):
    uuid = new_uuid()
    async with app_client() as owner:
        await family(owner, email)
        await put_draft(owner, uuid, 0, {"languages": "Deutsch"})
        assert (await owner.get(f"/iserlohn/entwuerfe/{uuid}")).status_code == 401


async def test_deleted_draft_is_gone_and_submitted_draft_says_so(client, email):
    fam = await family(client, email)
    uuid = new_uuid()
    await put_draft(client, uuid, 0, kita_values(fam))
    deleted = await client.delete(
        f"/wuppertal/entwuerfe/{uuid}", headers={"x-csrftoken": client.cookies.get("portal_csrf")}
    )
    assert deleted.status_code == 204
    gone = await put_draft(client, uuid, 1, {"languages": "x"})
    assert gone.status_code == 410

    uuid = new_uuid()
    await put_draft(client, uuid, 0, kita_values(fam))
    done = await submit_json(client, uuid, 1)
    assert done.status_code == 201, done.text
    replay = await put_draft(client, uuid, 1, kita_values(fam))
    assert replay.status_code == 409 and replay.json()["status"] == "submitted"
    assert replay.json()["reference"] == done.json()["reference"]


async def test_control_characters_are_dropped_from_answers(client, email):
    """A pasted NUL (PostgreSQL stores none) or other control character is no answer; line breaks are."""
    await family(client, email)
    uuid = new_uuid()
    saved = await put_draft(
        client, uuid, 0, {"languages": "Deutsch\x00, Tür\x07kisch", "special_needs_text": "a\nb"}
    )
    assert saved.status_code == 200, saved.text
    values = (await client.get(f"/wuppertal/entwuerfe/{uuid}")).json()["values"]
    assert values["languages"] == "Deutsch, Türkisch"
    assert values["special_needs_text"] == "a\nb"
