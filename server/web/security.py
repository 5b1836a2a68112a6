"""Security headers on every response, with a fresh CSP nonce per response."""

from __future__ import annotations

import secrets

from litestar.datastructures import MutableScopeHeaders
from litestar.types import ASGIApp, Message, Receive, Scope, Send

HTMX_URL = "https://cdn.jsdelivr.net/npm/htmx.org@2.0.11/dist/htmx.min.js"
HTMX_SRI = "sha384-2OatzQy1H+Zd/IIrjr1TcuDGqLXeHhbooAyJY1KdQMKnr4LZ22k31GBLdYKHmVjg"

PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
    "interest-cohort=(), browsing-topics=()"
)


def content_security_policy(nonce: str) -> str:
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}' {HTMX_URL}",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "manifest-src 'self'",
            "worker-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def security_headers_middleware(app: ASGIApp) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        nonce = secrets.token_urlsafe(18)
        scope.setdefault("state", {})["csp_nonce"] = nonce  # type: ignore[typeddict-unknown-key]
        https = scope.get("scheme") == "https" or scope["state"].get("force_https")  # type: ignore[typeddict-item]
        had_flash = b"attune_flash=" in dict(scope["headers"]).get(b"cookie", b"")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableScopeHeaders.from_message(message)
                headers["Content-Security-Policy"] = content_security_policy(nonce)
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "no-referrer"
                headers["Permissions-Policy"] = PERMISSIONS_POLICY
                headers["Cross-Origin-Opener-Policy"] = "same-origin"
                headers["X-Frame-Options"] = "DENY"
                if https:
                    headers["Strict-Transport-Security"] = "max-age=63072000"
                content_type = headers.get("content-type", "")
                if content_type.startswith("text/html"):
                    # The same URL answers a fragment to htmx and a page otherwise.
                    headers.add("Vary", "HX-Request")
                    if "cache-control" not in headers:
                        headers["Cache-Control"] = "no-store"
                    if had_flash and message["status"] < 300:
                        headers.add(
                            "Set-Cookie",
                            "attune_flash=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax",
                        )
            await send(message)

        await app(scope, receive, send_with_headers)

    return middleware
