"""The status model of a case: every status, and every allowed transition with who may make it.

This table is the only place transitions are defined; tests/unit/applications/test_status.py checks it as
a table. Two flows: "generic" (benefits with a decision letter) and "kita" (demand notice and reservation,
then place offers).
"""

from __future__ import annotations

from typing import Literal

import msgspec

from server.web.i18n import _

Actor = Literal["parent", "caseworker", "provider", "admin", "system"]
Flow = Literal["generic", "kita"]


class StatusInfo(msgspec.Struct, frozen=True):
    label: str
    # Tag colour in the UI (a class of the design system).
    tag: str
    # What a parent reads about this status.
    description: str
    # A decision has been made: withdrawing is no longer possible.
    decided: bool = False
    final: bool = False


STATUSES: dict[str, StatusInfo] = {
    "awaiting_consent": StatusInfo(
        _("Zustimmung ausstehend"),
        "yellow",
        _("Ihr Antrag ist eingegangen. Der andere sorgeberechtigte Elternteil muss noch zustimmen."),
    ),
    "awaiting_signature": StatusInfo(
        _("Unterschrift ausstehend"),
        "yellow",
        _(
            "Ihr Antrag ist eingegangen. Das Gesetz verlangt Ihre Unterschrift: Bitte reichen Sie die unterschriebene Seite nach."
        ),
    ),
    "submitted": StatusInfo(
        _("Eingereicht"), "blue", _("Ihr Antrag ist eingegangen und wartet auf die Bearbeitung.")
    ),
    "in_review": StatusInfo(_("In Prüfung"), "blue", _("Ihr Antrag wird bearbeitet.")),
    "documents_requested": StatusInfo(
        _("Unterlagen nachgefordert"),
        "yellow",
        _("Für die Entscheidung fehlen noch Unterlagen. Bitte reichen Sie sie bis zur Frist nach."),
    ),
    "approved": StatusInfo(_("Bewilligt"), "green", _("Ihr Antrag wurde bewilligt."), decided=True),
    "partially_approved": StatusInfo(
        _("Teilweise bewilligt"), "green", _("Ihr Antrag wurde teilweise bewilligt."), decided=True
    ),
    "rejected": StatusInfo(_("Abgelehnt"), "red", _("Ihr Antrag wurde abgelehnt."), decided=True),
    "decision_delivered": StatusInfo(
        _("Bescheid zugestellt"),
        "green",
        _("Der Bescheid liegt in Ihrem Postfach."),
        decided=True,
        final=True,
    ),
    "withdrawn": StatusInfo(
        _("Zurückgezogen"), "grey", _("Sie haben den Antrag zurückgezogen."), decided=True, final=True
    ),
    "reserved": StatusInfo(
        _("Vorgemerkt"),
        "blue",
        _(
            "Das Jugendamt hat Ihre Bedarfsanzeige bestätigt. Ihr Kind ist für die gewünschten Einrichtungen vorgemerkt."
        ),
    ),
    "offered": StatusInfo(
        _("Platzangebot"),
        "yellow",
        _("Sie haben ein Platzangebot. Bitte nehmen Sie es bis zur Frist an oder lehnen Sie es ab."),
    ),
    "declined": StatusInfo(
        _("Angebot abgelehnt"),
        "grey",
        _("Sie haben ein Platzangebot abgelehnt. Ihre übrigen Wünsche bleiben vorgemerkt."),
    ),
    "accepted": StatusInfo(
        _("Angebot angenommen"),
        "green",
        _("Sie haben den Platz angenommen. Die Einrichtung meldet sich für den Betreuungsvertrag."),
        decided=True,
    ),
    "contracted": StatusInfo(
        _("Betreuungsvertrag"), "green", _("Der Betreuungsvertrag ist geschlossen."), decided=True, final=True
    ),
}


class Transition(msgspec.Struct, frozen=True):
    flow: Flow
    source: str
    target: str
    actors: frozenset[str]


def _t(flow: Flow, source: str, target: str, *actors: str) -> Transition:
    return Transition(flow, source, target, frozenset(actors))


STAFF = ("caseworker", "admin")
TRANSITIONS: tuple[Transition, ...] = (
    # Before the office can work a case: the second custodian's consent, the signed signature page.
    _t("generic", "awaiting_consent", "awaiting_signature", "system"),
    _t("generic", "awaiting_consent", "submitted", "system", *STAFF),
    _t("generic", "awaiting_signature", "submitted", "system", *STAFF),
    _t("generic", "awaiting_consent", "withdrawn", "parent"),
    _t("generic", "awaiting_signature", "withdrawn", "parent"),
    # Benefits: review, requests for documents, decision, delivery of the decision letter.
    _t("generic", "submitted", "in_review", *STAFF),
    _t("generic", "in_review", "documents_requested", *STAFF),
    _t("generic", "documents_requested", "in_review", *STAFF, "parent", "system"),
    _t("generic", "in_review", "approved", *STAFF),
    _t("generic", "in_review", "partially_approved", *STAFF),
    _t("generic", "in_review", "rejected", *STAFF),
    _t("generic", "approved", "decision_delivered", *STAFF, "system"),
    _t("generic", "partially_approved", "decision_delivered", *STAFF, "system"),
    _t("generic", "rejected", "decision_delivered", *STAFF, "system"),
    _t("generic", "submitted", "withdrawn", "parent"),
    _t("generic", "in_review", "withdrawn", "parent"),
    _t("generic", "documents_requested", "withdrawn", "parent"),
    # Kita: the office confirms the reservation; providers offer places; parents accept or decline.
    _t("kita", "submitted", "reserved", *STAFF),
    _t("kita", "submitted", "rejected", *STAFF),
    _t("kita", "reserved", "offered", "provider", *STAFF),
    _t("kita", "offered", "accepted", "parent"),
    _t("kita", "offered", "declined", "parent"),
    # The offer lapsed at its deadline (system), or its provider took it back (provider).
    _t("kita", "offered", "reserved", "system", "provider", *STAFF),
    _t("kita", "declined", "offered", "provider", *STAFF),
    _t("kita", "declined", "reserved", "system", *STAFF),
    _t("kita", "accepted", "contracted", "provider", *STAFF),
    _t("kita", "accepted", "reserved", "provider", *STAFF),  # no contract after the talk: wishes resume
    _t("kita", "submitted", "withdrawn", "parent"),
    _t("kita", "reserved", "withdrawn", "parent"),
    _t("kita", "offered", "withdrawn", "parent"),
    _t("kita", "declined", "withdrawn", "parent"),
)

_ALLOWED = {(t.flow, t.source, t.target): t.actors for t in TRANSITIONS}


class TransitionNotAllowed(ValueError):
    pass


def can(flow: str, source: str, target: str, actor: str) -> bool:
    return actor in _ALLOWED.get((flow, source, target), frozenset())


def check(flow: str, source: str, target: str, actor: str) -> None:
    if not can(flow, source, target, actor):
        raise TransitionNotAllowed(f"{flow}: {source} -> {target} is not allowed for {actor}")


def targets(flow: str, source: str, actor: str) -> list[str]:
    """Where `actor` may move a case of this flow from `source`, in table order."""
    return [t.target for t in TRANSITIONS if t.flow == flow and t.source == source and actor in t.actors]


def is_final(flow: str, status: str) -> bool:
    """Nothing follows this status in this flow (the case page stops asking for news)."""
    return STATUSES[status].final or not any(t.flow == flow and t.source == status for t in TRANSITIONS)


def can_withdraw(flow: str, status: str) -> bool:
    return can(flow, status, "withdrawn", "parent")


def info(status: str) -> StatusInfo:
    return STATUSES[status]


# What happens next after a status, and roughly when, unless a service says it differently.
DEFAULT_NEXT = {
    "awaiting_consent": (_("Wir haben den anderen Elternteil per E-Mail um Zustimmung gebeten."), 14),
    "awaiting_signature": (_("Laden Sie die unterschriebene Seite hoch oder schicken Sie sie per Post."), 14),
    "submitted": (_("Das Amt prüft Ihren Antrag. Sie erhalten eine Nachricht in Ihr Postfach."), 14),
    "in_review": (_("Wenn alles vollständig ist, erhalten Sie den Bescheid in Ihr Postfach."), 21),
    "documents_requested": (_("Bitte reichen Sie die angeforderten Unterlagen bis zur Frist nach."), 14),
    "approved": (_("Der Bescheid wird Ihnen in Ihr Postfach zugestellt."), 3),
    "partially_approved": (_("Der Bescheid wird Ihnen in Ihr Postfach zugestellt."), 3),
    "rejected": (_("Der Bescheid wird Ihnen in Ihr Postfach zugestellt."), 3),
    "reserved": (
        _(
            "Die Plätze werden ab Februar für das neue Kita-Jahr vergeben. Sie erhalten ein Angebot in Ihr Postfach."
        ),
        90,
    ),
    "offered": (_("Bitte antworten Sie bis zur Frist auf das Angebot."), 14),
    "declined": (_("Ihre übrigen Wünsche bleiben vorgemerkt."), 60),
    "accepted": (_("Die Einrichtung lädt Sie zum Vertragsgespräch ein."), 14),
}
