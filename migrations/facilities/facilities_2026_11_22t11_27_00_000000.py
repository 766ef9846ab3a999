from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-22T11:27:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "One facility per external id and tenant; free places unique per month and age group"


class FacilityRef(Table, tablename="facility"):
    """Just enough of the table to run raw SQL against it."""


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="facilities", description=DESCRIPTION)

    async def create_indexes():
        # Piccolo has no composite unique constraints: the import upserts by (tenant, external_id).
        await FacilityRef.raw("CREATE UNIQUE INDEX facility_tenant_external_id ON facility (tenant, external_id)")
        await FacilityRef.raw(
            "CREATE UNIQUE INDEX facility_free_places_key "
            "ON facility_free_places (facility, start_month, age_group)"
        )

    async def drop_indexes():
        await FacilityRef.raw("DROP INDEX facility_free_places_key")
        await FacilityRef.raw("DROP INDEX facility_tenant_external_id")

    manager.add_raw(create_indexes)
    manager.add_raw_backwards(drop_indexes)
    return manager
