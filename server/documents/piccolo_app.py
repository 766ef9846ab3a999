from piccolo.conf.apps import AppConfig, table_finder

from server.settings import ROOT

APP_CONFIG = AppConfig(
    app_name="documents",
    migrations_folder_path=str(ROOT / "migrations" / "documents"),
    table_classes=table_finder(["server.documents.tables"], exclude_imported=True),
    migration_dependencies=["server.accounts.piccolo_app", "server.applications.piccolo_app"],
)
