from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-22T11:31:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "A facility is on an account's Merkliste at most once"


class FavouriteRef(Table, tablename="facility_favourite"):
    """Just enough of the table to run raw SQL against it."""


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="facilities", description=DESCRIPTION)

    async def create_index():
        # Piccolo has no composite unique constraints: merging a device's list relies on this one.
        await FavouriteRef.raw(
            "CREATE UNIQUE INDEX facility_favourite_account_facility ON facility_favourite (account, facility)"
        )

    async def drop_index():
        await FavouriteRef.raw("DROP INDEX facility_favourite_account_facility")

    manager.add_raw(create_index)
    manager.add_raw_backwards(drop_index)
    return manager
