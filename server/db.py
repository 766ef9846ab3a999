"""Database engine from settings, binding the tables to it, and the migration runner."""

from __future__ import annotations

from pathlib import Path

from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, SQLiteTransaction, TransactionType

from server.settings import Settings


class ImmediateSQLiteEngine(SQLiteEngine):
    """Transactions begin with BEGIN IMMEDIATE: every transaction of the app writes, and a deferred one that
    reads first fails at once with "database is locked" when another connection is writing (SQLite does
    not wait on a lock upgrade, to avoid a deadlock), e.g. a registration while the mail sweeper runs."""

    def transaction(
        self, transaction_type: TransactionType = TransactionType.immediate, allow_nested: bool = True
    ) -> SQLiteTransaction:
        return super().transaction(transaction_type=transaction_type, allow_nested=allow_nested)


def engine_for(settings: Settings) -> Engine:
    if settings.database_url:
        return PostgresEngine(config={"dsn": settings.database_url}, log_queries=False)
    Path(settings.sqlite_path).parent.mkdir(parents=True, exist_ok=True)
    # Piccolo opens a connection per query; a busy timeout keeps concurrent writers from failing at once.
    return ImmediateSQLiteEngine(path=settings.sqlite_path, timeout=15)


def bind(settings: Settings) -> Engine:
    """Point Piccolo (its config module and every registered table) at the database of these settings."""
    import piccolo_conf

    engine = engine_for(settings)
    piccolo_conf.DB = engine
    for app_config in piccolo_conf.APP_REGISTRY.app_configs.values():
        for table in app_config.table_classes:
            table._meta.db = engine
    return engine


async def use_wal(engine: Engine) -> None:
    """SQLite in write-ahead-log mode: readers don't block the writer and a commit costs one sync instead
    of several (autosave latency halves). The mode is stored in the database file."""
    if isinstance(engine, SQLiteEngine):
        await engine.run_ddl("PRAGMA journal_mode=WAL")


async def migrate(settings: Settings) -> None:
    """Apply every pending migration of every app (the only way the schema is built)."""
    from piccolo.apps.migrations.commands.forwards import run_forwards

    await use_wal(bind(settings))
    response = await run_forwards("all")
    if not response.success:
        raise RuntimeError(f"Migration failed: {response.message}")
