"""Demo data for demo tenants (fictional people, documented password, fictional Kitas and child-minders).
Idempotent: run it as often as you like. Refuses to run in production."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from server.accounts import services as accounts
from server.facilities.sample import load_sample
from server.households import services as households
from server.households.tables import Child, Guardian
from server.placement.demo import link_demo_provider
from server.settings import Settings
from server.tenants.config import Tenant

DEMO_PASSWORD = "Demo-Familie-2026"  # noqa: S105 - documented in the README; demo tenants only


async def seed_tenant(tenant: Tenant) -> list[str]:
    created: list[str] = []
    parent_email = f"familie.beispiel@{tenant.slug}.example"
    parent = await accounts.find_account(tenant.slug, parent_email)
    if parent is None:
        await accounts.create_account(tenant.slug, parent_email, DEMO_PASSWORD, accounts.PARENT)
        parent = await accounts.find_account(tenant.slug, parent_email)
        created.append(parent_email)
    assert parent is not None
    household = await households.household_for(tenant.slug, parent.id)
    if not await Guardian.exists().where(Guardian.household == household.id):
        first = tenant.contact.street.split()[0]
        await households.save_address(
            household,
            households.AddressData(
                street=first, house_number="12", postcode=tenant.contact.postcode, city=tenant.name
            ),
        )
        await households.save_guardian(
            household,
            households.GuardianData(
                first_name="Alex",
                last_name="Beispiel",
                relationship="elternteil",
                birth_date=dt.date(1990, 5, 17),
            ),
        )
    if not await Child.exists().where(Child.household == household.id):
        await households.save_child(
            household,
            households.ChildData(first_name="Mia", last_name="Beispiel", birth_date=dt.date(2024, 3, 8)),
        )
    for role in accounts.STAFF_ROLES:
        email = f"{role}@{tenant.slug}.example"
        if await accounts.find_account(tenant.slug, email) is None:
            await accounts.create_account(tenant.slug, email, DEMO_PASSWORD, role)
            created.append(email)
    return created


async def seed(
    settings: Settings,
    tenants: list[Tenant],
    today: dt.date | None = None,
    report: Callable[[str], None] | None = None,
) -> dict[str, list[str]]:
    """Demo accounts (returned per tenant) and sample facilities for every demo tenant. The sample's free
    places start the month after `today`, so a second run on the same day changes nothing."""
    if settings.is_production:
        raise RuntimeError(
            "seed creates demo accounts with a known password and refuses to run in production"
        )
    today = today or dt.date.today()
    created: dict[str, list[str]] = {}
    for tenant in tenants:
        if not tenant.demo:
            continue
        created[tenant.slug] = await seed_tenant(tenant)
        summary = await load_sample(tenant, today)
        linked = await link_demo_provider(tenant)
        if report is not None:
            report(
                f"{tenant.slug}: Beispiel-Einrichtungen: {summary.created} neu, {summary.updated} geändert, "
                f"{summary.unchanged} unverändert"
            )
            if linked:
                report(f"{tenant.slug}: provider@{tenant.slug}.example betreut {linked} weitere Kitas")
    return created
