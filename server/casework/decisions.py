"""Deciding a case: the Bescheid PDF is rendered and stored encrypted, then ONE transaction moves the case to
the decision, records the decision, posts the letter to the parent's mailbox, marks it delivered (the
system's step, when the status table has one) and writes the audit event. When two caseworkers decide at
once, the status change of the second fails (the case is no longer in review): its file is deleted and
nothing else remains.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import msgspec

from server.accounts.tables import Account
from server.applications import cases
from server.applications import status as machine
from server.applications.cases import Case
from server.applications.definitions import ServiceDefinition
from server.applications.tables import Application
from server.audit.services import record
from server.casework.bescheid import BescheidFacts, bescheid_pdf
from server.casework.requests import Links
from server.casework.rules import FEE_SERVICES, DecisionInput
from server.casework.tables import Decision
from server.documents.services import Documents
from server.households.tables import Guardian, Household
from server.mailbox import services as mailbox
from server.tenants.config import Tenant
from server.web.i18n import _

ADDRESS_KEYS = {"street", "house_number", "postcode", "city"}
# The fee sentence's subject per service ("Der Elternbeitrag wird ab … festgesetzt").
FEE_LABELS = {"elternbeitrag": _("Der Elternbeitrag")}


class DecisionView(msgspec.Struct, kw_only=True):
    id: int
    outcome: str
    reasons: str
    fee_cents: int | None
    fee_from: dt.date | None
    pdf_key: str
    message: int | None
    decided_at: dt.datetime
    decided_by_email: str

    @property
    def label(self) -> str:
        return machine.info(self.outcome).label


async def decision_of(tenant: str, application_id: int) -> DecisionView | None:
    row = (
        await Decision.select(Decision.all_columns(), Decision.decided_by.email)
        .where((Decision.tenant == tenant) & (Decision.application == application_id))
        .first()
    )
    if row is None:
        return None
    return DecisionView(
        id=row["id"],
        outcome=row["outcome"],
        reasons=row["reasons"],
        fee_cents=row["fee_cents"],
        fee_from=row["fee_from"],
        pdf_key=row["pdf_key"],
        message=row["message"],
        decided_at=row["decided_at"],
        decided_by_email=row["decided_by.email"] or "",
    )


def _names_from_answers(answers: dict[str, Any]) -> list[str]:
    """The persons the application names as liable/applying (a guardian choice answered "ja")."""
    names = []
    for value in answers.values():
        if isinstance(value, list):
            names += [
                a["name"]
                for a in value
                if isinstance(a, dict) and a.get("guardian") and a.get("value") == "ja" and a.get("name")
            ]
    return names


def _address_from_answers(answers: dict[str, Any]) -> list[str] | None:
    for value in answers.values():
        if isinstance(value, dict) and ADDRESS_KEYS <= value.keys() and value.get("street"):
            return [
                f"{value['street']} {value['house_number']}".strip(),
                f"{value['postcode']} {value['city']}",
            ]
    return None


async def addressee(tenant: str, case: Case) -> tuple[str, ...]:
    """Names and postal address for the letter: the liable persons and an address from the answers, else
    the household's guardians and current address. Nothing else of the household is read."""
    household = (
        await Household.select(
            Household.id, Household.street, Household.house_number, Household.postcode, Household.city
        )
        .where((Household.tenant == tenant) & (Household.account == case.account))
        .first()
    )
    names = _names_from_answers(case.answers)
    if not names and household is not None:
        guardians = (
            await Guardian.select(Guardian.first_name, Guardian.last_name)
            .where(Guardian.household == household["id"])
            .order_by(Guardian.id)
        )
        names = [f"{g['first_name']} {g['last_name']}".strip() for g in guardians]
    lines = [_("{a} und {b}").format(a=names[0], b=names[1]) if len(names) > 1 else names[0]] if names else []
    address = _address_from_answers(case.answers)
    if address is None and household is not None and household["street"]:
        address = [
            f"{household['street']} {household['house_number']}".strip(),
            f"{household['postcode']} {household['city']}".strip(),
        ]
    return tuple(lines + (address or []))


class Issued(msgspec.Struct, kw_only=True):
    decision_id: int
    message_id: int
    mail_id: int | None


async def issue(
    documents: Documents,
    tenant: Tenant,
    definition: ServiceDefinition | None,
    case: Case,
    actor: Account,
    data: DecisionInput,
    links: Links,
) -> Issued:
    """Decide the case and deliver the Bescheid. Raises machine.TransitionNotAllowed when the status table
    does not allow the decision (also: someone else decided a moment ago)."""
    machine.check(case.flow, case.status, data.outcome, actor.role)
    now = dt.datetime.now(dt.UTC)
    title = definition.title if definition else case.service
    office = (definition.office if definition else "") or tenant.contact.office
    facts = BescheidFacts(
        reference=case.reference,
        service_title=title,
        office=office,
        legal_basis=definition.legal_basis if definition else "",
        addressee=await addressee(tenant.slug, case),
        submitted_at=case.submitted_at,
        decided_at=now,
        outcome=data.outcome,
        reasons=data.reasons,
        fee_cents=data.fee_cents,
        fee_from=data.fee_from,
        fee_label=FEE_LABELS.get(case.service, "") if case.service in FEE_SERVICES else "",
    )
    pdf = await asyncio.to_thread(bescheid_pdf, tenant, facts)
    key, _key_id = await documents.store.put(pdf)
    try:
        async with Decision._meta.db.transaction():
            await cases.transition(
                tenant.slug,
                case.id,
                data.outcome,
                actor.role,
                actor.id,
                _("Das Amt hat über Ihren Antrag entschieden."),
                expected=case.status,
            )
            rows = await Decision.insert(
                Decision(
                    tenant=tenant.slug,
                    application=case.id,
                    outcome=data.outcome,
                    reasons=data.reasons,
                    fee_cents=data.fee_cents,
                    fee_from=data.fee_from,
                    pdf_key=key,
                    pdf_bytes=len(pdf),
                    decided_by=actor.id,
                    decided_at=now,
                )
            ).returning(Decision.id)
            decision_id = rows[0]["id"]
            message_id, mail_id = await mailbox.post(
                tenant.slug,
                case.account,
                "decision",
                _("Bescheid: {title} ({reference})").format(title=title, reference=case.reference),
                _(
                    "Über Ihren Antrag „{title}“ (Aktenzeichen {reference}) wurde entschieden: {outcome}.\n\n"
                    "Den Bescheid finden Sie im Anhang dieser Nachricht. Er gilt am dritten Tag nach der "
                    "Bereitstellung als bekannt gegeben; die Rechtsbehelfsbelehrung steht im Bescheid."
                ).format(title=title, reference=case.reference, outcome=machine.info(data.outcome).label),
                reference=case.reference,
                action_path=f"/{tenant.slug}/vorgaenge/{case.reference}",
                action_label=_("Zum Antrag"),
                attachment=mailbox.Attachment(key=key, name=f"Bescheid-{case.reference}.pdf", size=len(pdf)),
                portal_name=links.portal_name,
                mailbox_url=links.mailbox_url,
            )
            await Decision.update({Decision.message: message_id}).where(Decision.id == decision_id)
            if machine.can(case.flow, data.outcome, "decision_delivered", "system"):
                await cases.transition(
                    tenant.slug,
                    case.id,
                    "decision_delivered",
                    "system",
                    None,
                    _("Der Bescheid liegt in Ihrem Postfach."),
                    expected=data.outcome,
                )
            await Application.update({Application.due_at: None}).where(Application.id == case.id)
            await record(
                tenant.slug,
                actor,
                "decision.issue",
                "application",
                case.id,
                case.reference,
                {"decision": decision_id, "outcome": data.outcome, "message": message_id},
            )
    except BaseException:
        await documents.store.delete(key)
        raise
    return Issued(decision_id=decision_id, message_id=message_id, mail_id=mail_id)
