from piccolo.conf.apps import AppConfig, table_finder

from server.settings import ROOT

APP_CONFIG = AppConfig(
    app_name="casework",
    migrations_folder_path=str(ROOT / "migrations" / "casework"),
    table_classes=table_finder(["server.casework.tables"], exclude_imported=True),
    migration_dependencies=["server.accounts.piccolo_app", "server.applications.piccolo_app"],
)
