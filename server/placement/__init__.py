"""Place allocation: reservations (one per ranked wish of a Kita demand notice), the providers' (Träger)
facilities, offers with an answer deadline, acceptance, lapsing and the contract status.

`setup_placement(...)` (called by create_app) registers the submission hook and returns the sweeper that
lapses offers past their deadline.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from server.notifications.services import MailDelivery
    from server.placement.sweeper import OfferSweeper
    from server.settings import Settings
    from server.tenants.config import TenantRegistry


class PlacementConfigError(ValueError):
    pass


def setup_placement(settings: Settings, tenants: TenantRegistry, delivery: MailDelivery) -> OfferSweeper:
    """Check every tenant's [rules.kita] placement settings (a mistake stops the start), register the Kita
    submission hook that creates the reservations, and return the offer sweeper (a lifespan task)."""
    from server.placement import case_panel, reservations  # noqa: F401 - register the hook and the case part
    from server.placement.config import placement_config
    from server.placement.points import PointRulesError
    from server.placement.sweeper import OfferSweeper

    for tenant in tenants:
        try:
            placement_config(tenant.settings)
        except PointRulesError as exc:
            raise PlacementConfigError(f"{tenant.path / 'tenant.toml'}: {exc}") from exc
    return OfferSweeper(settings, tenants, delivery)
