"""The application factory. Nothing happens at import time: settings come in, a Litestar app goes out."""

from __future__ import annotations

import asyncio
import contextlib
import secrets
from collections.abc import AsyncIterator
from pathlib import Path

from litestar import Litestar
from litestar.config.compression import CompressionConfig
from litestar.config.csrf import CSRFConfig
from litestar.datastructures import State
from litestar.static_files import create_static_files_router
from litestar.stores.base import Store
from litestar.stores.file import FileStore
from litestar.stores.memory import MemoryStore
from piccolo.engine.postgres import PostgresEngine

from server.accounts.controllers import AccountController
from server.accounts.ratelimit import LoginThrottle
from server.accounts.sessions import Sessions
from server.applications.controllers import (
    ApplicationPagesController,
    CaseController,
    ConsentController,
    ConsentManagementController,
    DraftApiController,
    SignatureController,
)
from server.applications.controllers.helpers import HELPERS as APPLICATION_HELPERS
from server.applications.housekeeping import DraftHousekeeping
from server.applications.registry import Catalogue
from server.casework import setup_casework
from server.dashboard.controllers import DashboardController
from server.db import bind, use_wal
from server.documents import setup_documents
from server.documents.controllers import DocumentController
from server.facilities import services as facility_services
from server.facilities.controllers import FacilityController, FavouritesController
from server.facilities.geocoder import GazetteerGeocoder
from server.facilities.search import Directory
from server.fees.controllers import fee_calculator
from server.households.controllers import HouseholdController
from server.logs import configure_logging, request_log_middleware
from server.mailbox.controllers import MailboxController
from server.notifications.controllers import outbox
from server.notifications.mailer import mailer_for
from server.notifications.services import MailDelivery
from server.placement import setup_placement
from server.placement.controllers import ParentOfferController, ProviderController, ProviderOfferController
from server.settings import Settings
from server.tenants.config import TenantRegistry
from server.tenants.controllers import TenantController, choose_tenant, robots
from server.web.assets import SERVICE_WORKER, STATIC_DIR, Assets
from server.web.errors import HANDLERS
from server.web.pwa import healthz, offline, service_worker
from server.web.security import security_headers_hook
from server.web.templating import template_config


def _store(settings: Settings, name: str) -> Store:
    if settings.redis_url:
        from litestar.stores.redis import RedisStore

        return RedisStore.with_client(url=settings.redis_url, namespace=f"portal:{name}")
    if settings.env == "test":
        return MemoryStore()
    path = Path(settings.var_dir) / "stores" / name
    path.mkdir(parents=True, exist_ok=True)
    return FileStore(path)


def _secret(settings: Settings) -> str:
    """SECRET_KEY, or in development a random key kept under var/ so restarts keep forms valid."""
    if settings.secret_key:
        return settings.secret_key
    path = Path(settings.var_dir) / "secret_key"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def create_app(settings: Settings) -> Litestar:
    configure_logging(settings.log_level, settings.log_json)
    tenants = TenantRegistry.from_folder(Path(settings.tenants_dir), settings.default_tenant)
    # Every service definition is loaded and checked here: a broken definition stops the start.
    catalogue = Catalogue.load()
    for tenant in tenants:
        catalogue.check_tenant_services(tenant.slug, tenant.services)
    assets = Assets()
    sessions = Sessions(_store(settings, "sessions"), settings.session_max_age, settings.cookies_secure)
    throttle = LoginThrottle(
        _store(settings, "ratelimit"),
        settings.login_max_failures_per_account,
        settings.login_max_failures_per_ip,
        settings.login_window_seconds,
    )
    delivery = MailDelivery(mailer_for(settings), settings.mail_from)
    engine = bind(settings)
    # One in-memory search index per tenant and process, rebuilt when the tenant's data version changes.
    directory = Directory(
        loader=facility_services.load_records,
        version=facility_services.directory_version,
        freshness_seconds=5,
    )
    geocoder = GazetteerGeocoder(settings.tenants_dir)
    tile_origins = [origin for tenant in tenants for origin in tenant.map.tile_origins]
    documents = setup_documents(settings)
    # The back office: inbox, case pages, document requests, decisions; the parent's request pages.
    casework_controllers = setup_casework()

    @contextlib.asynccontextmanager
    async def database_pool(app: Litestar) -> AsyncIterator[None]:
        if isinstance(engine, PostgresEngine):
            await engine.start_connection_pool(min_size=1, max_size=10)
        else:
            await use_wal(engine)
        try:
            yield
        finally:
            if isinstance(engine, PostgresEngine):
                await engine.close_connection_pool()

    housekeeping = DraftHousekeeping(settings, tenants, catalogue, delivery)
    # Reservations with every Kita demand notice; offers past their deadline lapse (every minute).
    placement = setup_placement(settings, tenants, delivery)

    @contextlib.asynccontextmanager
    async def mail_sweeper(app: Litestar) -> AsyncIterator[None]:
        tasks = [asyncio.create_task(delivery.run_forever()), asyncio.create_task(housekeeping.run_forever())]
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    state = State(
        {
            "settings": settings,
            "tenants": tenants,
            "assets": assets,
            "sessions": sessions,
            "login_throttle": throttle,
            "mail_delivery": delivery,
            "directory": directory,
            "catalogue": catalogue,
            "housekeeping": housekeeping,
            "placement_sweeper": placement,
            "geocoder": geocoder,
            "documents": documents,
            "service_worker_source": SERVICE_WORKER.read_text(),
        }
    )
    return Litestar(
        route_handlers=[
            choose_tenant,
            robots,
            service_worker,
            offline,
            healthz,
            outbox,
            create_static_files_router(
                path="/static", directories=[STATIC_DIR], include_in_schema=False, send_as_attachment=False
            ),
            TenantController,
            AccountController,
            DashboardController,
            HouseholdController,
            FacilityController,
            FavouritesController,
            ApplicationPagesController,
            DraftApiController,
            CaseController,
            ConsentController,
            ConsentManagementController,
            SignatureController,
            MailboxController,
            fee_calculator(tenants),
            DocumentController,
            *casework_controllers,
            ProviderController,
            ProviderOfferController,
            ParentOfferController,
        ],
        state=state,
        template_config=template_config(assets, {"h": APPLICATION_HELPERS}),
        csrf_config=CSRFConfig(
            secret=_secret(settings),
            cookie_name="portal_csrf",
            cookie_secure=settings.cookies_secure,
            cookie_samesite="lax",
            exclude=["/healthz"],
        ),
        middleware=[request_log_middleware, sessions.middleware],
        before_send=[security_headers_hook(settings.cookies_secure, tile_origins)],
        compression_config=CompressionConfig(backend="gzip", minimum_size=500, gzip_compress_level=6),
        exception_handlers=HANDLERS,
        lifespan=[database_pool, mail_sweeper, documents.sweeper, placement.lifespan],
        request_max_body_size=1024 * 1024,
        openapi_config=None,
        debug=False,
    )


def create_app_from_env() -> Litestar:
    """Entry point for ASGI servers (uvicorn --factory server.app:create_app_from_env)."""
    return create_app(Settings.from_env())
