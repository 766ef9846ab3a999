from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-29T10:34:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "One reference counter per tenant, prefix and year"


class CounterRef(Table, tablename="application_reference_counter"):
    """Just enough of the table to run raw SQL against it."""


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="applications", description=DESCRIPTION)

    async def create_index():
        # Piccolo has no composite unique constraints: the counter row is created once per year.
        await CounterRef.raw(
            "CREATE UNIQUE INDEX application_reference_counter_key "
            "ON application_reference_counter (tenant, prefix, year)"
        )

    async def drop_index():
        await CounterRef.raw("DROP INDEX application_reference_counter_key")

    manager.add_raw(create_index)
    manager.add_raw_backwards(drop_index)
    return manager
