"""What the parent's mailbox says about offers. These texts stay in the portal; the e-mail that announces a
message (server.mailbox.services.post) never names a child, a facility or a date."""

from __future__ import annotations

import datetime as dt

import msgspec

from server.dates import month_label
from server.facilities.views import date_de
from server.web.i18n import _


class Links(msgspec.Struct, frozen=True, kw_only=True):
    """Where the mail notice points: the public base URL (BASE_URL or the request's), if known."""

    portal_name: str
    base: str = ""

    def mailbox(self, tenant: str) -> str:
        if self.base:
            return f"{self.base.rstrip('/')}/{tenant}/postfach/"
        return _("Ihr Postfach im {portal}").format(portal=self.portal_name)


class OfferFacts(msgspec.Struct, frozen=True, kw_only=True):
    facility: str
    names: tuple[str, ...]
    start_month: dt.date
    hours: int
    deadline: dt.date


def names_text(names: tuple[str, ...]) -> str:
    if len(names) <= 1:
        return names[0] if names else _("Ihr Kind")
    return _("{a} und {b}").format(a=", ".join(names[:-1]), b=names[-1])


def offered(facts: OfferFacts) -> tuple[str, str]:
    subject = _("Platzangebot der Einrichtung {facility}").format(facility=facts.facility)
    body = _(
        "Die Einrichtung „{facility}“ bietet {names} einen Betreuungsplatz ab {month} mit {hours} Stunden "
        "pro Woche an.\n\nBitte nehmen Sie das Angebot bis zum {deadline} an oder lehnen Sie es ab. Solange "
        "das Angebot offen ist, ruhen Ihre übrigen Wünsche. Antworten Sie nicht bis zur Frist, verfällt das "
        "Angebot, und Ihre übrigen Wünsche sind wieder vorgemerkt."
    ).format(
        facility=facts.facility,
        names=names_text(facts.names),
        month=month_label(facts.start_month),
        hours=facts.hours,
        deadline=date_de(facts.deadline),
    )
    return subject, body


def lapsed(facts: OfferFacts) -> tuple[str, str]:
    subject = _("Platzangebot verfallen: {facility}").format(facility=facts.facility)
    body = _(
        "Sie haben bis zum {deadline} nicht auf das Platzangebot der Einrichtung „{facility}“ für {names} "
        "geantwortet. Das Angebot ist verfallen.\n\nIhre übrigen Wünsche sind wieder vorgemerkt. Wenn Sie "
        "Fragen haben, wenden Sie sich bitte an das Jugendamt."
    ).format(deadline=date_de(facts.deadline), facility=facts.facility, names=names_text(facts.names))
    return subject, body


def withdrawn(facts: OfferFacts) -> tuple[str, str]:
    subject = _("Platzangebot zurückgenommen: {facility}").format(facility=facts.facility)
    body = _(
        "Die Einrichtung „{facility}“ hat ihr Platzangebot für {names} zurückgenommen.\n\n"
        "Ihre Wünsche sind wieder vorgemerkt."
    ).format(facility=facts.facility, names=names_text(facts.names))
    return subject, body


def accepted(facts: OfferFacts, withdrawn_wishes: list[str]) -> tuple[str, str]:
    subject = _("Sie haben den Platz angenommen: {facility}").format(facility=facts.facility)
    body = _(
        "Sie haben den Platz in der Einrichtung „{facility}“ für {names} ab {month} angenommen. Die "
        "Einrichtung lädt Sie zum Gespräch über den Betreuungsvertrag ein."
    ).format(facility=facts.facility, names=names_text(facts.names), month=month_label(facts.start_month))
    if withdrawn_wishes:
        body += "\n\n" + _("Ihre übrigen Wünsche wurden zurückgenommen: {wishes}.").format(
            wishes=", ".join(withdrawn_wishes)
        )
    return subject, body


def contracted(facts: OfferFacts) -> tuple[str, str]:
    subject = _("Betreuungsvertrag vermerkt: {facility}").format(facility=facts.facility)
    body = _(
        "Die Einrichtung „{facility}“ hat den Betreuungsvertrag für {names} ab {month} vermerkt. "
        "Ihre Bedarfsanzeige ist damit erledigt."
    ).format(facility=facts.facility, names=names_text(facts.names), month=month_label(facts.start_month))
    return subject, body


def no_contract(facts: OfferFacts) -> tuple[str, str]:
    subject = _("Kein Betreuungsvertrag: {facility}").format(facility=facts.facility)
    body = _(
        "Mit der Einrichtung „{facility}“ ist für {names} kein Betreuungsvertrag zustande gekommen.\n\n"
        "Ihre übrigen Wünsche sind wieder vorgemerkt."
    ).format(facility=facts.facility, names=names_text(facts.names))
    return subject, body
