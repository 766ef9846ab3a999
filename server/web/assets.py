"""Static assets with content-hashed URLs, so browsers and the service worker may cache them forever."""

from __future__ import annotations

import hashlib
from pathlib import Path

from server.settings import ROOT

STATIC_DIR = ROOT / "frontend" / "static"
SERVICE_WORKER = ROOT / "service_worker" / "sw.js"
# The app shell the service worker precaches: enough to show the offline page styled.
SHELL = (
    "css/app.css",
    "css/applications.css",
    "js/app.js",
    "js/drafts.js",
    "js/store.js",
    "js/conditions.js",
    "js/capture.js",
    "js/compress.js",
    "vendor/htmx-2.0.11.min.js",
    "icons/favicon.svg",
)


class Assets:
    def __init__(self, root: Path = STATIC_DIR) -> None:
        self.root = root
        self._hashes: dict[str, str] = {}
        for path in sorted(root.rglob("*")):
            if path.is_file():
                rel = path.relative_to(root).as_posix()
                self._hashes[rel] = hashlib.sha256(path.read_bytes()).hexdigest()[:10]

    def url(self, name: str) -> str:
        digest = self._hashes.get(name)
        if digest is None:
            raise KeyError(f"unknown static asset {name!r}")
        return f"/static/{name}?v={digest}"

    @property
    def version(self) -> str:
        """One hash over every asset and the service worker: a new release gets new caches."""
        h = hashlib.sha256()
        for name, digest in sorted(self._hashes.items()):
            h.update(f"{name}={digest};".encode())
        h.update(SERVICE_WORKER.read_bytes())
        return h.hexdigest()[:12]

    def shell_urls(self) -> list[str]:
        return [self.url(name) for name in SHELL]
