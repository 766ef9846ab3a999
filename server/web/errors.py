"""Error pages in German. User input never yields a 500; unexpected failures are logged without data."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response
from litestar.exceptions import (
    HTTPException,
    NotAuthorizedException,
    NotFoundException,
    PermissionDeniedException,
)
from litestar.response import Redirect, Template

from server.accounts.guards import LoginRequired
from server.logs import log
from server.tenants.dependencies import UnknownTenant
from server.web.i18n import _
from server.web.responses import page


def _guess_tenant(request: Request[Any, Any, Any]) -> None:
    if request.state.get("tenant") is None:
        first = request.url.path.strip("/").split("/", 1)[0]
        request.state.tenant = request.app.state.tenants.get(first)


def _error_page(request: Request[Any, Any, Any], status: int, title: str, message: str) -> Template:
    _guess_tenant(request)
    return page(
        request, "web/error.html", {"title": title, "message": message, "status": status}, status_code=status
    )


def not_found(request: Request[Any, Any, Any], exc: NotFoundException) -> Template:
    if isinstance(exc, UnknownTenant):
        return _error_page(
            request,
            404,
            _("Diese Kommune gibt es hier nicht"),
            _(
                "Unter dieser Adresse ist keine Kommune eingerichtet. Bitte wählen Sie Ihre Kommune aus der Liste."
            ),
        )
    return _error_page(
        request,
        404,
        _("Seite nicht gefunden"),
        _(
            "Diese Seite gibt es nicht oder nicht mehr. Wenn Sie die Adresse eingetippt haben, prüfen Sie sie bitte."
        ),
    )


def not_authorized(request: Request[Any, Any, Any], exc: NotAuthorizedException) -> Response[Any]:
    if isinstance(exc, LoginRequired):
        if request.method == "GET":
            return Redirect(exc.login_url, status_code=303)
    return _error_page(
        request, 401, _("Bitte melden Sie sich an"), _("Für diese Seite müssen Sie angemeldet sein.")
    )


def forbidden(request: Request[Any, Any, Any], exc: PermissionDeniedException) -> Template:
    if "CSRF" in str(exc.detail):
        return _error_page(
            request,
            403,
            _("Das Formular ist abgelaufen"),
            _(
                "Aus Sicherheitsgründen konnten wir das Formular nicht annehmen. Bitte gehen Sie zurück, laden Sie "
                "die Seite neu und senden Sie es noch einmal ab."
            ),
        )
    return _error_page(
        request, 403, _("Kein Zugriff"), _("Mit Ihrem Konto haben Sie keinen Zugriff auf diese Seite.")
    )


def http_error(request: Request[Any, Any, Any], exc: HTTPException) -> Template:
    if exc.status_code >= 500:
        log.error("http_error", status=exc.status_code, error=type(exc).__name__)
        return _error_page(
            request,
            exc.status_code,
            _("Der Dienst ist gerade nicht erreichbar"),
            _("Bitte versuchen Sie es in einigen Minuten noch einmal."),
        )
    if exc.status_code == 413:
        return _error_page(
            request,
            413,
            _("Die Eingabe ist zu groß"),
            _("Bitte kürzen Sie Ihre Eingaben und senden Sie das Formular erneut."),
        )
    return _error_page(
        request,
        exc.status_code,
        _("Die Anfrage war fehlerhaft"),
        _("Bitte prüfen Sie die Adresse oder gehen Sie zurück und versuchen Sie es noch einmal."),
    )


def server_error(request: Request[Any, Any, Any], exc: Exception) -> Template:
    log.exception("unhandled_error", error=type(exc).__name__, route=request.scope.get("path_template"))
    return _error_page(
        request,
        500,
        _("Es ist ein Fehler aufgetreten"),
        _(
            "Das tut uns leid. Ihre bisherigen Eingaben sind gespeichert, soweit Sie sie schon "
            "abgeschickt hatten. Bitte versuchen Sie es in einigen Minuten noch einmal."
        ),
    )


HANDLERS = {
    NotFoundException: not_found,
    NotAuthorizedException: not_authorized,
    PermissionDeniedException: forbidden,
    HTTPException: http_error,
    500: server_error,
}
