from piccolo.conf.apps import AppConfig, table_finder

from server.settings import ROOT

APP_CONFIG = AppConfig(
    app_name="placement",
    migrations_folder_path=str(ROOT / "migrations" / "placement"),
    table_classes=table_finder(["server.placement.tables"], exclude_imported=True),
    migration_dependencies=[
        "server.accounts.piccolo_app",
        "server.facilities.piccolo_app",
        "server.applications.piccolo_app",
    ],
)
