"""The service worker's source: the worker template plus a config block naming the
shell to precache, with a cache version that changes whenever the shell or the
worker changes (so a deploy with changed assets yields a new worker)."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from server.web.assets import STATIC_DIR, fingerprint, static_url
from server.web.security import HTMX_SRI, HTMX_URL

REPO = Path(__file__).resolve().parents[2]
TEMPLATES = REPO / "templates"
WORKER_TEMPLATE = TEMPLATES / "pwa" / "sw.js"
PUSH_WORKER = "js/sw-push.js"
# Not read from Settings: an operator's knob to force a new worker without
# changing assets (and the tests' way to serve "version 2").
SALT_ENV = "ATTUNE_SW_SALT"
CONFIG_MARK = "/*__ATTUNE_CONFIG__*/null"

# The pages precached with the shell are the features' `offline_pages`; what they
# are made of counts towards the version: the features' `offline_sources`, and the
# parts every page shares (the layout, every shared partial: header, tabs, footer,
# banners, language picker, the crisis lines) and the catalogs, whose words they show.
SHARED_SOURCES = (
    TEMPLATES / "base.html",
    *sorted((TEMPLATES / "partials").glob("*.html")),
    *sorted((REPO / "server" / "locales").glob("*/LC_MESSAGES/messages.po")),
)
# Only the icon pages and notifications show. The install icons (512 px, maskable,
# Apple's) are fetched by the browser when someone installs; precaching them too
# would add them to everyone's first visit.
ICONS = ("icons/icon-192.png",)


def shell_assets(static_dir: Path = STATIC_DIR) -> list[str]:
    """Static files that pages use: the base CSS and script, every feature's CSS
    and page script, and the icons (relative to static/)."""
    found = ["css/app.css", "js/app.js"]
    for pattern in ("css/*.css", "js/*.js"):
        for path in sorted(static_dir.glob(pattern)):
            relative = path.relative_to(static_dir).as_posix()
            if relative not in found and not path.name.startswith("sw"):
                found.append(relative)
    found.extend(icon for icon in ICONS if (static_dir / icon).exists())
    return found


@dataclass(frozen=True)
class Worker:
    version: str
    source: str
    precache: tuple[str, ...]


def _digest(parts: list[bytes]) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(hashlib.sha256(part).digest())
    return h.hexdigest()[:12]


def build_worker(
    pages: Sequence[str], sources: Sequence[Path], salt: str = ""
) -> Worker:
    """The worker that keeps `pages` offline, made of `sources`."""
    template = WORKER_TEMPLATE.read_text()
    assets = shell_assets()
    precache = [static_url(a) for a in assets] + list(pages)
    push = static_url(PUSH_WORKER) if (STATIC_DIR / PUSH_WORKER).exists() else None
    parts = [template.encode(), salt.encode(), HTMX_URL.encode(), HTMX_SRI.encode()]
    parts += [f"{a}={fingerprint(a)}".encode() for a in assets]
    if push:
        parts.append(push.encode())
    parts += [p.read_bytes() for p in (*SHARED_SOURCES, *sources) if p.exists()]
    version = _digest(parts)
    config = {
        "version": version,
        "precache": precache,
        "htmx": {"url": HTMX_URL, "integrity": HTMX_SRI},
        "pages": list(pages),
        "importScripts": [push] if push else [],
    }
    source = template.replace(CONFIG_MARK, json.dumps(config, indent=1))
    return Worker(version=version, source=source, precache=tuple(precache))


@lru_cache(maxsize=4)
def _cached_worker(
    pages: tuple[str, ...], sources: tuple[Path, ...], salt: str
) -> Worker:
    return build_worker(pages, sources, salt)


def current_worker(pages: tuple[str, ...], sources: tuple[Path, ...]) -> Worker:
    """Built once per process (assets do not change under a running server)."""
    return _cached_worker(pages, sources, os.environ.get(SALT_ENV, ""))
