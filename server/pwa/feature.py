"""Install and offline as the app sees them (server/feature.py)."""

from __future__ import annotations

from server.feature import Feature
from server.pwa import routes
from server.pwa.service_worker import TEMPLATES

FEATURE = Feature(
    name="pwa",
    routes=routes.ROUTES,
    offline_pages=("/offline",),
    offline_sources=(TEMPLATES / "pwa" / "offline.html",),
)
