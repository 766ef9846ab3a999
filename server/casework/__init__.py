"""The caseworkers' back office: inbox, case detail with the proofs viewer, internal notes, assignment,
document requests (Nachforderung) and decisions with a Bescheid PDF delivered to the parent's mailbox;
and the admins' audit search.

`setup_casework()` (called by create_app) connects the feature: the parent's case page shows open
requests and the office's activity, and the document store's orphan sweep keeps the files that decisions
and mailbox attachments name. `CONTROLLERS` are the routes.
"""

from __future__ import annotations

from typing import Any


def setup_casework() -> list[Any]:
    """Register the hooks (idempotent) and return the controllers."""
    from server.applications.cases import on_status_change
    from server.applications.controllers.cases import extend_case_page
    from server.applications.registry import on_any_submit
    from server.casework.controllers import CONTROLLERS
    from server.casework.parent import case_extension
    from server.casework.requests import signature_at_submission, signature_awaited
    from server.casework.tables import Decision
    from server.documents.services import register_file_reference
    from server.mailbox.tables import Message

    extend_case_page(case_extension)
    on_status_change(signature_awaited)
    on_any_submit(signature_at_submission)
    register_file_reference(Decision.pdf_key)
    register_file_reference(Message.attachment_key)
    return list(CONTROLLERS)
