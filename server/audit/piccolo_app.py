from piccolo.conf.apps import AppConfig, table_finder

from server.settings import ROOT

APP_CONFIG = AppConfig(
    app_name="audit",
    migrations_folder_path=str(ROOT / "migrations" / "audit"),
    table_classes=table_finder(["server.audit.tables"], exclude_imported=True),
    migration_dependencies=["server.accounts.piccolo_app"],
)
