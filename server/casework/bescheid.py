"""The decision letter (Bescheid) as a PDF: tenant letterhead, addressee, date, reference, the service,
the decision, its reasons, a fee if the decision fixes one, and the legal-remedy text
(Rechtsbehelfsbelehrung). Pure: facts in, bytes out (fpdf2 through server.pdf.LetterPDF).
"""

from __future__ import annotations

import datetime as dt

import msgspec

from server.applications.fields import format_date
from server.casework.rules import OFFICE_TIME, fee_text
from server.dates import month_label
from server.pdf.document import FONT, LetterPDF
from server.tenants.config import Tenant
from server.web.i18n import _


class BescheidFacts(msgspec.Struct, frozen=True, kw_only=True):
    reference: str
    service_title: str
    # The office that decided (the service's office, or the tenant's contact office).
    office: str
    legal_basis: str = ""
    # Names and postal address of the addressee, one line each (only what the letter needs).
    addressee: tuple[str, ...]
    submitted_at: dt.datetime
    decided_at: dt.datetime
    outcome: str  # approved | partially_approved | rejected
    reasons: str
    fee_cents: int | None = None
    fee_from: dt.date | None = None
    fee_label: str = ""


OUTCOME_TEXT = {
    "approved": _("Ihrem Antrag wird stattgegeben."),
    "partially_approved": _("Ihrem Antrag wird teilweise stattgegeben."),
    "rejected": _("Ihr Antrag wird abgelehnt."),
}


def fee_sentence(facts: BescheidFacts) -> str:
    if facts.fee_cents is None:
        return ""
    label = facts.fee_label or _("Der Beitrag")
    amount = fee_text(facts.fee_cents)
    if facts.fee_from:
        text = _("{label} wird ab {month} auf monatlich {amount} festgesetzt.").format(
            label=label, month=month_label(facts.fee_from), amount=amount
        )
    else:
        text = _("{label} wird auf monatlich {amount} festgesetzt.").format(label=label, amount=amount)
    if facts.fee_cents == 0:
        text += " " + _("Es ist kein Beitrag zu zahlen.")
    return text


def remedy_text(tenant: Tenant) -> str:
    """Rechtsbehelfsbelehrung: Widerspruch within one month, at the office with its address."""
    contact = tenant.contact
    return _(
        "Gegen diesen Bescheid können Sie innerhalb eines Monats nach seiner Bekanntgabe Widerspruch "
        "erheben. Der Widerspruch ist schriftlich, in elektronischer Form oder zur Niederschrift einzulegen "
        "bei: {authority}, {office}, {street}, {postcode} {city}.\n"
        "Die elektronische Form ist nur gewahrt, wenn der Widerspruch mit einer qualifizierten elektronischen "
        "Signatur versehen ist oder auf einem anderen sicheren Übermittlungsweg nach § 36a Abs. 2 SGB I "
        "eingeht; eine einfache E-Mail genügt dafür nicht.\n"
        "Bitte geben Sie im Widerspruch das Aktenzeichen an."
    ).format(
        authority=tenant.official_name,
        office=contact.office,
        street=contact.street,
        postcode=contact.postcode,
        city=contact.city,
    )


def bescheid_pdf(tenant: Tenant, facts: BescheidFacts) -> bytes:
    decided_local = facts.decided_at.astimezone(OFFICE_TIME)
    pdf = LetterPDF(tenant, _("Bescheid {reference}").format(reference=facts.reference), facts.decided_at)
    contact = tenant.contact
    # The sender line above the address (as in a window envelope) and the addressee.
    pdf.set_font(FONT, "", 7)
    pdf.cell(0, 4, f"{tenant.official_name} · {contact.street} · {contact.postcode} {contact.city}")
    pdf.ln(5)
    pdf.set_font(FONT, "", 11)
    for line in facts.addressee or (_("An die antragstellende Person"),):
        pdf.cell(0, 5.5, line)
        pdf.ln(5.5)
    pdf.ln(6)
    pdf.facts(
        [
            (_("Aktenzeichen"), facts.reference),
            (_("Datum"), format_date(decided_local.date())),
            (_("Ihr Antrag vom"), format_date(facts.submitted_at.astimezone(OFFICE_TIME).date())),
            (_("Zuständig"), facts.office),
            (_("Telefon"), contact.phone),
        ],
        label_width=40,
    )
    pdf.ln(3)
    pdf.heading(_("Bescheid"))
    pdf.paragraph(facts.service_title, size=12, bold=True)
    pdf.paragraph(_("Guten Tag,"))
    pdf.paragraph(
        _("über Ihren Antrag vom {date} (Aktenzeichen {reference}) wird wie folgt entschieden:").format(
            date=format_date(facts.submitted_at.astimezone(OFFICE_TIME).date()), reference=facts.reference
        )
    )
    pdf.heading(_("Entscheidung"), size=12)
    pdf.paragraph(OUTCOME_TEXT[facts.outcome], bold=True)
    fee = fee_sentence(facts)
    if fee:
        pdf.paragraph(fee, bold=True)
    pdf.heading(_("Begründung"), size=12)
    pdf.paragraph(facts.reasons)
    if facts.legal_basis:
        pdf.paragraph(_("Rechtsgrundlage: {basis}").format(basis=facts.legal_basis))
    pdf.heading(_("Rechtsbehelfsbelehrung"), size=12)
    pdf.paragraph(remedy_text(tenant))
    pdf.heading(_("Hinweise"), size=12)
    pdf.paragraph(
        _(
            "Dieser Bescheid wurde elektronisch erstellt und ist ohne Unterschrift gültig. Er wurde Ihnen in "
            "Ihrem Postfach im Familienportal bereitgestellt und gilt am dritten Tag nach der Bereitstellung "
            "als bekannt gegeben (§ 37 Abs. 2a SGB X)."
        )
    )
    pdf.ln(2)
    pdf.paragraph(_("Mit freundlichen Grüßen"))
    pdf.paragraph(facts.office)
    return pdf.output_bytes()
