"""The second parent's consent: the invited parent's page (log in, see exactly what they agree to, agree or
refuse), and the applicant correcting the address and sending the invitation again."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import Provide
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Template

from server.accounts.guards import provide_optional_account, provide_parent
from server.accounts.tables import Account
from server.applications import cases, consent
from server.applications import status as machine
from server.applications.controllers.cases import case_context, extend_case_page
from server.applications.controllers.common import catalogue
from server.applications.controllers.pages import links
from server.applications.tables import Application
from server.dates import local
from server.mailbox import services as mailbox
from server.notifications.after_response import deliver_after, public_base_url
from server.tenants.config import Tenant
from server.tenants.dependencies import provide_tenant
from server.web.forms import read_form
from server.web.i18n import _
from server.web.responses import page, redirect


def _summary(application: dict[str, Any]) -> dict[str, Any]:
    case = cases._case(application)
    return {"sections": case.sections, "reference": case.reference, "submitted_at": case.submitted_at}


@extend_case_page
async def consent_on_case_page(request: Request[Any, Any, Any], tenant: Tenant, case: Any) -> dict[str, Any]:
    definition = catalogue(request).get(case.service)
    if definition is None or definition.consent is None:
        return {}
    state = await consent.of_application(tenant.slug, case.id)
    if state is None:
        return {}
    # The state refreshes with the status block while the page is open; the form to correct the address
    # stays below it (a refresh must not wipe what the parent is typing).
    parts = ["applications/_consent_resend.html"] if case.status == "awaiting_consent" else []
    return {"consent": state, "status_parts": ["applications/_consent_status.html"], "case_parts": parts}


class ConsentController(Controller):
    """/<tenant>/zustimmung/<token>: for the invited parent (any parent account with the invited address)."""

    path = "/{tenant_slug:str}/zustimmung"
    dependencies = {"tenant": Provide(provide_tenant), "account": Provide(provide_optional_account)}
    include_in_schema = False

    async def _context(self, request: Request[Any, Any, Any], tenant: Tenant, token: str) -> dict[str, Any]:
        found = await consent.by_token(tenant.slug, token)
        if found is None:
            raise NotFoundException()
        state, application = found
        definition = catalogue(request).get(application["service"])
        if definition is None or definition.consent is None:
            raise NotFoundException()
        applicant = await Account.select(Account.email).where(Account.id == application["account"]).first()
        return {
            "state": state,
            "definition": definition,
            "token": token,
            "closed": consent.why_closed(state, application),
            "applicant": applicant["email"] if applicant else "",
            **_summary(application),
        }

    @staticmethod
    def _for(context: dict[str, Any], account: Account | None) -> dict[str, Any]:
        """Only the invited parent, logged in, sees the application itself."""
        allowed = consent.may_answer(account, context["state"])
        if not allowed:
            context = {k: v for k, v in context.items() if k in {"state", "definition", "token"}}
        return {**context, "allowed": allowed, "account": account}

    @get("/{token:str}", name="consent")
    async def show(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account | None, token: str
    ) -> Template:
        context = self._for(await self._context(request, tenant, token), account)
        return page(request, "applications/consent.html", context)

    @post("/{token:str}")
    async def answer(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account | None, token: str
    ) -> Template | Redirect:
        if account is None:
            return redirect(request, f"/{tenant.slug}/anmelden?weiter=/{tenant.slug}/zustimmung/{token}")
        form = await read_form(request)
        decision = {"zustimmen": "agreed", "ablehnen": "refused"}.get(form["entscheidung"])
        context = await self._context(request, tenant, token)
        if decision is None:
            context = self._for(context, account)
            context["error"] = _("Bitte wählen Sie: zustimmen oder ablehnen.")
            return page(request, "applications/consent.html", context, status_code=422)
        definition = context["definition"]
        mails: list[int] = []
        try:
            async with Application._meta.db.transaction():
                state, application = await consent.answer(tenant.slug, token, account, decision)  # type: ignore[arg-type]
                when = local(state.answered_at).strftime("%d.%m.%Y, %H:%M Uhr") if state.answered_at else ""
                if decision == "agreed":
                    target = "awaiting_signature" if definition.signature else "submitted"
                    note = _("Der andere Elternteil ({email}) hat am {when} zugestimmt.").format(
                        email=account.email, when=when
                    )
                    await cases.transition(
                        tenant.slug,
                        application["id"],
                        target,
                        "system",
                        account.id,
                        note,
                        expected="awaiting_consent",
                    )
                    subject = _("Zustimmung erteilt: {reference}").format(reference=application["reference"])
                else:
                    note = _(
                        "Der andere Elternteil ({email}) hat am {when} die Zustimmung verweigert."
                    ).format(email=account.email, when=when)
                    await cases.record_event(tenant.slug, application["id"], "parent", account.id, note)
                    subject = _("Zustimmung verweigert: {reference}").format(
                        reference=application["reference"]
                    )
                _message, mail_id = await mailbox.post(
                    tenant.slug,
                    application["account"],
                    "status",
                    subject,
                    note,
                    reference=application["reference"],
                    action_path=f"/{tenant.slug}/vorgaenge/{application['reference']}",
                    action_label=_("Stand des Antrags ansehen"),
                    portal_name=links(request, tenant).portal,
                    mailbox_url=f"{public_base_url(request)}/{tenant.slug}/postfach/",
                )
                if mail_id:
                    mails.append(mail_id)
        except (consent.AnswerRefused, machine.TransitionNotAllowed) as exc:
            # Re-read: the answer may have come from elsewhere meanwhile. Someone else never sees the case.
            context = self._for(await self._context(request, tenant, token), account)
            context["error"] = (
                str(exc)
                if isinstance(exc, consent.AnswerRefused)
                else _("Der Antrag kann gerade nicht geändert werden.")
            )
            return page(request, "applications/consent.html", context, status_code=409)
        flash = "consent_given" if decision == "agreed" else "consent_refused"
        return redirect(
            request, f"/{tenant.slug}/zustimmung/{token}", flash, background=deliver_after(request, *mails)
        )


class ConsentManagementController(Controller):
    """The applicant's view of the consent on their case: correct the address, send again."""

    path = "/{tenant_slug:str}/vorgaenge/{reference:str}/zustimmung"
    dependencies = {"tenant": Provide(provide_tenant), "account": Provide(provide_parent)}
    include_in_schema = False

    @post("/")
    async def resend(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Account, reference: str
    ) -> Template | Redirect:
        case = await cases.get_case(tenant.slug, account.id, reference[:40])
        if case is None:
            raise NotFoundException()
        definition = catalogue(request).get(case.service)
        if definition is None or definition.consent is None:
            raise NotFoundException()
        if case.status != "awaiting_consent":
            # Answered (or withdrawn) while the form was open: the case page shows how things stand now.
            return redirect(request, f"/{tenant.slug}/vorgaenge/{case.reference}#zustimmung")
        form = await read_form(request)
        email = form.email("email")
        if email == account.email.lower():
            form.error(
                "email",
                _("Bitte geben Sie die E-Mail-Adresse des anderen Elternteils an, nicht Ihre eigene."),
            )
        if not form.ok:
            context = await case_context(request, tenant, case)
            context["consent_form"] = form
            return page(request, "applications/case.html", context, status_code=422)
        state = await consent.of_application(tenant.slug, case.id)
        async with Application._meta.db.transaction():
            mail_id = await consent.replace(
                tenant.slug,
                case.id,
                email,
                state.name if state else "",
                definition.title,
                account.email,
                links(request, tenant).portal,
                links(request, tenant).consent_base,
            )
            await cases.record_event(
                tenant.slug,
                case.id,
                "parent",
                account.id,
                _("Einladung zur Zustimmung erneut gesendet an {email}.").format(email=email),
            )
        return redirect(
            request,
            f"/{tenant.slug}/vorgaenge/{reference}",
            "consent_resent",
            background=deliver_after(request, mail_id),
        )
