from piccolo.conf.apps import AppConfig, table_finder

from server.settings import ROOT

APP_CONFIG = AppConfig(
    app_name="facilities",
    migrations_folder_path=str(ROOT / "migrations" / "facilities"),
    table_classes=table_finder(["server.facilities.tables"], exclude_imported=True),
)
