"""One-shot confirmation messages after POST/redirect/GET. The cookie carries only a key from this table,
never free text, so it needs no signature and cannot inject content."""

from __future__ import annotations

from litestar.datastructures import Cookie

from server.web.i18n import _

COOKIE = "portal_flash"

MESSAGES = {
    "registered": _("Fast geschafft: Wir haben Ihnen eine E-Mail mit einem Bestätigungslink geschickt."),
    "confirmed": _("Ihre E-Mail-Adresse ist bestätigt. Sie können sich jetzt anmelden."),
    "logged_in": _("Sie sind angemeldet."),
    "logged_out": _("Sie sind abgemeldet."),
    "reset_sent": _(
        "Wenn zu dieser Adresse ein Konto besteht, haben wir einen Link für ein neues Passwort geschickt."
    ),
    "password_changed": _("Ihr Passwort ist geändert. Bitte melden Sie sich mit dem neuen Passwort an."),
    "resent": _("Wir haben Ihnen einen neuen Bestätigungslink geschickt."),
    "address_saved": _("Die Anschrift ist gespeichert."),
    "child_saved": _("Die Angaben zum Kind sind gespeichert."),
    "child_removed": _("Das Kind wurde aus dem Haushalt entfernt."),
    "guardian_saved": _("Die Angaben zur sorgeberechtigten Person sind gespeichert."),
    "guardian_removed": _("Die Person wurde aus dem Haushalt entfernt."),
    "draft_saved": _("Ihr Entwurf ist gespeichert. Sie können ihn jederzeit in Ihrer Übersicht fortsetzen."),
    "draft_deleted": _("Der Entwurf wurde gelöscht."),
    "withdrawn": _("Sie haben den Antrag zurückgezogen."),
    "mail_preferences_saved": _("Ihre Einstellungen für E-Mail-Benachrichtigungen sind gespeichert."),
}


def flash_cookie(key: str, secure: bool) -> Cookie:
    return Cookie(key=COOKIE, value=key, max_age=120, path="/", httponly=True, secure=secure, samesite="lax")


def clear_flash_cookie(secure: bool) -> Cookie:
    return Cookie(key=COOKIE, value="", max_age=0, path="/", httponly=True, secure=secure, samesite="lax")


def message_for(key: str | None) -> str | None:
    return MESSAGES.get(key or "")
