from piccolo.conf.apps import AppConfig, table_finder

from server.settings import ROOT

APP_CONFIG = AppConfig(
    app_name="notifications",
    migrations_folder_path=str(ROOT / "migrations" / "notifications"),
    table_classes=table_finder(["server.notifications.tables"], exclude_imported=True),
)
