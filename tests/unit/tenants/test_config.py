"""Tenant configuration from folders: the sample tenants load; broken configurations are refused."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from server.settings import Settings
from server.tenants.config import TenantConfigError, TenantRegistry, load_tenant

DATA = Path(Settings().tenants_dir)


def test_sample_tenants_load() -> None:
    registry = TenantRegistry.from_folder(DATA, "wuppertal")
    assert len(registry) == 2
    assert [t.slug for t in registry] == ["iserlohn", "wuppertal"]  # sorted by name
    wuppertal = registry.get("wuppertal")
    iserlohn = registry.get("iserlohn")
    assert wuppertal is not None and iserlohn is not None
    assert wuppertal.name == "Wuppertal"
    assert wuppertal.branding.brand == "#00505c"
    assert wuppertal.contact.postcode == "42103"
    assert "Barmen" in wuppertal.districts
    assert iserlohn.name == "Iserlohn"
    assert iserlohn.branding.brand != wuppertal.branding.brand
    assert registry.default == "wuppertal"
    assert registry.get("unbekannt") is None


def test_sample_tenants_have_their_branding_files() -> None:
    for tenant in TenantRegistry.from_folder(DATA, "wuppertal"):
        assert tenant.demo is True
        assert tenant.file(tenant.branding.logo) is not None
        for icon in ("icon-192.png", "icon-512.png", "icon-maskable-512.png"):
            assert tenant.file(icon) is not None


def test_branding_files_cannot_escape_the_tenant_folder() -> None:
    wuppertal = load_tenant(DATA / "wuppertal")
    assert wuppertal.file("../iserlohn/logo.svg") is None
    assert wuppertal.file("../../settings.py") is None
    assert wuppertal.file("/etc/passwd") is None
    assert wuppertal.file("gibt-es-nicht.png") is None


@pytest.fixture
def tenant_root(tmp_path: Path) -> Path:
    """A copy of the Wuppertal folder as `musterstadt` in a fresh root."""
    shutil.copytree(DATA / "wuppertal", tmp_path / "musterstadt")
    return tmp_path


def toml_of(root: Path) -> Path:
    return root / "musterstadt" / "tenant.toml"


def test_copied_tenant_takes_its_slug_from_the_folder(tenant_root: Path) -> None:
    tenant = load_tenant(tenant_root / "musterstadt")
    assert tenant.slug == "musterstadt"
    assert Path(tenant.folder) == (tenant_root / "musterstadt").resolve()


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('brand = "#00505c"', 'brand = "#00505"'),
        ('brand = "#00505c"', 'brand = "teal"'),
        ('brand_dark = "#00363e"', 'brand_dark = "#00363g"'),
        ('brand_contrast = "#ffffff"', 'brand_contrast = "#fff"'),
        ('brand = "#00505c"', 'brand = "#00505c; background:url(x)"'),
    ],
)
def test_bad_colour(tenant_root: Path, old: str, new: str) -> None:
    path = toml_of(tenant_root)
    path.write_text(path.read_text().replace(old, new))
    with pytest.raises(TenantConfigError, match="colour"):
        load_tenant(tenant_root / "musterstadt")


@pytest.mark.parametrize(
    ("anchor", "extra"),
    [
        ('name = "Wuppertal"', 'mayor = "Erika Mustermann"'),  # unknown top-level field
        ('brand = "#00505c"', 'font = "Comic Sans"'),  # unknown field in [branding]
        ('postcode = "42103"', 'fax = "0202 1"'),  # unknown field in [contact]
    ],
)
def test_unknown_field(tenant_root: Path, anchor: str, extra: str) -> None:
    path = toml_of(tenant_root)
    path.write_text(path.read_text().replace(anchor, f"{anchor}\n{extra}", 1))
    with pytest.raises(TenantConfigError):
        load_tenant(tenant_root / "musterstadt")


def test_missing_required_field(tenant_root: Path) -> None:
    path = toml_of(tenant_root)
    path.write_text(path.read_text().replace('official_name = "Stadt Wuppertal – Jugendamt (Demo)"\n', ""))
    with pytest.raises(TenantConfigError, match="official_name"):
        load_tenant(tenant_root / "musterstadt")


def test_wrong_type(tenant_root: Path) -> None:
    path = toml_of(tenant_root)
    path.write_text(path.read_text().replace("demo = true", 'demo = "ja"'))
    with pytest.raises(TenantConfigError):
        load_tenant(tenant_root / "musterstadt")


def test_invalid_toml(tenant_root: Path) -> None:
    toml_of(tenant_root).write_text('name = "Wuppertal\n[branding')
    with pytest.raises(TenantConfigError):
        load_tenant(tenant_root / "musterstadt")


def test_missing_file(tmp_path: Path) -> None:
    (tmp_path / "leer").mkdir()
    with pytest.raises(TenantConfigError, match="tenant.toml"):
        load_tenant(tmp_path / "leer")


@pytest.mark.parametrize("folder", ["Musterstadt", "x", "1stadt", "muster_stadt", "m" * 41])
def test_folder_name_must_be_a_slug(tmp_path: Path, folder: str) -> None:
    shutil.copytree(DATA / "wuppertal", tmp_path / folder)
    with pytest.raises(TenantConfigError, match="slug"):
        load_tenant(tmp_path / folder)


def test_registry_needs_tenants(tmp_path: Path) -> None:
    (tmp_path / "ohne-konfiguration").mkdir()
    with pytest.raises(TenantConfigError, match="no tenant folders"):
        TenantRegistry.from_folder(tmp_path, "wuppertal")


def test_registry_needs_the_default_tenant(tenant_root: Path) -> None:
    with pytest.raises(TenantConfigError, match="default tenant"):
        TenantRegistry.from_folder(tenant_root, "wuppertal")
    assert TenantRegistry.from_folder(tenant_root, "musterstadt").default == "musterstadt"


def test_one_broken_tenant_stops_the_registry(tenant_root: Path) -> None:
    shutil.copytree(DATA / "iserlohn", tenant_root / "iserlohn")
    path = tenant_root / "iserlohn" / "tenant.toml"
    path.write_text(path.read_text().replace('brand = "#7a1f2b"', 'brand = "rot"'))
    with pytest.raises(TenantConfigError):
        TenantRegistry.from_folder(tenant_root, "musterstadt")
