"""Photographed proofs: checked on upload, re-encoded, encrypted at rest, pages of a draft's proof slots.

`setup_documents(settings)` (called by create_app) connects the feature to the application engine (page
counts, attaching on submission, cleanup with the draft) and returns the `Documents` service that the
controllers find at `app.state.documents`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from server.documents.services import Documents
    from server.settings import Settings


def setup_documents(settings: Settings) -> Documents:
    from server.documents.services import Documents, register_hooks

    register_hooks()
    return Documents.from_settings(settings)
