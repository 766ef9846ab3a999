"""The receipt PDF of a submitted application: everything the parent entered, as submitted."""

from __future__ import annotations

from server.applications.cases import Case
from server.applications.definitions import ServiceDefinition
from server.dates import local
from server.pdf.document import LetterPDF
from server.tenants.config import Tenant
from server.web.i18n import _


def german_datetime(case: Case) -> str:
    return local(case.submitted_at).strftime("%d.%m.%Y, %H:%M Uhr")


def receipt_pdf(tenant: Tenant, definition: ServiceDefinition, case: Case) -> bytes:
    pdf = LetterPDF(
        tenant, _("Eingangsbestätigung {reference}").format(reference=case.reference), case.submitted_at
    )
    pdf.heading(_("Eingangsbestätigung"))
    pdf.paragraph(definition.title, size=12, bold=True)
    pdf.facts(
        [
            (_("Aktenzeichen"), case.reference),
            (_("Eingegangen am"), german_datetime(case)),
            (_("Zuständig"), definition.office or tenant.official_name),
        ]
    )
    pdf.paragraph(
        _(
            "Wir haben Ihren Antrag mit den folgenden Angaben erhalten. Bitte geben Sie bei Rückfragen das Aktenzeichen an."
        )
    )
    pdf.rule()
    for section in case.sections:
        pdf.heading(section["title"], size=12)
        pdf.facts([(row["label"], "\n".join(row["lines"])) for row in section["rows"]])
        pdf.ln(2)
    if case.computed:
        pdf.heading(_("Berechnung"), size=12)
        pdf.facts([(label, value) for label, value in case.computed])
    if case.declarations:
        pdf.heading(_("Ihre Erklärungen"), size=12)
        for declaration in case.declarations:
            pdf.paragraph("✓ " + declaration["label"])
    return pdf.output_bytes()
