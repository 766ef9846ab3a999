"""The casework routes: the office's inbox, case pages, forms and proof viewer; the admins' audit search;
the parent's document-request pages."""

from server.casework.controllers.forms import CaseFormsController
from server.casework.controllers.inbox import CaseworkController
from server.casework.controllers.parent import DocumentRequestController
from server.casework.controllers.proofs import ProofViewerController
from server.casework.controllers.protocol import ProtocolController

CONTROLLERS = (
    CaseworkController,
    CaseFormsController,
    ProofViewerController,
    ProtocolController,
    DocumentRequestController,
)

__all__ = ["CONTROLLERS"]
