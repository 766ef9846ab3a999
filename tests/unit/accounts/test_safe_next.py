"""safe_next: after login only a path inside the same tenant is followed (no open redirect)."""

from __future__ import annotations

from pathlib import Path

import pytest

from server.accounts.guards import safe_next
from server.settings import Settings
from server.tenants.config import Tenant, TenantRegistry


@pytest.fixture(scope="module")
def wuppertal() -> Tenant:
    registry = TenantRegistry.from_folder(Path(Settings().tenants_dir), "wuppertal")
    tenant = registry.get("wuppertal")
    assert tenant is not None
    return tenant


@pytest.mark.parametrize(
    "target", ["/wuppertal/haushalt/", "/wuppertal/haushalt/kinder/3", "/wuppertal/uebersicht?tab=2"]
)
def test_paths_inside_the_tenant_are_kept(wuppertal: Tenant, target: str) -> None:
    assert safe_next(wuppertal, target) == target


@pytest.mark.parametrize(
    "target",
    [
        None,
        "",
        "https://evil.example/",
        "//evil.example/wuppertal/",
        "/\\evil.example",
        "/wuppertal",  # not inside: needs the slash
        "/wuppertal//evil.example",
        "/wuppertal/\\evil.example",
        "/iserlohn/uebersicht",  # another tenant
        "/wuppertaler-betrug/uebersicht",  # a prefix of the slug is not the tenant
        "wuppertal/uebersicht",  # relative
        "javascript:alert(1)",
        " /wuppertal/uebersicht",
    ],
)
def test_everything_else_falls_back_to_the_dashboard(wuppertal: Tenant, target: str | None) -> None:
    assert safe_next(wuppertal, target) == "/wuppertal/uebersicht"
