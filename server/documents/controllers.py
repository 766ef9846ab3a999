"""HTTP endpoints for a parent's proof pages (JSON for the browser's upload outbox, 303 for plain forms).

    POST /<tenant>/entwuerfe/<uuid>/nachweise/<slot>                  upload one file (multipart `datei`)
    GET  /<tenant>/entwuerfe/<uuid>/nachweise/<slot>                  the slot's pages
    POST /<tenant>/entwuerfe/<uuid>/nachweise/<slot>/<id>/loeschen    delete a page
    POST /<tenant>/entwuerfe/<uuid>/nachweise/<slot>/reihenfolge      new order (JSON list of page ids)
    GET  /<tenant>/nachweise/seiten/<id>/vorschau                     thumbnail (JPEG)

A request is answered as HTML (303 back to `zurueck`) when it accepts text/html or comes from htmx;
otherwise JSON, errors as {"error": code, "message": German text}. Another parent's draft or page is 404.
"""

from __future__ import annotations

import functools
import secrets
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.di import Provide
from litestar.exceptions import (
    ClientException,
    NotAuthorizedException,
    NotFoundException,
    PermissionDeniedException,
)
from litestar.exceptions.http_exceptions import RequestEntityTooLarge

from server.accounts.guards import provide_parent, safe_next
from server.accounts.tables import Account
from server.applications import drafts
from server.applications.definitions import ProofSpec
from server.applications.registry import Catalogue
from server.documents.rejections import UploadRejected, message_for, status_for
from server.documents.services import SLOT, Documents, PageInfo
from server.tenants.config import Tenant
from server.tenants.dependencies import provide_tenant
from server.web.i18n import _
from server.web.responses import page, redirect

# The upload route's request body limit: the largest file (DOCUMENT_MAX_MB <= 19) plus the form around it.
UPLOAD_BODY_LIMIT = 20 * 1024 * 1024
STATUS_PARAMS = ("nachweis", "nachweis_fehler", "feld")


@functools.cache
def _default_catalogue() -> Catalogue:
    return Catalogue.load()


def catalogue(request: Request[Any, Any, Any]) -> Catalogue:
    return request.app.state.get("catalogue") or _default_catalogue()


def wants_html(request: Request[Any, Any, Any]) -> bool:
    return "text/html" in request.headers.get("accept", "") or request.headers.get("hx-request") == "true"


async def provide_proof_parent(request: Request[Any, Any, Any], tenant: Tenant) -> Account:
    """provide_parent; for the browser's JSON requests a missing login is a plain 401, not a redirect."""
    try:
        return await provide_parent(request, tenant)
    except (NotAuthorizedException, PermissionDeniedException) as exc:
        if wants_html(request):
            raise
        raise NotAuthorizedException(detail="login required") from exc


def page_json(tenant: Tenant, info: PageInfo) -> dict[str, Any]:
    return {
        "id": info.id,
        "position": info.position,
        "mime": info.mime,
        "bytes": info.bytes,
        "width": info.width,
        "height": info.height,
        "pages": info.pages,
        "thumbnail_url": f"/{tenant.slug}/nachweise/seiten/{info.id}/vorschau",
    }


def error_json(code: str, message: str | None = None, status: int | None = None) -> Response[Any]:
    status = status or status_for(code)
    headers = {"Retry-After": "60"} if status == 503 else {}
    return Response(
        {"error": code, "message": message or message_for(code)}, status_code=status, headers=headers
    )


def back_url(tenant: Tenant, target: object, **params: str) -> str:
    """`zurueck` when it is a path inside this tenant, with our status parameters replacing old ones."""
    value = target if isinstance(target, str) and all(32 < ord(c) < 127 for c in target) else None
    parts = urlsplit(safe_next(tenant, value))
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in STATUS_PARAMS]
    query.extend(params.items())
    return urlunsplit(("", "", parts.path, urlencode(query), ""))


async def upload_form(request: Request[Any, Any, Any], documents: Documents) -> Any:
    """The multipart form of an upload; raises UploadRejected (too large, malformed)."""
    try:
        return await request.form()
    except RequestEntityTooLarge:
        raise UploadRejected("too_large", **documents.limits.params()) from None
    except ClientException:
        raise UploadRejected("bad_request") from None


async def uploaded_file(
    request: Request[Any, Any, Any], form: Any, documents: Documents, slot: str = ""
) -> tuple[bytes, str, str]:
    """(data, idempotency key, file name) of an upload form; raises UploadRejected."""
    # Without JavaScript the widget has two file inputs (camera, files) per slot, named "datei-<slot>" (a
    # step may have several slots): take the one chosen for this slot.
    names = [f"datei-{slot}"] if slot and f"datei-{slot}" in form else []
    names += [
        n
        for n in dict.fromkeys(form.keys())
        if isinstance(n, str) and (n == "datei" or (not slot and n.startswith("datei-")))
    ]
    chosen = [f for n in names for f in form.getall(n) if isinstance(f, UploadFile) and f.filename]
    upload = chosen[0] if chosen else next((form.get(n) for n in names), None)
    if not isinstance(upload, UploadFile):
        raise UploadRejected("no_file")
    try:
        data = await upload.read(documents.limits.max_bytes + 1)
    finally:
        await upload.close()
    key = request.headers.get("idempotency-key") or form.get("idempotency_key")
    if key is None or key == "":
        key = secrets.token_urlsafe(18)  # a plain form without a key: no replay protection
    if not isinstance(key, str):
        raise UploadRejected("bad_key")
    return data, key, upload.filename or ""


async def posted_order(request: Request[Any, Any, Any]) -> list[int]:
    """A reorder request's new page order: a JSON list from capture.js, or the form's comma-separated
    "reihenfolge" without JavaScript."""
    if request.content_type[0] == "application/json":
        try:
            return msgspec.json.decode(await request.body(), type=list[int])
        except msgspec.DecodeError:
            raise UploadRejected("bad_request") from None
    raw = (await request.form()).get("reihenfolge")
    if not isinstance(raw, str):
        raise UploadRejected("bad_request")
    try:
        return [int(part) for part in raw.split(",") if part.strip()]
    except ValueError:
        raise UploadRejected("bad_request") from None


def too_large(request: Request[Any, Any, Any], exc: RequestEntityTooLarge) -> Response[Any]:
    """The body was over the route's limit (possibly while the CSRF check read the form)."""
    if not wants_html(request):
        return error_json("too_large")
    if request.state.get("tenant") is None:
        request.state.tenant = request.app.state.tenants.get(request.path_params.get("tenant_slug", ""))
    title = _("Die Datei ist zu groß")
    return page(
        request,
        "web/error.html",
        {"title": title, "message": message_for("too_large"), "status": 413},
        status_code=413,
    )


class DocumentController(Controller):
    path = "/{tenant_slug:str}"
    dependencies = {"tenant": Provide(provide_tenant), "account": Provide(provide_proof_parent)}
    include_in_schema = False
    exception_handlers = {RequestEntityTooLarge: too_large}

    async def _slot(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account, uuid: str, slot: str
    ) -> ProofSpec | None:
        """The proof slot of the parent's own draft, or None (404)."""
        if not drafts.valid_uuid(uuid) or not SLOT.match(slot):
            return None
        draft = await drafts.get_draft(tenant.slug, account.id, uuid)
        if draft is None:
            return None
        definition = catalogue(request).get(draft.service)
        field = definition.field(slot) if definition is not None else None
        if field is None or field.type != "proof" or field.proof is None:
            return None
        return field.proof

    @staticmethod
    def _not_found(request: Request[Any, Any, Any]) -> Response[Any]:
        if wants_html(request):
            raise NotFoundException()
        return error_json("not_found")

    @post(
        "/entwuerfe/{uuid:str}/nachweise/{slot:str}",
        request_max_body_size=UPLOAD_BODY_LIMIT,
        status_code=201,
    )
    async def upload(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account, uuid: str, slot: str
    ) -> Response[Any]:
        proof = await self._slot(request, tenant, account, uuid, slot)
        if proof is None:
            return self._not_found(request)
        documents: Documents = request.app.state.documents
        html = wants_html(request)
        back: object = None
        try:
            form = await upload_form(request, documents)
            back = form.get("zurueck")
            data, key, filename = await uploaded_file(request, form, documents, slot)
            added = await documents.add_page(
                tenant.slug,
                account.id,
                uuid,
                slot,
                data,
                key,
                proof.max_pages,
                kind=proof.kind,
                filename=filename,
            )
        except UploadRejected as exc:
            if exc.code == "not_found" and html:
                raise NotFoundException() from None
            if html:
                return redirect(request, back_url(tenant, back, nachweis_fehler=exc.code, feld=slot))
            return error_json(exc.code, exc.message, exc.status)
        if html:
            return redirect(request, back_url(tenant, back, nachweis="ok", feld=slot))
        headers = {} if added.created else {"Idempotent-Replayed": "true"}
        return Response(
            page_json(tenant, added.page), status_code=201 if added.created else 200, headers=headers
        )

    @get("/entwuerfe/{uuid:str}/nachweise/{slot:str}")
    async def pages(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account, uuid: str, slot: str
    ) -> Response[Any]:
        if await self._slot(request, tenant, account, uuid, slot) is None:
            return error_json("not_found")
        documents: Documents = request.app.state.documents
        found = await documents.pages(tenant.slug, account.id, uuid, slot)
        return Response([page_json(tenant, p) for p in found])

    @post("/entwuerfe/{uuid:str}/nachweise/{slot:str}/{page_id:int}/loeschen", status_code=200)
    async def delete(
        self,
        request: Request[Any, Any, Any],
        tenant: Tenant,
        account: Account,
        uuid: str,
        slot: str,
        page_id: int,
    ) -> Response[Any]:
        if await self._slot(request, tenant, account, uuid, slot) is None:
            return self._not_found(request)
        documents: Documents = request.app.state.documents
        if not await documents.delete_page(tenant.slug, account.id, uuid, slot, page_id):
            return self._not_found(request)
        if wants_html(request):
            form = await request.form()
            return redirect(request, back_url(tenant, form.get("zurueck"), nachweis="geloescht", feld=slot))
        found = await documents.pages(tenant.slug, account.id, uuid, slot)
        return Response([page_json(tenant, p) for p in found])

    @post("/entwuerfe/{uuid:str}/nachweise/{slot:str}/reihenfolge", status_code=200)
    async def reorder(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account, uuid: str, slot: str
    ) -> Response[Any]:
        if await self._slot(request, tenant, account, uuid, slot) is None:
            return self._not_found(request)
        documents: Documents = request.app.state.documents
        html = wants_html(request)
        back: object = None
        try:
            if request.content_type[0] != "application/json":
                back = (await request.form()).get("zurueck")  # the request caches its form for posted_order
            order = await posted_order(request)
            found = await documents.reorder(tenant.slug, account.id, uuid, slot, order)
        except UploadRejected as exc:
            if html:
                return redirect(request, back_url(tenant, back, nachweis_fehler=exc.code, feld=slot))
            return error_json(exc.code, exc.message, exc.status)
        if html:
            return redirect(request, back_url(tenant, back, nachweis="reihenfolge", feld=slot))
        return Response([page_json(tenant, p) for p in found])

    @get("/nachweise/seiten/{page_id:int}/vorschau")
    async def thumbnail(
        self, tenant: Tenant, account: Account, page_id: int, request: Request[Any, Any, Any]
    ) -> Response[bytes]:
        documents: Documents = request.app.state.documents
        image = await documents.thumbnail(tenant.slug, account.id, page_id)
        if image is None:
            raise NotFoundException()
        return Response(
            image,
            media_type="image/jpeg",
            headers={"Cache-Control": "private, max-age=3600", "Content-Disposition": "inline"},
        )
