"""The municipality chooser, each tenant's start page, and its branding: theme, logo, icons, manifest."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get
from litestar.di import Provide
from litestar.exceptions import NotFoundException
from litestar.response import File, Redirect, Template

from server.tenants.config import Tenant
from server.tenants.dependencies import provide_tenant
from server.web.i18n import _
from server.web.responses import page

ICON_NAMES = ("icon-192.png", "icon-512.png", "icon-maskable-512.png")


def cache_control(request: Request[Any, Any, Any], tenant: Tenant) -> str:
    """Versioned branding URLs (?v=<tenant.version>) never change; unversioned ones are revalidated daily."""
    if request.query_params.get("v") == tenant.version:
        return "public, max-age=31536000, immutable"
    return "public, max-age=86400"


@get("/", name="choose_tenant")
async def choose_tenant(request: Request[Any, Any, Any]) -> Template:
    return page(request, "tenants/choose.html")


@get("/robots.txt", media_type="text/plain", include_in_schema=False)
async def robots() -> str:
    return "User-agent: *\nAllow: /\nDisallow: /_dev/\n"


class TenantController(Controller):
    path = "/{tenant_slug:str}"
    dependencies = {"tenant": Provide(provide_tenant)}
    include_in_schema = False

    @get("/", name="tenant_start")
    async def start(self, request: Request[Any, Any, Any], tenant: Tenant) -> Template | Redirect:
        return page(request, "tenants/start.html")

    @get("/theme.css", media_type="text/css", cache_control=None)
    async def theme(self, request: Request[Any, Any, Any], tenant: Tenant) -> Response[str]:
        b = tenant.branding
        css = f":root{{--brand:{b.brand};--brand-dark:{b.brand_dark};--brand-contrast:{b.brand_contrast}}}\n"
        return Response(css, media_type="text/css", headers={"Cache-Control": cache_control(request, tenant)})

    @get("/branding/{name:str}")
    async def branding_file(self, request: Request[Any, Any, Any], tenant: Tenant, name: str) -> File:
        allowed = (tenant.branding.logo, *ICON_NAMES)
        path = tenant.file(name) if name in allowed else None
        if path is None:
            raise NotFoundException()
        return File(
            path=path,
            filename=path.name,
            content_disposition_type="inline",
            media_type="image/svg+xml" if path.suffix == ".svg" else "image/png",
            headers={"Cache-Control": cache_control(request, tenant)},
        )

    @get("/manifest.webmanifest", media_type="application/manifest+json")
    async def manifest(self, tenant: Tenant) -> Response[dict[str, Any]]:
        base = f"/{tenant.slug}"
        icons = [
            {
                "src": f"{base}/branding/icon-192.png",
                "sizes": "192x192",
                "type": "image/png",
                "purpose": "any",
            },
            {
                "src": f"{base}/branding/icon-512.png",
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "any",
            },
            {
                "src": f"{base}/branding/icon-maskable-512.png",
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ]
        body = {
            "id": f"{base}/",
            "name": _("Familienportal {name}").format(name=tenant.name),
            "short_name": tenant.name[:12],
            "description": _("Kita-Suche, Anträge und Bescheide des Jugendamts {name}").format(
                name=tenant.name
            ),
            "lang": "de",
            "dir": "ltr",
            "start_url": f"{base}/uebersicht",
            "scope": f"{base}/",
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": tenant.branding.brand,
            "icons": icons,
        }
        return Response(body, media_type="application/manifest+json", headers={"Cache-Control": "no-cache"})
