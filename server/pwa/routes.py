"""Install and offline: the manifest, the service worker (served from the root so
its scope is the whole site), the offline page and the "add to home screen" hint."""

from __future__ import annotations

from litestar import Controller, Request, get
from litestar.response import Response, Template
from litestar.types import ControllerRouterHandler

from server.pwa.manifest import manifest_bytes
from server.pwa.service_worker import current_worker
from server.web.pages import page


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
    async def service_worker(self) -> Response[bytes]:
        worker = current_worker()
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
        return page(request, "pwa/offline.html")

    @get("/settings/install", name="install")
    async def install(self, request: Request) -> Template:
        return page(request, "pwa/install.html")


ROUTES: list[ControllerRouterHandler] = [PwaController]
