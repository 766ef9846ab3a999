from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-22T10:40:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "One account per e-mail address and tenant"


class AccountRef(Table, tablename="account"):
    """Just enough of the table to run raw SQL against it."""


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="accounts", description=DESCRIPTION)

    async def create_index():
        # Piccolo has no composite unique constraint; the same address may be registered in two tenants.
        await AccountRef.raw("CREATE UNIQUE INDEX account_tenant_email ON account (tenant, email)")

    async def drop_index():
        await AccountRef.raw("DROP INDEX account_tenant_email")

    manager.add_raw(create_index)
    manager.add_raw_backwards(drop_index)
    return manager
