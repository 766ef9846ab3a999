"""Placement pages: the provider's back office (/<tenant>/traeger/) and the parent's offer pages."""

from server.placement.controllers.parent import ParentOfferController
from server.placement.controllers.provider import ProviderController
from server.placement.controllers.provider_offers import ProviderOfferController

__all__ = ["ParentOfferController", "ProviderController", "ProviderOfferController"]
