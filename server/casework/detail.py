"""What the case detail page shows besides the answers: the proofs with their labels, and the steps the
status table offers this staff member (as buttons, or as links to the request and decision forms)."""

from __future__ import annotations

import msgspec

from server.accounts.guards import CASEWORKERS
from server.applications import status as machine
from server.applications.cases import Case
from server.applications.definitions import ServiceDefinition
from server.casework.requests import RequestView
from server.casework.rules import DECISIONS
from server.dates import local
from server.documents.services import attached_documents
from server.web.i18n import _


class ProofView(msgspec.Struct, kw_only=True):
    id: int
    label: str
    pages: int
    # Empty for a proof submitted with the application; else which request it answered.
    source: str = ""


class Action(msgspec.Struct, frozen=True, kw_only=True):
    kind: str  # "plain" (a button posting the target), "request", "decision" (links to their forms)
    label: str
    target: str = ""


PLAIN_LABELS = {
    ("submitted", "in_review"): _("In Bearbeitung nehmen"),
    ("documents_requested", "in_review"): _("Nachforderung beenden (Unterlagen liegen vor)"),
    ("awaiting_consent", "submitted"): _("Zustimmung liegt vor"),
    ("awaiting_signature", "submitted"): _("Unterschrift liegt vor"),
    ("submitted", "reserved"): _("Vormerkung bestätigen"),
    ("approved", "decision_delivered"): _("Bescheid als zugestellt vermerken"),
    ("partially_approved", "decision_delivered"): _("Bescheid als zugestellt vermerken"),
    ("rejected", "decision_delivered"): _("Bescheid als zugestellt vermerken"),
}

# Kita places are offered, accepted and contracted in the placement feature (it keeps its own records of
# offers): those status changes are not made from the case page.
PLACEMENT_STATUSES = {"reserved", "offered", "accepted", "declined"}


def actions(case: Case, role: str) -> tuple[list[Action], bool]:
    """(the steps offered, whether further steps of this case belong to the placement feature); staff
    only (a parent's steps are on the parent's pages)."""
    if role not in CASEWORKERS:
        return [], False
    targets = machine.targets(case.flow, case.status, role)
    found: list[Action] = []
    if any(t in DECISIONS for t in targets):
        found.append(Action(kind="decision", label=_("Entscheiden und Bescheid erstellen")))
    elsewhere = case.flow == "kita" and case.status in PLACEMENT_STATUSES
    for target in targets:
        if target in DECISIONS or elsewhere:
            continue
        if target == "documents_requested":
            found.append(Action(kind="request", label=_("Unterlagen nachfordern")))
            continue
        label = PLAIN_LABELS.get((case.status, target)) or _("Status ändern: {status}").format(
            status=machine.info(target).label
        )
        found.append(Action(kind="plain", label=label, target=target))
    return found, elsewhere and bool(targets)


def plain_targets(case: Case, role: str) -> set[str]:
    offered, _elsewhere = actions(case, role)
    return {a.target for a in offered if a.kind == "plain"}


async def proofs(
    tenant: str, case: Case, definition: ServiceDefinition | None, requests: list[RequestView]
) -> list[ProofView]:
    by_request = {r.id: r for r in requests}
    found = []
    for document in await attached_documents(tenant, case.id):
        label, source = document.slot, ""
        request = by_request.get(document.request) if document.request else None
        if request is not None:
            item = request.item(document.slot)
            label = item.title if item else document.slot
            source = _("nachgereicht auf die Nachforderung vom {date}").format(
                date=local(request.created_at).strftime("%d.%m.%Y")
            )
        elif definition is not None and (field := definition.field(document.slot)) is not None:
            label = field.label
        found.append(ProofView(id=document.id, label=label, pages=document.pages, source=source))
    return found
