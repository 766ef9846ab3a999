"""Municipalities (tenants) are configured by files: one folder per tenant with a tenant.toml."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import msgspec

SLUG = re.compile(r"^[a-z][a-z0-9-]{1,39}$")
HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
# https://host[:port]/path with {z}, {x} and {y}; the host may hold a {s} subdomain placeholder.
TILE_URL = re.compile(r"^(https?)://([a-z0-9.{}-]+(?::[0-9]{1,5})?)/[^\s\"'<>]*$", re.IGNORECASE)


class TenantConfigError(ValueError):
    pass


class Branding(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    brand: str
    brand_dark: str
    brand_contrast: str = "#ffffff"
    logo: str = "logo.svg"


class Contact(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    office: str
    street: str
    postcode: str
    city: str
    phone: str
    email: str
    hours: str = ""
    website: str = ""


class MapConfig(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The directory map: a raster tile server (URL template with {z}/{x}/{y}, optionally {s}), its attribution
    (HTML as the tile provider asks for it), and the initial view when there are no results to fit."""

    tile_url: str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    attribution: str = (
        '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>-Mitwirkende'
    )
    subdomains: str = "abc"
    max_zoom: int = 19
    center: tuple[float, float] = (51.1657, 10.4515)
    zoom: int = 12

    @property
    def tile_origins(self) -> tuple[str, ...]:
        """The origins the browser fetches tiles from (for the CSP's img-src), one per subdomain."""
        match = TILE_URL.match(self.tile_url)
        if match is None:
            return ()
        scheme, host = match.group(1), match.group(2)
        hosts = [host.replace("{s}", s) for s in self.subdomains] if "{s}" in host else [host]
        return tuple(f"{scheme}://{h}" for h in hosts)


class Tenant(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    slug: str = ""
    name: str
    official_name: str
    # Demo tenants carry fictional data and are labelled as such in the UI.
    demo: bool = False
    state: str = "NRW"
    branding: Branding
    contact: Contact
    districts: tuple[str, ...] = ()
    services: tuple[str, ...] = ()
    map: MapConfig = msgspec.field(default_factory=MapConfig)
    # Per-service rules of this municipality, e.g. [rules.kita] max_wishes = 3 (see `settings`).
    rules: dict[str, dict[str, int | bool | str]] = {}
    folder: str = ""
    # A hash over the tenant's files: branding URLs carry it, so they can be cached for a year.
    version: str = ""

    @property
    def path(self) -> Path:
        return Path(self.folder)

    @property
    def settings(self) -> dict[str, int | bool | str]:
        """The rules as flat names ("kita.max_wishes"), as service definitions refer to them."""
        return {
            f"{group}.{key}": value for group, values in self.rules.items() for key, value in values.items()
        }

    def file(self, name: str) -> Path | None:
        """A branding file of this tenant (logo, icons), or None if the tenant has none of that name."""
        candidate = (self.path / name).resolve()
        if candidate.parent != self.path.resolve() or not candidate.is_file():
            return None
        return candidate


def load_tenant(folder: Path) -> Tenant:
    source = folder / "tenant.toml"
    try:
        tenant = msgspec.toml.decode(source.read_bytes(), type=Tenant)
    except (OSError, msgspec.DecodeError, msgspec.ValidationError) as exc:
        raise TenantConfigError(f"{source}: {exc}") from exc
    slug = folder.name
    if not SLUG.match(slug):
        raise TenantConfigError(f"{folder}: folder name must be a lower-case slug")
    for colour in (tenant.branding.brand, tenant.branding.brand_dark, tenant.branding.brand_contrast):
        if not HEX_COLOUR.match(colour):
            raise TenantConfigError(f"{source}: colour {colour!r} is not #rrggbb")
    tiles = tenant.map.tile_url
    if not TILE_URL.match(tiles) or not all(p in tiles for p in ("{z}", "{x}", "{y}")):
        raise TenantConfigError(
            f"{source}: map.tile_url {tiles!r} is not an http(s) URL with {{z}}/{{x}}/{{y}}"
        )
    if not (-90 <= tenant.map.center[0] <= 90 and -180 <= tenant.map.center[1] <= 180):
        raise TenantConfigError(f"{source}: map.center must be [latitude, longitude]")
    digest = hashlib.sha256()
    # Only what the branding URLs serve: data files (gazetteer, import mapping) don't bust the caches.
    for path in sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in {".toml", ".svg", ".png"}):
        if path.name != "facilities_mapping.toml":
            digest.update(path.name.encode() + path.read_bytes())
    return msgspec.structs.replace(
        tenant, slug=slug, folder=str(folder.resolve()), version=digest.hexdigest()[:10]
    )


class TenantRegistry:
    """All tenants of this installation, loaded once at start-up."""

    def __init__(self, tenants: dict[str, Tenant], default: str) -> None:
        if default not in tenants:
            raise TenantConfigError(f"default tenant {default!r} is not configured")
        self._tenants = tenants
        self.default = default

    @classmethod
    def from_folder(cls, root: Path, default: str) -> TenantRegistry:
        folders = sorted(p for p in root.iterdir() if (p / "tenant.toml").is_file())
        if not folders:
            raise TenantConfigError(f"no tenant folders in {root}")
        return cls({folder.name: load_tenant(folder) for folder in folders}, default)

    def get(self, slug: str) -> Tenant | None:
        return self._tenants.get(slug)

    def __iter__(self):
        return iter(sorted(self._tenants.values(), key=lambda t: t.name))

    def __len__(self) -> int:
        return len(self._tenants)
