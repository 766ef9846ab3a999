"""Integration fixtures: a migrated database (SQLite or PostgreSQL), a real SMTP server, app clients.

Each test gets empty tables (rows are deleted after the test) and an empty inbox.
"""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager

import asyncpg
import pytest
from aiosmtpd.controller import Controller
from argon2 import PasswordHasher

from server.accounts import passwords
from server.accounts.tables import Account, EmailToken
from server.app import create_app
from server.applications.tables import Application, ApplicationEvent, Draft, ReferenceCounter
from server.audit.tables import AuditEvent
from server.casework.tables import CaseNote, Decision, DocumentRequest, RequestItem
from server.db import bind, migrate
from server.documents.tables import Document, DocumentPage
from server.facilities.tables import Facility, Favourite, FreePlaces
from server.households.tables import Child, Guardian, Household
from server.mailbox.tables import MailPreference, Message
from server.notifications.tables import OutgoingMail
from server.placement.tables import Offer, OfferItem, ProviderFacility, Reservation
from server.settings import Settings
from tests.conftest import DATABASE_URL, SQLITE_PATH, TEST_DB_NAME, TEST_POSTGRES_URL, TMP_DIR
from tests.integration.support import AppClient, Inbox, free_port, lifespan

# Children before parents: the order in which rows are deleted between tests.
TABLES_FK_SAFE = (
    OfferItem,
    Reservation,
    Offer,
    ProviderFacility,
    RequestItem,
    DocumentRequest,
    CaseNote,
    Decision,
    AuditEvent,
    Message,
    MailPreference,
    DocumentPage,
    Document,
    ApplicationEvent,
    Application,
    Draft,
    ReferenceCounter,
    Favourite,
    FreePlaces,
    Facility,
    EmailToken,
    Child,
    Guardian,
    Household,
    OutgoingMail,
    Account,
)


def base_settings(**overrides: object) -> Settings:
    values: dict[str, object] = {
        "env": "test",
        "secret_key": "test-secret-" + "x" * 40,
        "database_url": DATABASE_URL,
        "sqlite_path": SQLITE_PATH,
        "var_dir": str(TMP_DIR / "var"),
        "smtp_starttls": False,
        "log_level": "WARNING",
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


async def _terminate_and_drop(server_url: str, name: str) -> None:
    conn = await asyncpg.connect(server_url)
    try:
        await conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
            name,
        )
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
    finally:
        await conn.close()


@pytest.fixture(scope="session")
async def database() -> AsyncIterator[Settings]:
    """The test database, built only through the migrations; dropped at the end on PostgreSQL."""
    settings = base_settings()
    if TEST_POSTGRES_URL:
        assert TEST_DB_NAME.startswith("portal_test_")
        conn = await asyncpg.connect(TEST_POSTGRES_URL)
        try:
            await conn.execute(f'CREATE DATABASE "{TEST_DB_NAME}"')
        finally:
            await conn.close()
    try:
        await migrate(settings)
        yield settings
    finally:
        if TEST_POSTGRES_URL:
            await _terminate_and_drop(TEST_POSTGRES_URL, TEST_DB_NAME)
        # The SQLite file lives in TMP_DIR, removed at the end of the session (tests/conftest.py).


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing() -> Iterator[None]:
    """Still argon2id, with cheap parameters: production parameters cost ~0.3 s per hash and the flows hash
    on every registration and login. The unit tests cover the real hasher."""
    with pytest.MonkeyPatch.context() as patch:
        cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
        patch.setattr(passwords, "_hasher", cheap)
        patch.setattr(passwords, "_DUMMY_HASH", cheap.hash("dummy-password-for-timing"))
        yield


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[Inbox]:
    inbox = Inbox(port=free_port())
    controller = Controller(inbox, hostname="127.0.0.1", port=inbox.port)
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()


@pytest.fixture
async def inbox(smtp_server: Inbox) -> AsyncIterator[Inbox]:
    smtp_server.clear()
    yield smtp_server
    smtp_server.clear()


@pytest.fixture(autouse=True)
async def clean_tables(database: Settings) -> AsyncIterator[None]:
    yield
    bind(database)
    for table in TABLES_FK_SAFE:
        await table.delete(force=True)


@pytest.fixture
def settings(database: Settings, smtp_server: Inbox) -> Callable[..., Settings]:
    """Settings for an app under test: the test database and the test SMTP server, plus overrides."""

    def make(**overrides: object) -> Settings:
        values: dict[str, object] = {"smtp_host": "127.0.0.1", "smtp_port": smtp_server.port}
        values.update(overrides)
        return base_settings(**values)

    return make


MakeClient = Callable[..., AbstractAsyncContextManager[AppClient]]


@pytest.fixture
def app_client(settings: Callable[..., Settings]) -> MakeClient:
    """`async with app_client(login_max_failures_per_ip=3) as client:` - a running app with these settings."""

    @asynccontextmanager
    async def make(**overrides: object) -> AsyncIterator[AppClient]:
        app = create_app(settings(**overrides))
        async with lifespan(app), AppClient(app) as client:
            yield client

    return make


@pytest.fixture
async def client(app_client: MakeClient, inbox: Inbox) -> AsyncIterator[AppClient]:
    async with app_client() as client:
        yield client


@pytest.fixture
def email() -> str:
    """A fresh address per test."""
    return f"eltern.{secrets.token_hex(4)}@beispiel.de"
