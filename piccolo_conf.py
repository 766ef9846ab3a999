"""Piccolo's configuration shim: the engine and app registry come from server.settings.

Piccolo reads this module when table modules are imported, so DATABASE_URL / SQLITE_PATH must be set in
the environment before that happens (tests and the CLI do so).
"""

from piccolo.conf.apps import AppRegistry

from server.db import engine_for
from server.settings import Settings

DB = engine_for(Settings.from_env())

APP_REGISTRY = AppRegistry(
    apps=[
        "server.accounts.piccolo_app",
        "server.households.piccolo_app",
        "server.notifications.piccolo_app",
        "server.facilities.piccolo_app",
        "server.applications.piccolo_app",
        "server.documents.piccolo_app",
        "server.audit.piccolo_app",
        "server.mailbox.piccolo_app",
        "server.casework.piccolo_app",
        "server.placement.piccolo_app",
    ]
)
