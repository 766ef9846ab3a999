"""The Jinja environment: templates from frontend/templates, gettext, hashed static URLs."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.template.config import TemplateConfig

from server.dates import local
from server.settings import ROOT
from server.web.assets import Assets
from server.web.i18n import translations

TEMPLATES = ROOT / "frontend" / "templates"


def template_config(
    assets: Assets, helpers: dict[str, Any] | None = None
) -> TemplateConfig[JinjaTemplateEngine]:
    """`helpers` become template globals (features pass small formatting functions, e.g. `h`)."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "xml"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(translations(), newstyle=True)  # type: ignore[attr-defined]
    env.globals["static_url"] = assets.url
    env.globals["local_time"] = local  # times as the municipality's clocks show them
    env.globals.update(helpers or {})
    return TemplateConfig(instance=JinjaTemplateEngine.from_environment(env))
