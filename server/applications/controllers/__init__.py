"""HTTP side of the service engine: draft pages, the drafts API, and the parent's view of a case."""

from server.applications.controllers.api import DraftApiController
from server.applications.controllers.cases import CaseController
from server.applications.controllers.consent import ConsentController, ConsentManagementController
from server.applications.controllers.pages import ApplicationPagesController
from server.applications.controllers.signature import SignatureController

__all__ = [
    "ApplicationPagesController",
    "CaseController",
    "ConsentController",
    "ConsentManagementController",
    "DraftApiController",
    "SignatureController",
]
