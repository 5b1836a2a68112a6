"""Install and offline: the manifest, the service worker (served from the root so
its scope is the whole site), the offline page and the "add to home screen" hint."""

from __future__ import annotations

from litestar import Controller, Request, get
from litestar.response import Response, Template
from litestar.types import ControllerRouterHandler

from server.feature import features_of
from server.pwa.manifest import manifest_bytes
from server.pwa.service_worker import current_worker
from server.web.pages import page

# The service worker's fetch of the offline page for its shell (sw.js).
SHELL_HEADER = "X-Attune-Shell"
OFFLINE_HEADER = "X-Attune-Offline"


class PwaController(Controller):
    include_in_schema = False

    @get("/manifest.webmanifest", name="manifest")
    async def manifest(self) -> Response[bytes]:
        return Response(
            manifest_bytes(),
            media_type="application/manifest+json",
            # Its description and shortcuts are in the reader's language.
            headers={"Cache-Control": "no-cache", "Vary": "Accept-Language, Cookie"},
        )

    @get("/sw.js", name="service-worker")
    async def service_worker(self, request: Request) -> Response[bytes]:
        features = features_of(request)
        worker = current_worker(features.offline_pages, features.offline_sources)
        return Response(
            worker.source.encode(),
            media_type="text/javascript; charset=utf-8",
            headers={
                "Cache-Control": "no-cache",
                "Service-Worker-Allowed": "/",
                "ETag": f'"{worker.version}"',
            },
        )

    @get("/offline", name="offline")
    async def offline(self, request: Request) -> Template:
        """What a page that needs a connection shows offline. The worker keeps two:
        a visitor's in its shell (asked for with SHELL_HEADER, so it never shows an
        account, even one signed in when it was fetched), and a signed-in person's
        own (their tabs, their plan first) in the private cache that signing out
        empties: that copy is the only sign of an account the worker keeps."""
        if request.headers.get(SHELL_HEADER):
            return page(request, "pwa/offline.html", {"user": None})
        response = page(request, "pwa/offline.html")
        signed_in = request.scope.get("user") is not None
        response.headers[OFFLINE_HEADER] = "keep" if signed_in else "drop"
        return response

    @get("/settings/install", name="install")
    async def install(self, request: Request) -> Template:
        return page(request, "pwa/install.html")


ROUTES: list[ControllerRouterHandler] = [PwaController]
