from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-29T11:29:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "One temporary proof per document request slot"


class DocumentRef(Table, tablename="document"):
    """Just enough of the table to run raw SQL against it."""


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="documents", description=DESCRIPTION)

    async def create_index():
        # Like document_temporary_slot for drafts; both engines understand partial indexes.
        await DocumentRef.raw(
            "CREATE UNIQUE INDEX document_request_slot ON document (account, application, request, slot) "
            "WHERE status = 'temporary' AND request IS NOT NULL"
        )

    async def drop_index():
        await DocumentRef.raw("DROP INDEX document_request_slot")

    manager.add_raw(create_index)
    manager.add_raw_backwards(drop_index)
    return manager
