"""Every request has a deadline: a full connection pool or a stuck query answers a
calm 503 after a few seconds instead of leaving a person waiting forever."""

from __future__ import annotations

import asyncio

from litestar.types import ASGIApp, Receive, Scope, Send


def deadline_middleware(app: ASGIApp) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        seconds = scope["app"].state.settings.request_timeout_seconds
        # TimeoutError is mapped to 503 by server.web.errors.
        async with asyncio.timeout(seconds):
            await app(scope, receive, send)

    return middleware
