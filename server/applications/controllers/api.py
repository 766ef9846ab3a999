"""The drafts API used by drafts.js: autosave (PUT with a version), load, delete, submit from the offline
outbox, and the comparison shown when two devices changed the same draft."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Controller, Request, Response, delete, get, post, put
from litestar.di import Provide
from litestar.exceptions import NotAuthorizedException, NotFoundException, PermissionDeniedException
from litestar.response import Template

from server.accounts.guards import provide_parent
from server.accounts.tables import Account
from server.applications import drafts, submission
from server.applications.conditions import RawValue
from server.applications.controllers.common import catalogue
from server.applications.controllers.pages import links
from server.applications.drafts import TEMPLATE_UUID
from server.applications.engine import clean_values, evaluate, summary
from server.applications.services import load_context
from server.applications.submission import SubmitProblem
from server.notifications.after_response import deliver_after
from server.tenants.config import Tenant
from server.tenants.dependencies import provide_tenant
from server.web.responses import page

MAX_BODY = 256 * 1024


class DraftBody(msgspec.Struct, forbid_unknown_fields=False):
    service: str
    version: int
    values: dict[str, str | list[str]]


class SubmitBody(msgspec.Struct, forbid_unknown_fields=False):
    version: int | None = None
    declarations: list[str] = []


class CompareBody(msgspec.Struct, forbid_unknown_fields=False):
    values: dict[str, str | list[str]]


async def provide_parent_api(request: Request[Any, Any, Any], tenant: Tenant) -> Account:
    """Like provide_parent, but a missing login is a plain 401 (drafts.js asks the parent to log in)."""
    try:
        return await provide_parent(request, tenant)
    except (NotAuthorizedException, PermissionDeniedException) as exc:
        raise NotAuthorizedException(detail="login required") from exc


async def decode(request: Request[Any, Any, Any], kind: type[Any]) -> Any:
    body = await request.body()
    if len(body) > MAX_BODY:
        return None
    try:
        return msgspec.json.decode(body, type=kind)
    except (msgspec.DecodeError, msgspec.ValidationError):
        return None


def problem(status_code: int, **content: Any) -> Response[dict[str, Any]]:
    return Response(content, status_code=status_code, headers={"Cache-Control": "no-store"})


def draft_json(state: drafts.DraftState, status: str) -> dict[str, Any]:
    return {
        "status": status,
        "uuid": state.uuid,
        "service": state.service,
        "version": state.version,
        "values": state.values,
        "updated_at": state.updated_at.isoformat(),
    }


class DraftApiController(Controller):
    path = "/{tenant_slug:str}/entwuerfe"
    dependencies = {"tenant": Provide(provide_tenant), "account": Provide(provide_parent_api)}
    include_in_schema = False

    @get("/{uuid:str}")
    async def load(self, tenant: Tenant, account: Account, uuid: str) -> Response[dict[str, Any]]:
        state = await drafts.get_draft(tenant.slug, account.id, uuid)
        if state is None:
            done = await submission.existing(tenant.slug, account.id, uuid)
            if done is not None:
                return problem(
                    409,
                    status="submitted",
                    reference=done.reference,
                    url=f"/{tenant.slug}/vorgaenge/{done.reference}",
                )
            raise NotFoundException()
        return problem(200, **draft_json(state, "saved"))

    @put("/{uuid:str}", request_max_body_size=MAX_BODY)
    async def save(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account, uuid: str
    ) -> Response[dict[str, Any]]:
        body = await decode(request, DraftBody)
        if body is None or body.version < 0 or uuid == TEMPLATE_UUID or not drafts.valid_uuid(uuid):
            return problem(422, status="invalid")
        definition = catalogue(request).get(body.service)
        if definition is None or body.service not in tenant.services:
            return problem(422, status="invalid")
        values: dict[str, RawValue] = clean_values(definition, body.values)
        result = await drafts.save_draft(tenant.slug, account.id, uuid, definition.id, body.version, values)
        if result.status in {"saved", "unchanged"} and result.draft is not None:
            # The device has the values: only the new version goes back.
            return problem(
                200,
                status=result.status,
                version=result.draft.version,
                updated_at=result.draft.updated_at.isoformat(),
            )
        if result.status == "conflict" and result.draft is not None:
            return problem(409, **draft_json(result.draft, "conflict"))
        if result.status == "submitted":
            done = await submission.existing(tenant.slug, account.id, uuid)
            if done is None:
                raise NotFoundException()
            return problem(
                409,
                status="submitted",
                reference=done.reference,
                url=f"/{tenant.slug}/vorgaenge/{done.reference}",
            )
        if result.status == "gone":
            return problem(410, status="gone")
        raise NotFoundException()

    @delete("/{uuid:str}", status_code=204)
    async def remove(self, tenant: Tenant, account: Account, uuid: str) -> None:
        await drafts.delete_draft(tenant.slug, account.id, uuid)

    @post("/{uuid:str}/einreichen", request_max_body_size=MAX_BODY)
    async def submit(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account, uuid: str
    ) -> Response[dict[str, Any]]:
        body = await decode(request, SubmitBody)
        if body is None:
            return problem(422, status="invalid")
        done = await submission.existing(tenant.slug, account.id, uuid)
        if done is None:
            state = await drafts.get_draft(tenant.slug, account.id, uuid)
            if state is None:
                # Submitted by a concurrent request between the two reads?
                done = await submission.existing(tenant.slug, account.id, uuid)
                if done is None:
                    raise NotFoundException()
        if done is None and state is not None:
            definition = catalogue(request).get(state.service)
            if definition is None or state.service not in tenant.services:
                raise NotFoundException()
            ctx = await load_context(tenant, account, definition, state.values, draft_uuid=uuid)
            try:
                done = await submission.submit(
                    definition,
                    ctx,
                    account.id,
                    account.email,
                    uuid,
                    body.version,
                    body.declarations,
                    links(request, tenant),
                )
            except SubmitProblem as exc:
                if exc.kind == "not_found":
                    raise NotFoundException() from exc
                evaluation = exc.evaluation
                return problem(
                    409 if exc.kind == "conflict" else 422,
                    status=exc.kind,
                    errors=evaluation.errors if evaluation else {},
                    general=evaluation.general if evaluation else [],
                    missing=exc.missing,
                    check_url=f"/{tenant.slug}/antraege/{state.service}/{uuid}/pruefen",
                )
        background = deliver_after(request, done.mail_id, *done.other_mail_ids)
        return Response(
            {
                "status": "submitted",
                "created": done.created,
                "reference": done.reference,
                "url": f"/{tenant.slug}/vorgaenge/{done.reference}/eingereicht",
            },
            status_code=201 if done.created else 200,
            background=background,
            headers={"Cache-Control": "no-store"},
        )

    @post("/{uuid:str}/vergleich", request_max_body_size=MAX_BODY)
    async def compare(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account, uuid: str
    ) -> Template:
        """Both versions side by side, field by field where they differ (a fragment for the conflict dialog)."""
        body = await decode(request, CompareBody)
        state = await drafts.get_draft(tenant.slug, account.id, uuid)
        if state is None:
            raise NotFoundException()
        definition = catalogue(request).get(state.service)
        if body is None or definition is None:
            raise NotFoundException()
        local = clean_values(definition, body.values)
        ctx = await load_context(tenant, account, definition, {**state.values, **local}, draft_uuid=uuid)
        theirs = summary(definition, evaluate(definition, state.values, ctx))
        mine = summary(definition, evaluate(definition, local, ctx))
        rows = differences(mine, theirs)
        return page(
            request,
            "applications/_compare.html",
            {"rows": rows, "version": state.version},
            fragment="compare",
        )


def differences(mine: list[Any], theirs: list[Any]) -> list[dict[str, Any]]:
    """Fields whose answers differ between the device's and the server's version, in definition order."""

    def flat(sections: list[Any]) -> dict[str, tuple[str, str, list[str]]]:
        return {
            row.field: (section.title, row.label, row.lines) for section in sections for row in section.rows
        }

    a, b = flat(mine), flat(theirs)
    order = list(dict.fromkeys([*a, *b]))
    rows = []
    for field in order:
        mine_lines = a.get(field, ("", "", ["–"]))
        theirs_lines = b.get(field, ("", "", ["–"]))
        if mine_lines[2] != theirs_lines[2]:
            title, label = (mine_lines if field in a else theirs_lines)[:2]
            rows.append({"section": title, "label": label, "mine": mine_lines[2], "theirs": theirs_lines[2]})
    return rows
