from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-29T10:44:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "One page per account and idempotency key; one temporary proof per draft slot"


class DocumentRef(Table, tablename="document"):
    """Just enough of the table to run raw SQL against it."""


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="documents", description=DESCRIPTION)

    async def create_indexes():
        # Piccolo has no composite or partial unique constraints. Both engines understand these.
        await DocumentRef.raw(
            "CREATE UNIQUE INDEX document_page_idempotency ON document_page (account, idempotency_key)"
        )
        await DocumentRef.raw(
            "CREATE UNIQUE INDEX document_temporary_slot ON document (account, draft_uuid, slot) "
            "WHERE status = 'temporary'"
        )

    async def drop_indexes():
        await DocumentRef.raw("DROP INDEX document_temporary_slot")
        await DocumentRef.raw("DROP INDEX document_page_idempotency")

    manager.add_raw(create_indexes)
    manager.add_raw_backwards(drop_indexes)
    return manager
