"""Demo data: the demo provider account works for all Kitas of one Träger of its (demo) tenant."""

from __future__ import annotations

from collections import Counter

from server.accounts import services as accounts
from server.facilities.tables import Facility
from server.placement.providers import link
from server.tenants.config import Tenant

# The demo Träger: the largest non-municipal one with at most this many Kitas (Wuppertal: the AWO with
# about 20, Iserlohn: the catholic Kita-Verbund with 6), so the provider pages show a realistic handful.
MAX_DEMO_KITAS = 20


async def link_demo_provider(tenant: Tenant) -> int:
    """Link provider@<tenant>.example to the Kitas of the demo Träger; idempotent. Returns new links."""
    provider = await accounts.find_account(tenant.slug, f"provider@{tenant.slug}.example")
    if provider is None:
        return 0
    rows = await (
        Facility.select(Facility.id, Facility.traeger_name)
        .where(
            (Facility.tenant == tenant.slug)
            & (Facility.kind == "kita")
            & (Facility.traeger_type != "staedtisch")
        )
        .order_by(Facility.id)
    )
    sizes = Counter(r["traeger_name"] for r in rows if r["traeger_name"])
    fitting = sorted(
        ((n, name) for name, n in sizes.items() if n <= MAX_DEMO_KITAS), key=lambda t: (-t[0], t[1])
    )
    if not fitting:
        return 0
    chosen = fitting[0][1]
    return await link(tenant.slug, provider.id, [r["id"] for r in rows if r["traeger_name"] == chosen])
