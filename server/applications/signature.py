"""Written form (Schriftform): where the law asks for a signature, a signature mode stands in for it.

A mode is pluggable: "paper" gives the parent a pre-filled signature page (a summary of the application,
the reference and a QR code) to sign and photograph back into the case, or to post; the case waits in
"awaiting_signature" until the signed page is there. An eID-based mode (§ 36a SGB I, OZG § 9a) can be
added as another SignatureMode without touching the services.
"""

from __future__ import annotations

import io
from typing import Protocol

import segno

from server.applications.cases import Case
from server.applications.definitions import ServiceDefinition
from server.dates import local
from server.pdf.document import FONT, LetterPDF
from server.tenants.config import Tenant
from server.web.i18n import _


class SignatureMode(Protocol):
    id: str
    label: str

    def instructions(self, definition: ServiceDefinition) -> str: ...


class PaperSignature:
    """Print (or fill in on paper), sign by hand, photograph and upload - or send by post."""

    id = "paper"
    label = _("Unterschriebene Seite hochladen oder per Post schicken")

    def instructions(self, definition: ServiceDefinition) -> str:
        return _(
            "Laden Sie die Unterschriftsseite herunter, drucken Sie sie aus und unterschreiben Sie sie. "
            "Fotografieren Sie die unterschriebene Seite und laden Sie sie hier hoch – oder schicken Sie sie "
            "per Post an die angegebene Anschrift."
        )


SIGNATURE_MODES: dict[str, SignatureMode] = {"paper": PaperSignature()}


def qr_png(text: str) -> bytes:
    out = io.BytesIO()
    segno.make(text, error="m").save(out, kind="png", scale=4, border=2)
    return out.getvalue()


def signature_page_pdf(
    tenant: Tenant, definition: ServiceDefinition, case: Case, case_url: str, signers: list[str]
) -> bytes:
    """The pre-filled signature page: who applies for what, a summary, the reference as text and QR code
    (so the office matches a posted page to the case), and a signature line per signer."""
    pdf = LetterPDF(
        tenant, _("Unterschriftsseite {reference}").format(reference=case.reference), case.submitted_at
    )
    pdf.heading(_("Unterschriftsseite zu Ihrem Antrag"))
    pdf.paragraph(definition.title, size=12, bold=True)
    top = pdf.get_y()
    pdf.facts(
        [
            (_("Aktenzeichen"), case.reference),
            (_("Online gestellt am"), local(case.submitted_at).strftime("%d.%m.%Y")),
            (_("Zuständig"), definition.office or tenant.official_name),
        ],
        label_width=45,
    )
    pdf.image(qr_png(f"{case_url}|{case.reference}"), x=pdf.w - pdf.r_margin - 30, y=top, w=30, h=30)
    pdf.set_y(max(pdf.get_y(), top + 32))
    pdf.paragraph(
        _(
            "Mit meiner Unterschrift bestätige ich den online gestellten Antrag mit dem oben genannten "
            "Aktenzeichen und versichere, dass meine Angaben richtig und vollständig sind. Die wichtigsten "
            "Angaben sind unten zusammengefasst; den vollständigen Antrag finden Sie im Familienportal."
        )
    )
    pdf.rule()
    rows: list[tuple[str, str]] = []
    for section in case.sections:
        for row in section["rows"][:4]:
            rows.append((row["label"], ", ".join(row["lines"])))
    pdf.facts(rows[:16])
    if pdf.get_y() > pdf.h - 90:
        pdf.add_page()
    pdf.ln(8)
    for signer in signers:
        pdf.set_font(FONT, "", 10)
        y = pdf.get_y() + 14
        pdf.line(pdf.l_margin, y, pdf.l_margin + 60, y)
        pdf.line(pdf.l_margin + 75, y, pdf.w - pdf.r_margin, y)
        pdf.set_y(y + 1)
        pdf.cell(75, 5, _("Ort, Datum"))
        pdf.cell(0, 5, _("Unterschrift {signer}").format(signer=signer))
        pdf.ln(10)
    pdf.ln(4)
    contact = tenant.contact
    pdf.paragraph(
        _("Per Post an: {office}, {street}, {postcode} {city}").format(
            office=contact.office, street=contact.street, postcode=contact.postcode, city=contact.city
        ),
        size=9,
    )
    return pdf.output_bytes()
