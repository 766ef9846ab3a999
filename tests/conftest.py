"""Test configuration shared by unit and integration tests.

Piccolo builds its engine from the environment when the first table module is imported (piccolo_conf), so
the database environment is set here, at import time, before anything from `server` is imported.

* Default: a temporary SQLite file for this test session.
* With TEST_POSTGRES_URL (a server URL, e.g. postgresql://postgres@127.0.0.1:5432/postgres): a fresh database
  `portal_test_<hex>` on that server, created and migrated by the integration fixtures and dropped at the end.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

TEST_POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "").strip()
TMP_DIR = Path(tempfile.mkdtemp(prefix="portal-tests-"))
SQLITE_PATH = str(TMP_DIR / "portal.sqlite")


def _database_url(server_url: str, name: str) -> str:
    parts = urlsplit(server_url)
    if parts.scheme not in {"postgres", "postgresql"}:
        raise RuntimeError("TEST_POSTGRES_URL must be a postgresql:// URL")
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


if TEST_POSTGRES_URL:
    TEST_DB_NAME = f"portal_test_{secrets.token_hex(6)}"
    DATABASE_URL = _database_url(TEST_POSTGRES_URL, TEST_DB_NAME)
else:
    TEST_DB_NAME = ""
    DATABASE_URL = ""

os.environ["PORTAL_ENV"] = "test"
os.environ["SQLITE_PATH"] = SQLITE_PATH
if DATABASE_URL:
    os.environ["DATABASE_URL"] = DATABASE_URL
else:
    os.environ.pop("DATABASE_URL", None)
# Settings in the developer's environment must not leak into the tests' explicit settings.
for _name in ("REDIS_URL", "SMTP_HOST", "BASE_URL", "SECRET_KEY"):
    os.environ.pop(_name, None)


def pytest_sessionfinish(session, exitstatus) -> None:  # noqa: ARG001 - pytest hook signature
    import shutil

    shutil.rmtree(TMP_DIR, ignore_errors=True)


def pytest_configure(config) -> None:
    # Every app built in a test repeats Litestar's notes on inferred path parameters and dependencies
    # (thousands per run); they concern the server's handler signatures before Litestar 3, not the tests.
    config.addinivalue_line("filterwarnings", "ignore::litestar.exceptions.LitestarDeprecationWarning")
