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
    "consent_given": _("Vielen Dank. Ihre Zustimmung ist gespeichert."),
    "consent_refused": _("Ihre Ablehnung ist gespeichert. Der andere Elternteil wird informiert."),
    "consent_resent": _("Die Einladung zur Zustimmung ist verschickt."),
    "mail_preferences_saved": _("Ihre Einstellungen für E-Mail-Benachrichtigungen sind gespeichert."),
    # Casework (server/casework): the office's steps on a case, and the parent sending requested documents.
    "casework_note_saved": _("Die interne Notiz ist gespeichert."),
    "casework_assigned": _("Die Zuständigkeit ist geändert."),
    "casework_status_changed": _("Der Status ist geändert."),
    "casework_request_sent": _("Die Nachforderung ist verschickt. Die Familie findet sie in ihrem Postfach."),
    "casework_decided": _("Die Entscheidung ist gespeichert; der Bescheid liegt im Postfach der Familie."),
    "casework_documents_sent": _("Vielen Dank. Ihre Unterlagen sind beim Amt eingegangen."),
    # Placement (server/placement): offers, answers, contract status, a provider's facility data.
    "offer_created": _("Das Platzangebot ist verschickt. Die Familie findet es in ihrem Postfach."),
    "offer_withdrawn": _("Das Platzangebot ist zurückgenommen. Die Vormerkungen sind wieder aktiv."),
    "offer_accepted": _("Sie haben den Platz angenommen. Ihre übrigen Wünsche wurden zurückgenommen."),
    "offer_declined": _("Sie haben das Angebot abgelehnt. Ihre übrigen Wünsche bleiben vorgemerkt."),
    "contract_saved": _("Der Betreuungsvertrag ist vermerkt."),
    "no_contract_saved": _(
        "Vermerkt: kein Betreuungsvertrag. Die übrigen Wünsche des Kindes sind wieder vorgemerkt."
    ),
    "facility_saved": _("Die Angaben zur Einrichtung sind gespeichert."),
    "places_saved": _(
        "Die freien Plätze sind gespeichert. Das Verzeichnis zeigt sie mit dem heutigen Stand."
    ),
}


def flash_cookie(key: str, secure: bool) -> Cookie:
    return Cookie(key=COOKIE, value=key, max_age=120, path="/", httponly=True, secure=secure, samesite="lax")


def clear_flash_cookie(secure: bool) -> Cookie:
    return Cookie(key=COOKIE, value="", max_age=0, path="/", httponly=True, secure=secure, samesite="lax")


def message_for(key: str | None) -> str | None:
    return MESSAGES.get(key or "")
