"""The parent's pages of an application: start, steps (one topic per page), task list, check answers with
declarations and submission, deleting a draft. Every form works without JavaScript; drafts.js adds autosave,
offline use and conflict handling on top.
"""

from __future__ import annotations

import uuid as uuidlib
from typing import Any
from urllib.parse import quote

from litestar import Controller, Request, get, post
from litestar.di import Provide
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Template

from server.accounts.guards import provide_parent
from server.accounts.tables import Account
from server.applications import drafts, submission
from server.applications.conditions import RawValue
from server.applications.context import Context
from server.applications.controllers.common import (
    definition_for,
    enabled_services,
    form_meta,
    page_data,
    parse_version,
    posted_values,
)
from server.applications.controllers.quick import parse_questions, posted_values_for, quick_prefill
from server.applications.controllers.ranking import apply_ranking_action
from server.applications.definitions import ServiceDefinition, Step
from server.applications.drafts import TEMPLATE_UUID, DraftState
from server.applications.engine import (
    Evaluation,
    clean_values,
    computed,
    evaluate,
    next_step,
    prefill,
    previous_step,
    step_keys,
    summary,
    visible_steps,
)
from server.applications.registry import ASSESSMENTS, LIFE_SITUATIONS
from server.applications.services import load_context, search_facilities
from server.applications.submission import Links, SubmitProblem
from server.documents.rejections import REJECTIONS, message_for
from server.notifications.after_response import deliver_after, public_base_url
from server.tenants.config import Tenant
from server.tenants.dependencies import provide_tenant
from server.web.i18n import _
from server.web.responses import page, redirect


def base_url(tenant: Tenant, definition: ServiceDefinition, uuid: str) -> str:
    return f"/{tenant.slug}/antraege/{definition.id}/{uuid}"


def links(request: Request[Any, Any, Any], tenant: Tenant) -> Links:
    root = public_base_url(request)
    return Links(
        status_url=f"{root}/{tenant.slug}/vorgaenge/{{reference}}",
        consent_base=f"{root}/{tenant.slug}/zustimmung/",
        portal=_("Familienportal {name}").format(name=tenant.name),
    )


class ApplicationPagesController(Controller):
    path = "/{tenant_slug:str}/antraege"
    dependencies = {"tenant": Provide(provide_tenant), "account": Provide(provide_parent)}
    include_in_schema = False

    # --- catalogue and start ---------------------------------------------------------------------------
    @get("/", name="applications")
    async def catalogue_page(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account
    ) -> Template:
        services = enabled_services(request, tenant)
        groups = [
            (label, [s for s in services if s.life_situation == key])
            for key, label in LIFE_SITUATIONS.items()
        ]
        other = [s for s in services if s.life_situation not in LIFE_SITUATIONS]
        groups = [(label, found) for label, found in groups if found]
        if other:
            groups.append((_("Weitere Anträge"), other))
        return page(request, "applications/catalogue.html", {"services": services, "groups": groups})

    # --- quick check before a benefit ------------------------------------------------------------------
    @get("/{service:str}/schnellcheck", name="application_quick_check")
    async def quick_check_page(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account, service: str
    ) -> Template:
        definition = self._with_quick_check(request, tenant, service)
        ctx = await load_context(tenant, account, definition, {})
        context = {"definition": definition, "values": {}, "errors": {}, "result": None, "ctx": ctx}
        return page(request, "applications/quick_check.html", context)

    @post("/{service:str}/schnellcheck")
    async def quick_check(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account, service: str
    ) -> Template:
        """The answers are posted (they stay out of URLs and history), assessed, and shown with the result;
        the result page carries the applicable answers to `/neu`, which prefills the new draft with them."""
        definition = self._with_quick_check(request, tenant, service)
        check = definition.quick_check
        assert check is not None
        values = await posted_values_for(request, check.questions)
        ctx = await load_context(tenant, account, definition, {})
        answers, errors = parse_questions(check.questions, values, ctx)
        context: dict[str, Any] = {"definition": definition, "values": values, "errors": errors, "ctx": ctx}
        if errors:
            return page(
                request, "applications/quick_check.html", {**context, "result": None}, status_code=422
            )
        carried = {k: v for k, v in values.items() if k.split("-", 1)[0] in answers}
        result = ASSESSMENTS[check.assess](answers, ctx)
        return page(
            request, "applications/quick_check.html", {**context, "values": carried, "result": result}
        )

    def _with_quick_check(
        self, request: Request[Any, Any, Any], tenant: Tenant, service: str
    ) -> ServiceDefinition:
        definition = definition_for(request, tenant, service)
        if definition.quick_check is None:
            raise NotFoundException()
        return definition

    @get("/{service:str}", name="application_start")
    async def start_page(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account, service: str
    ) -> Template:
        definition = definition_for(request, tenant, service)
        own = [d for d in await drafts.list_drafts(tenant.slug, account.id) if d.service == service]
        return page(request, "applications/start.html", {"definition": definition, "drafts": own})

    @post("/{service:str}/neu")
    async def start(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account, service: str
    ) -> Redirect:
        definition = definition_for(request, tenant, service)
        meta = await form_meta(request)
        # drafts.js sends the UUID it already uses on the device; without JavaScript the server makes one.
        draft_uuid = meta.get("_draft", "")
        if not drafts.valid_uuid(draft_uuid) or draft_uuid == TEMPLATE_UUID:
            draft_uuid = str(uuidlib.uuid4())
        ctx = await load_context(tenant, account, definition, {})
        # The household's data, and the answers of a quick check made before (sent as `quick-…` fields).
        values = clean_values(
            definition, {**prefill(definition, ctx), **await quick_prefill(request, definition)}
        )
        result = await drafts.create_draft(tenant.slug, account.id, draft_uuid, definition.id, values)
        if result.status == "submitted":
            return await self._to_case(request, tenant, account, draft_uuid)
        if result.status not in {"saved", "unchanged"}:
            draft_uuid = str(uuidlib.uuid4())
            await drafts.create_draft(tenant.slug, account.id, draft_uuid, definition.id, values)
        first = definition.steps[0].id
        return redirect(request, f"{base_url(tenant, definition, draft_uuid)}/{first}")

    async def _to_case(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account, uuid: str
    ) -> Redirect:
        done = await submission.existing(tenant.slug, account.id, uuid)
        if done is None:
            raise NotFoundException()
        return redirect(request, f"/{tenant.slug}/vorgaenge/{done.reference}")

    async def _load(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account, service: str, uuid: str
    ) -> tuple[ServiceDefinition, DraftState | None, bool]:
        """The draft of this URL. A draft the server does not know (yet) is shown as the service's blank
        template with the household prefill: drafts.js fills in what the device holds (a draft started
        offline) and syncs it. A draft of someone else is never shown: it looks like an unknown one."""
        definition = definition_for(request, tenant, service)
        if not drafts.valid_uuid(uuid) and uuid != TEMPLATE_UUID:
            raise NotFoundException()
        draft = None if uuid == TEMPLATE_UUID else await drafts.get_draft(tenant.slug, account.id, uuid)
        if draft is not None and draft.service != definition.id:
            raise NotFoundException()
        return definition, draft, draft is None

    async def _context(
        self,
        tenant: Tenant,
        account: Account,
        definition: ServiceDefinition,
        values: dict[str, RawValue],
        uuid: str,
    ) -> Context:
        return await load_context(tenant, account, definition, values, draft_uuid=uuid)

    # --- task list -------------------------------------------------------------------------------------
    @get("/{service:str}/{uuid:str}", name="application_tasks")
    async def tasks(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account, service: str, uuid: str
    ) -> Template | Redirect:
        definition, draft, template = await self._load(request, tenant, account, service, uuid)
        if template and uuid != TEMPLATE_UUID and await drafts.is_submitted(uuid):
            return await self._to_case(request, tenant, account, uuid)
        ctx = await self._context(tenant, account, definition, draft.values if draft else {}, uuid)
        values = draft.values if draft else prefill(definition, ctx)
        evaluation = evaluate(definition, values, ctx)
        return page(
            request,
            "applications/tasks.html",
            {
                "definition": definition,
                "uuid": uuid,
                "base": base_url(tenant, definition, uuid),
                "evaluation": evaluation,
                "template": template,
                "draft": draft,
                "data": page_data(
                    definition, ctx, uuid, draft.version if draft else 0, values, template=template
                ),
            },
        )

    # --- steps -------------------------------------------------------------------------------------------
    def _step_context(
        self,
        request: Request[Any, Any, Any],
        tenant: Tenant,
        definition: ServiceDefinition,
        step: Step,
        uuid: str,
        draft: DraftState | None,
        values: dict[str, RawValue],
        ctx: Context,
        evaluation: Evaluation,
        *,
        show_errors: bool,
        template: bool,
        search: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        state = evaluation.state(step.id)
        base = base_url(tenant, definition, uuid)
        back = previous_step(definition, values, ctx, step.id)
        return_to = request.query_params.get("zurueck") == "pruefen"
        visible_ids = {f.id for f in state.fields} if state else set()
        return {
            "definition": definition,
            "step": step,
            "uuid": uuid,
            "base": base,
            "version": draft.version if draft else 0,
            "values": values,
            "ctx": ctx,
            "visible": visible_ids,
            "errors": (state.errors if state else {}) if show_errors else {},
            "warnings": state.warnings if state else {},
            "back_url": f"{base}/pruefen" if return_to else f"{base}/{back.id}" if back else f"{base}/",
            "return_to": "pruefen" if return_to else "",
            "search": search or {},
            "template": template,
            "step_index": [s.id for s in visible_steps(definition, values, ctx)].index(step.id) + 1
            if state
            else None,
            "step_count": len(evaluation.steps),
            "data": page_data(
                definition, ctx, uuid, draft.version if draft else 0, values, template=template, step=step.id
            ),
        }

    @get("/{service:str}/{uuid:str}/{step_id:str}", name="application_step")
    async def step_page(
        self,
        request: Request[Any, Any, Any],
        tenant: Tenant,
        account: Account,
        service: str,
        uuid: str,
        step_id: str,
    ) -> Template | Redirect:
        definition, draft, template = await self._load(request, tenant, account, service, uuid)
        step = definition.step(step_id)
        if step is None:
            raise NotFoundException()
        if template and uuid != TEMPLATE_UUID and await drafts.is_submitted(uuid):
            return await self._to_case(request, tenant, account, uuid)
        ctx = await self._context(tenant, account, definition, draft.values if draft else {}, uuid)
        values = draft.values if draft else prefill(definition, ctx)
        evaluation = evaluate(definition, values, ctx)
        search = await self._search(request, tenant, step)
        proof_pages, upload_errors = await self._proofs(request, tenant, account, step, uuid, template)
        context = self._step_context(
            request,
            tenant,
            definition,
            step,
            uuid,
            draft,
            values,
            ctx,
            evaluation,
            show_errors=request.query_params.get("fehler") == "1",
            template=template,
            search=search,
        )
        context["proof_pages"] = proof_pages
        context["errors"] = {**context["errors"], **upload_errors}
        return page(request, "applications/step.html", context)

    async def _proofs(
        self,
        request: Request[Any, Any, Any],
        tenant: Tenant,
        account: Account,
        step: Step,
        uuid: str,
        template: bool,
    ) -> tuple[dict[str, list[Any]], dict[str, str]]:
        """The pages already uploaded to this step's proof slots, and the message of a failed upload made
        without JavaScript (the upload answers with a code, never with free text)."""
        slots = [f.id for f in step.fields if f.type == "proof"]
        if not slots:
            return {}, {}
        documents = request.app.state.documents
        pages = (
            {}
            if template
            else {slot: await documents.pages(tenant.slug, account.id, uuid, slot) for slot in slots}
        )
        errors: dict[str, str] = {}
        code, slot = request.query_params.get("nachweis_fehler"), request.query_params.get("feld")
        if code and slot in slots and code in REJECTIONS:
            errors[slot] = message_for(code)
        return pages, errors

    async def _search(self, request: Request[Any, Any, Any], tenant: Tenant, step: Step) -> dict[str, Any]:
        text = (request.query_params.get("suche") or "").strip()[:80]
        if not text or not any(f.type == "facility_ranking" for f in step.fields):
            return {}
        return {"text": text, "results": await search_facilities(tenant.slug, text)}

    @post("/{service:str}/{uuid:str}/{step_id:str}")
    async def save_step(
        self,
        request: Request[Any, Any, Any],
        tenant: Tenant,
        account: Account,
        service: str,
        uuid: str,
        step_id: str,
    ) -> Template | Redirect:
        definition, draft, _template = await self._load(request, tenant, account, service, uuid)
        step = definition.step(step_id)
        if step is None or uuid == TEMPLATE_UUID:
            raise NotFoundException()
        posted = await posted_values(request, definition)
        meta = await form_meta(request)
        action = meta.get("_action", "")
        base = base_url(tenant, definition, uuid)
        if action.startswith(("add:", "up:", "down:", "remove:", "search")):
            posted = apply_ranking_action(step, posted, action)
        if draft is None:
            if await drafts.is_submitted(uuid):
                return await self._to_case(request, tenant, account, uuid)
            # A draft started on this device without a connection: it reaches the server with this post.
            ctx = await self._context(tenant, account, definition, {}, uuid)
            created = await drafts.create_draft(
                tenant.slug, account.id, uuid, definition.id, prefill(definition, ctx)
            )
            draft = created.draft
            if draft is None:
                raise NotFoundException()
        result = await drafts.save_step(
            tenant.slug, account.id, draft, step, posted, parse_version(meta.get("_version"))
        )
        if result.status == "conflict" and result.draft is not None:
            return await self._conflict(
                request, tenant, account, definition, step, uuid, result.draft, posted
            )
        if result.status == "submitted":
            return await self._to_case(request, tenant, account, uuid)
        if result.draft is None:
            raise NotFoundException()
        saved = result.draft
        query = f"?zurueck={meta['_return']}" if meta.get("_return") == "pruefen" else ""
        if action.startswith("search"):
            text = meta.get("_search", "").strip()[:80]
            sep = "&" if query else "?"
            return redirect(request, f"{base}/{step.id}{query}{sep}suche={quote(text)}#suche")
        if action.startswith(("add:", "up:", "down:", "remove:")):
            return redirect(request, f"{base}/{step.id}{query}#wishes")
        if action == "save_exit":
            return redirect(request, f"/{tenant.slug}/uebersicht", "draft_saved")
        ctx = await self._context(tenant, account, definition, saved.values, uuid)
        evaluation = evaluate(definition, saved.values, ctx)
        state = evaluation.state(step.id)
        if state is not None and state.errors:
            context = self._step_context(
                request,
                tenant,
                definition,
                step,
                uuid,
                saved,
                saved.values,
                ctx,
                evaluation,
                show_errors=True,
                template=False,
            )
            return page(request, "applications/step.html", context, status_code=422)
        if meta.get("_return") == "pruefen":
            return redirect(request, f"{base}/pruefen")
        following = next_step(definition, saved.values, ctx, step.id)
        return redirect(request, f"{base}/{following.id}" if following else f"{base}/pruefen")

    async def _conflict(
        self,
        request: Request[Any, Any, Any],
        tenant: Tenant,
        account: Account,
        definition: ServiceDefinition,
        step: Step,
        uuid: str,
        current: DraftState,
        posted: dict[str, RawValue],
    ) -> Template:
        """The step was changed on another device since this form was loaded: show both, let the parent choose."""
        ctx = await self._context(tenant, account, definition, {**current.values, **posted}, uuid)
        mine = {**current.values, **step_keys(step, posted)}
        for field in step.fields:
            for key in [
                k for k in mine if (k == field.id or k.startswith(field.id + "-")) and k not in posted
            ]:
                del mine[key]
        theirs_rows = summary(definition, evaluate(definition, current.values, ctx), include=[step.id])
        mine_rows = summary(definition, evaluate(definition, mine, ctx), include=[step.id])
        return page(
            request,
            "applications/conflict.html",
            {
                "definition": definition,
                "step": step,
                "base": base_url(tenant, definition, uuid),
                "version": current.version,
                "posted": posted,
                "mine": mine_rows[0].rows if mine_rows else [],
                "theirs": theirs_rows[0].rows if theirs_rows else [],
            },
            status_code=409,
        )

    # --- check answers and submit -----------------------------------------------------------------------
    async def _check_context(
        self, tenant: Tenant, account: Account, definition: ServiceDefinition, draft: DraftState, uuid: str
    ) -> dict[str, Any]:
        ctx = await self._context(tenant, account, definition, draft.values, uuid)
        evaluation = evaluate(definition, draft.values, ctx)
        return {
            "definition": definition,
            "uuid": uuid,
            "base": base_url(tenant, definition, uuid),
            "draft": draft,
            "evaluation": evaluation,
            "sections": summary(definition, evaluation),
            "computed": computed(definition, evaluation.answers, ctx) if evaluation.complete else [],
            "declaration_errors": {},
            "confirmed": set(),
            "problem": "",
            "data": page_data(
                definition, ctx, uuid, draft.version, draft.values, template=False, step="pruefen"
            ),
        }

    @get("/{service:str}/{uuid:str}/pruefen", name="application_check")
    async def check_page(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account, service: str, uuid: str
    ) -> Template | Redirect:
        definition, draft, _template = await self._load(request, tenant, account, service, uuid)
        if draft is None:
            if uuid != TEMPLATE_UUID and await drafts.is_submitted(uuid):
                return await self._to_case(request, tenant, account, uuid)
            raise NotFoundException()
        return page(
            request,
            "applications/check.html",
            await self._check_context(tenant, account, definition, draft, uuid),
        )

    @post("/{service:str}/{uuid:str}/pruefen")
    async def submit(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account, service: str, uuid: str
    ) -> Template | Redirect:
        definition, draft, _template = await self._load(request, tenant, account, service, uuid)
        form = await request.form()
        confirmed = {
            k.removeprefix("decl-")
            for k, v in form.items()
            if isinstance(k, str) and k.startswith("decl-") and v == "ja"
        }
        version = parse_version(form.get("_version") if isinstance(form.get("_version"), str) else None)
        if draft is None:
            return await self._to_case(request, tenant, account, uuid)
        ctx = await self._context(tenant, account, definition, draft.values, uuid)
        try:
            done = await submission.submit(
                definition,
                ctx,
                account.id,
                account.email,
                uuid,
                version,
                confirmed,
                links(request, tenant),
            )
        except SubmitProblem as problem:
            if problem.kind == "not_found":
                return await self._to_case(request, tenant, account, uuid)
            latest = await drafts.get_draft(tenant.slug, account.id, uuid) or draft
            context = await self._check_context(tenant, account, definition, latest, uuid)
            context["problem"] = problem.kind
            context["confirmed"] = confirmed
            context["declaration_errors"] = {
                d.id: _("Bitte bestätigen Sie diese Erklärung.")
                for d in definition.declarations
                if d.id in problem.missing
            }
            return page(
                request,
                "applications/check.html",
                context,
                status_code=409 if problem.kind == "conflict" else 422,
            )
        # The receipt, and the mails the submission queued besides (e.g. the second parent's invitation).
        background = deliver_after(request, done.mail_id, *done.other_mail_ids)
        return redirect(
            request, f"/{tenant.slug}/vorgaenge/{done.reference}/eingereicht", background=background
        )

    # --- delete ------------------------------------------------------------------------------------------
    @get("/{service:str}/{uuid:str}/loeschen")
    async def delete_page(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account, service: str, uuid: str
    ) -> Template:
        definition, draft, _template = await self._load(request, tenant, account, service, uuid)
        if draft is None:
            raise NotFoundException()
        return page(
            request,
            "applications/delete.html",
            {"definition": definition, "uuid": uuid, "base": base_url(tenant, definition, uuid)},
        )

    @post("/{service:str}/{uuid:str}/loeschen")
    async def delete(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account, service: str, uuid: str
    ) -> Redirect:
        definition, draft, _template = await self._load(request, tenant, account, service, uuid)
        if draft is not None:
            await drafts.delete_draft(tenant.slug, account.id, uuid)
        return redirect(request, f"/{tenant.slug}/uebersicht", "draft_deleted")
