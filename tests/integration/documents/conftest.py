"""Fixtures for proof uploads: a test-only service with a proof slot, a parent with a draft, HTTP helpers."""

from __future__ import annotations

import uuid as uuid_module
from pathlib import Path
from typing import Any

import httpx
import pytest

from server.applications import drafts
from server.applications.definitions import Field, ProofSpec, ServiceDefinition, Step
from server.applications.registry import Catalogue, validate
from server.documents.services import Documents
from server.documents.tables import Document, DocumentPage
from tests.integration.support import AppClient, csrf_token, logged_in_parent

TENANT = "wuppertal"
SLOT = "einkommen"
MAX_PAGES = 3

PROOF_SERVICE = ServiceDefinition(
    id="nachweistest",
    reference_prefix="NTEST",
    title="Testantrag mit Nachweis",
    short_title="Testantrag",
    summary="Nur für Tests: ein Schritt mit einem Nachweis.",
    steps=(
        Step(
            id="einkommen",
            title="Einkommen",
            fields=(
                Field(
                    id=SLOT,
                    type="proof",
                    label="Einkommensnachweis",
                    proof=ProofSpec(kind="einkommen", accepted="Lohnabrechnungen", max_pages=MAX_PAGES),
                ),
                Field(id="bemerkung", type="text", label="Bemerkung", required=False),
            ),
        ),
    ),
)
validate(PROOF_SERVICE)


def with_proof_service(app: Any) -> None:
    """The lead's catalogue plus the test service (the shipped services have no proof slot yet)."""
    definitions = {d.id: d for d in app.state.catalogue} if app.state.get("catalogue") else {}
    app.state.catalogue = Catalogue({**definitions, PROOF_SERVICE.id: PROOF_SERVICE})


async def new_draft(account_id: int, service: str = PROOF_SERVICE.id, values: dict | None = None) -> str:
    uuid = str(uuid_module.uuid4())
    result = await drafts.create_draft(TENANT, account_id, uuid, service, values or {})
    assert result.status == "saved"
    return uuid


class Parent:
    """A logged-in parent with a draft of the test service, and shortcuts to its proof endpoints."""

    def __init__(self, client: AppClient, account_id: int, draft: str) -> None:
        self.client = client
        self.account_id = account_id
        self.draft = draft

    @property
    def documents(self) -> Documents:
        return self.client.app.state.documents

    def slot_path(self, draft: str | None = None, slot: str = SLOT) -> str:
        return f"/{TENANT}/entwuerfe/{draft or self.draft}/nachweise/{slot}"

    def json_headers(self, key: str | None = None) -> dict[str, str]:
        headers = {"accept": "application/json", "x-csrftoken": csrf_token(self.client) or ""}
        if key:
            headers["idempotency-key"] = key
        return headers

    async def upload(
        self,
        data: bytes,
        key: str | None = None,
        filename: str = "foto.jpg",
        path: str | None = None,
        content_type: str = "image/jpeg",
    ) -> httpx.Response:
        key = key or f"key-{uuid_module.uuid4()}"
        return await self.client.post(
            path or self.slot_path(),
            files={"datei": (filename, data, content_type)},
            headers=self.json_headers(key),
            follow_redirects=False,
        )

    async def post_json(self, path: str, body: Any = None) -> httpx.Response:
        return await self.client.post(path, json=body, headers=self.json_headers(), follow_redirects=False)


@pytest.fixture
async def parent(client: AppClient, email: str) -> Parent:
    with_proof_service(client.app)
    account_id = await logged_in_parent(client, TENANT, email)
    return Parent(client, account_id, await new_draft(account_id))


def storage_root(client: AppClient) -> Path:
    return Path(client.app.state.settings.var_dir) / "documents"


def stored_files(client: AppClient) -> set[str]:
    root = storage_root(client)
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()} if root.exists() else set()


async def row_counts() -> tuple[int, int]:
    return await Document.count(), await DocumentPage.count()
