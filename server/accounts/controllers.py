"""Registration, confirmation, login/logout and password reset pages of a tenant."""

from __future__ import annotations

import datetime as dt
from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import Provide
from litestar.response import Redirect, Template

from server.accounts import services
from server.accounts.guards import provide_optional_account, safe_next
from server.accounts.passwords import password_problem
from server.accounts.services import EmailTaken, TokenState
from server.accounts.sessions import SessionData, now
from server.db_errors import is_unique_violation
from server.notifications.after_response import deliver_after, public_base_url
from server.tenants.config import Tenant
from server.tenants.dependencies import provide_tenant
from server.web.forms import Form, read_form
from server.web.i18n import _
from server.web.responses import page, redirect

TOKEN_MESSAGES = {
    TokenState.UNKNOWN: _(
        "Dieser Link ist ungültig. Bitte prüfen Sie, ob Sie ihn vollständig kopiert haben."
    ),
    TokenState.EXPIRED: _("Dieser Link ist abgelaufen. Fordern Sie bitte einen neuen an."),
    TokenState.USED: _("Dieser Link wurde bereits verwendet. Jeder Link gilt nur einmal."),
}


def check_new_password(form: Form, email: str) -> str:
    password = form["password"]
    problem = password_problem(password, email)
    if problem:
        form.error("password", problem)
    elif not form["password_confirm"]:
        form.error("password_confirm", _("Bitte wiederholen Sie das Passwort."))
    elif form["password_confirm"] != password:
        form.error("password_confirm", _("Die beiden Passwörter stimmen nicht überein."))
    return password


class AccountController(Controller):
    path = "/{tenant_slug:str}"
    dependencies = {"tenant": Provide(provide_tenant)}
    include_in_schema = False

    # --- registration -------------------------------------------------------------------------------
    @get("/registrieren", name="register")
    async def register_form(self, request: Request[Any, Any, Any], tenant: Tenant) -> Template:
        return page(request, "accounts/register.html", {"form": Form({})})

    @post("/registrieren")
    async def register(self, request: Request[Any, Any, Any], tenant: Tenant) -> Template | Redirect:
        form = await read_form(request)
        email = form.email("email")
        check_new_password(form, email)
        if form["terms"] != "yes":
            form.error("terms", _("Bitte bestätigen Sie, dass Sie die Datenschutzhinweise gelesen haben."))
        if form.ok:
            settings = request.app.state.settings
            lifetime = dt.timedelta(hours=settings.confirm_token_hours)
            try:
                mail_id = await services.register_parent(
                    tenant, email, form["password"], public_base_url(request), lifetime
                )
            except EmailTaken:
                form.error(
                    "email",
                    _(
                        "Zu dieser E-Mail-Adresse gibt es schon ein Konto. Melden Sie sich an "
                        "oder setzen Sie Ihr Passwort zurück."
                    ),
                )
            except Exception as exc:
                if not is_unique_violation(exc):
                    raise
                form.error("email", _("Zu dieser E-Mail-Adresse gibt es schon ein Konto."))
            else:
                return redirect(
                    request,
                    f"/{tenant.slug}/registrieren/gesendet",
                    "registered",
                    deliver_after(request, mail_id),
                )
        form.values.pop("password", None)
        form.values.pop("password_confirm", None)
        return page(request, "accounts/register.html", {"form": form}, status_code=422)

    @get("/registrieren/gesendet")
    async def registered(self, request: Request[Any, Any, Any], tenant: Tenant) -> Template:
        return page(request, "accounts/registered.html", {"form": Form({})})

    @post("/registrieren/erneut-senden")
    async def resend(self, request: Request[Any, Any, Any], tenant: Tenant) -> Template | Redirect:
        form = await read_form(request)
        email = form.email("email")
        if not form.ok:
            return page(request, "accounts/registered.html", {"form": form}, status_code=422)
        lifetime = dt.timedelta(hours=request.app.state.settings.confirm_token_hours)
        mail_id = await services.resend_confirmation(tenant, email, public_base_url(request), lifetime)
        return redirect(
            request, f"/{tenant.slug}/registrieren/gesendet", "resent", deliver_after(request, mail_id)
        )

    # --- confirmation: GET shows a button, POST uses the token (mail scanners only ever GET) ----------
    @get("/bestaetigen/{token:str}")
    async def confirm_page(self, request: Request[Any, Any, Any], tenant: Tenant, token: str) -> Template:
        return page(request, "accounts/confirm.html", {"token": token})

    @post("/bestaetigen/{token:str}")
    async def confirm(
        self, request: Request[Any, Any, Any], tenant: Tenant, token: str
    ) -> Template | Redirect:
        state = await services.confirm_email(tenant.slug, token)
        if state is TokenState.OK:
            return redirect(request, f"/{tenant.slug}/anmelden", "confirmed")
        return page(
            request,
            "accounts/link_problem.html",
            {"message": TOKEN_MESSAGES[state], "kind": "confirm"},
            status_code=410 if state is not TokenState.UNKNOWN else 404,
        )

    # --- login / logout ---------------------------------------------------------------------------------
    @get("/anmelden", name="login", dependencies={"account": Provide(provide_optional_account)})
    async def login_form(
        self, request: Request[Any, Any, Any], tenant: Tenant, account: Any, weiter: str | None = None
    ) -> Template | Redirect:
        if account is not None:
            return Redirect(safe_next(tenant, weiter), status_code=303)
        return page(request, "accounts/login.html", {"form": Form({}), "next": safe_next(tenant, weiter)})

    @post("/anmelden")
    async def login(self, request: Request[Any, Any, Any], tenant: Tenant) -> Template | Redirect:
        form = await read_form(request)
        email = form.email("email")
        if not form["password"]:
            form.error("password", _("Bitte geben Sie Ihr Passwort ein."))
        next_path = safe_next(tenant, form["next"])
        state = request.app.state
        throttle_key = f"{tenant.slug}:{email}"
        ip = request.client.host if request.client else "unknown"
        if form.ok and await state.login_throttle.blocked(throttle_key, ip):
            form.error(
                "email",
                _(
                    "Zu viele fehlgeschlagene Anmeldungen. Bitte warten Sie 15 Minuten oder "
                    "setzen Sie Ihr Passwort zurück."
                ),
            )
        account = None
        unconfirmed = False
        if form.ok:
            account = await services.authenticate(tenant.slug, email, form["password"])
            if account is None:
                await state.login_throttle.failed(throttle_key, ip)
                form.error("email", _("E-Mail-Adresse oder Passwort ist falsch."))
            elif account.email_confirmed_at is None:
                form.error(
                    "email",
                    _("Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse über den Link in unserer E-Mail."),
                )
                account = None
                unconfirmed = True
        if account is None:
            form.values.pop("password", None)
            return page(
                request,
                "accounts/login.html",
                {"form": form, "next": next_path, "unconfirmed": unconfirmed},
                status_code=422,
            )
        await state.login_throttle.succeeded(throttle_key)
        response = redirect(request, next_path, "logged_in")
        await state.sessions.start(
            request,
            response,
            SessionData(account_id=account.id, tenant=tenant.slug, role=account.role, created=now()),
        )
        return response

    @post("/abmelden")
    async def logout(self, request: Request[Any, Any, Any], tenant: Tenant) -> Redirect:
        response = redirect(request, f"/{tenant.slug}/anmelden", "logged_out")
        await request.app.state.sessions.end(request, response)
        # Drop pages with personal data from the HTTP cache; the service worker's page cache is cleared by
        # app.js (FORGET_PAGES) on the page this redirect leads to.
        response.headers["Clear-Site-Data"] = '"cache"'
        return response

    # --- password reset -----------------------------------------------------------------------------
    @get("/passwort-vergessen")
    async def forgot_form(self, request: Request[Any, Any, Any], tenant: Tenant) -> Template:
        return page(request, "accounts/forgot.html", {"form": Form({})})

    @post("/passwort-vergessen")
    async def forgot(self, request: Request[Any, Any, Any], tenant: Tenant) -> Template | Redirect:
        form = await read_form(request)
        email = form.email("email")
        if not form.ok:
            return page(request, "accounts/forgot.html", {"form": form}, status_code=422)
        lifetime = dt.timedelta(minutes=request.app.state.settings.reset_token_minutes)
        mail_id = await services.request_password_reset(tenant, email, public_base_url(request), lifetime)
        return redirect(request, f"/{tenant.slug}/anmelden", "reset_sent", deliver_after(request, mail_id))

    @get("/passwort-neu/{token:str}")
    async def reset_form(self, request: Request[Any, Any, Any], tenant: Tenant, token: str) -> Template:
        state = await services.check_reset_token(tenant.slug, token)
        if state is not TokenState.OK:
            return page(
                request,
                "accounts/link_problem.html",
                {"message": TOKEN_MESSAGES[state], "kind": "reset"},
                status_code=410 if state is not TokenState.UNKNOWN else 404,
            )
        return page(request, "accounts/reset.html", {"form": Form({}), "token": token})

    @post("/passwort-neu/{token:str}")
    async def reset(self, request: Request[Any, Any, Any], tenant: Tenant, token: str) -> Template | Redirect:
        form = await read_form(request)
        check_new_password(form, "")
        if not form.ok:
            return page(request, "accounts/reset.html", {"form": form, "token": token}, status_code=422)
        state = await services.reset_password(tenant.slug, token, form["password"])
        if state is not TokenState.OK:
            return page(
                request,
                "accounts/link_problem.html",
                {"message": TOKEN_MESSAGES[state], "kind": "reset"},
                status_code=410,
            )
        return redirect(request, f"/{tenant.slug}/anmelden", "password_changed")
