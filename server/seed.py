"""Demo data for demo tenants (fictional people, documented password). Idempotent: run it as often as you
like. Refuses to run in production."""

from __future__ import annotations

import datetime as dt

from server.accounts import services as accounts
from server.households import services as households
from server.households.tables import Child, Guardian
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


async def seed(settings: Settings, tenants: list[Tenant]) -> dict[str, list[str]]:
    if settings.is_production:
        raise RuntimeError(
            "seed creates demo accounts with a known password and refuses to run in production"
        )
    return {t.slug: await seed_tenant(t) for t in tenants if t.demo}
