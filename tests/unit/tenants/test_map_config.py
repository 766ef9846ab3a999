"""The tenants' [map] section and the CSP's img-src derived from their tile servers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from server.settings import Settings
from server.tenants.config import MapConfig, TenantConfigError, TenantRegistry, load_tenant
from server.web.security import content_security_policy

DATA = Path(Settings().tenants_dir)


def test_sample_tenants_have_a_map_with_openstreetmap_tiles() -> None:
    for tenant in TenantRegistry.from_folder(DATA, "wuppertal"):
        assert tenant.map.tile_url == "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
        assert "OpenStreetMap" in tenant.map.attribution
        assert tenant.map.tile_origins == ("https://tile.openstreetmap.org",)
        lat, lon = tenant.map.center
        assert 50 < lat < 52 and 6 < lon < 8  # both in North Rhine-Westphalia


def test_tile_origins_expand_subdomains_and_keep_ports() -> None:
    tiles = MapConfig(tile_url="https://{s}.tiles.example.de:8443/osm/{z}/{x}/{y}.png", subdomains="ab")
    assert tiles.tile_origins == ("https://a.tiles.example.de:8443", "https://b.tiles.example.de:8443")


def test_default_map_is_openstreetmap() -> None:
    assert MapConfig().tile_origins == ("https://tile.openstreetmap.org",)


def _with_map(tmp_path: Path, section: str) -> Path:
    folder = tmp_path / "testtenant"
    shutil.copytree(DATA / "wuppertal", folder)
    source = folder / "tenant.toml"
    text = source.read_text().split("[map]")[0]
    source.write_text(text + section)
    return folder


@pytest.mark.parametrize(
    "section",
    [
        '[map]\ntile_url = "javascript:alert(1)/{z}/{x}/{y}"\n',
        '[map]\ntile_url = "https://tiles.example.de/tile.png"\n',
        "[map]\ncenter = [120.0, 7.0]\n",
        '[map]\nunknown = "x"\n',
    ],
)
def test_a_broken_map_section_stops_the_start(tmp_path: Path, section: str) -> None:
    with pytest.raises(TenantConfigError):
        load_tenant(_with_map(tmp_path, section))


def test_a_tenant_without_map_section_gets_the_defaults(tmp_path: Path) -> None:
    tenant = load_tenant(_with_map(tmp_path, ""))
    assert tenant.map == MapConfig()


def test_csp_allows_exactly_the_tile_hosts_for_images() -> None:
    csp = content_security_policy(
        ["https://tile.openstreetmap.org", "https://A.example.de:8443", "https://tile.openstreetmap.org"]
    )
    directives = dict(d.split(" ", 1) for d in csp.split("; "))
    assert (
        directives["img-src"] == "'self' data: blob: https://a.example.de:8443 https://tile.openstreetmap.org"
    )
    # Everything else stays as strict as without a map.
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["connect-src"] == "'self'" and directives["default-src"] == "'self'"
    assert "unsafe-inline" not in csp


@pytest.mark.parametrize(
    "origin", ["https://x.de; script-src *", "*", "https://x.de/path", "data:", "'unsafe-inline'"]
)
def test_csp_ignores_anything_that_is_not_a_plain_origin(origin: str) -> None:
    assert content_security_policy([origin]) == content_security_policy()
