"""Static assets get content-hashed URLs; the version changes when any asset changes."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from server.web.assets import SHELL, Assets


@pytest.fixture
def static(tmp_path: Path) -> Path:
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "app.css").write_text("body{color:black}")
    (tmp_path / "js").mkdir()
    (tmp_path / "js" / "app.js").write_text("console.log(1)")
    return tmp_path


def test_url_carries_the_content_hash(static: Path) -> None:
    digest = hashlib.sha256(b"body{color:black}").hexdigest()[:10]
    assert Assets(static).url("css/app.css") == f"/static/css/app.css?v={digest}"


def test_changed_content_changes_url_and_version(static: Path) -> None:
    before = Assets(static)
    (static / "css" / "app.css").write_text("body{color:navy}")
    after = Assets(static)
    assert after.url("css/app.css") != before.url("css/app.css")
    assert after.url("js/app.js") == before.url("js/app.js")
    assert after.version != before.version


def test_same_content_same_version(static: Path) -> None:
    assert Assets(static).version == Assets(static).version
    assert len(Assets(static).version) == 12


def test_unknown_asset_is_an_error(static: Path) -> None:
    with pytest.raises(KeyError):
        Assets(static).url("css/missing.css")


def test_shipped_shell_assets_exist() -> None:
    # The service worker precaches these; a missing file would break its install.
    urls = Assets().shell_urls()
    assert len(urls) == len(SHELL)
    for name, url in zip(SHELL, urls, strict=True):
        assert url.startswith(f"/static/{name}?v=")
