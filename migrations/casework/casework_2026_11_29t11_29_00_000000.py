from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-29T11:29:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "At most one open document request per case"


class RequestRef(Table, tablename="casework_request"):
    """Just enough of the table to run raw SQL against it."""


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="casework", description=DESCRIPTION)

    async def create_index():
        await RequestRef.raw(
            "CREATE UNIQUE INDEX casework_request_open ON casework_request (application) WHERE status = 'open'"
        )

    async def drop_index():
        await RequestRef.raw("DROP INDEX casework_request_open")

    manager.add_raw(create_index)
    manager.add_raw_backwards(drop_index)
    return manager
