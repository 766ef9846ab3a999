from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-29T11:23:30:000000"
VERSION = "1.38.0"
DESCRIPTION = (
    "Unique provider links, one reservation per application and facility, one item per offer and reservation"
)


class PlacementRef(Table, tablename="placement_reservation"):
    """Just enough of a table to run raw SQL."""


INDEXES = (
    ("placement_provider_facility_key", "placement_provider_facility (account, facility)"),
    ("placement_reservation_key", "placement_reservation (application, facility)"),
    ("placement_offer_item_key", "placement_offer_item (offer, reservation)"),
)


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="placement", description=DESCRIPTION)

    async def create_indexes():
        # Piccolo has no composite unique constraints.
        for name, target in INDEXES:
            await PlacementRef.raw(f"CREATE UNIQUE INDEX {name} ON {target}")

    async def drop_indexes():
        for name, _target in INDEXES:
            await PlacementRef.raw(f"DROP INDEX {name}")

    manager.add_raw(create_indexes)
    manager.add_raw_backwards(drop_indexes)
    return manager
