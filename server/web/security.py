"""Security headers on every response, with a fresh CSP nonce per response."""

from __future__ import annotations

import secrets

from litestar.datastructures import MutableScopeHeaders
from litestar.types import Message, Scope

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
            # The service worker precaches the pinned htmx file with fetch().
            f"connect-src 'self' {HTMX_URL}",
            "manifest-src 'self'",
            "worker-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def csp_nonce(scope: Scope) -> str:
    """One nonce per response, made when first needed (a page, or its headers)."""
    state = scope.setdefault("state", {})  # type: ignore[typeddict-item]
    if "csp_nonce" not in state:
        state["csp_nonce"] = secrets.token_urlsafe(18)
    return state["csp_nonce"]  # type: ignore[no-any-return]


async def add_security_headers(message: Message, scope: Scope) -> None:
    """A before_send hook: it sees every response, even 404s for unknown paths that
    never reach the middleware stack."""
    if message["type"] != "http.response.start" or scope["type"] != "http":
        return
    headers = MutableScopeHeaders.from_message(message)
    headers["Content-Security-Policy"] = content_security_policy(csp_nonce(scope))
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "no-referrer"
    headers["Permissions-Policy"] = PERMISSIONS_POLICY
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["X-Frame-Options"] = "DENY"
    if scope.get("scheme") == "https" or scope["app"].state.settings.https:
        headers["Strict-Transport-Security"] = "max-age=63072000"
    if headers.get("content-type", "").startswith("text/html"):
        # The same URL answers a fragment to htmx and a page otherwise.
        headers.add("Vary", "HX-Request")
        if "cache-control" not in headers:
            headers["Cache-Control"] = "no-store"
        cookie = dict(scope["headers"]).get(b"cookie", b"")
        if b"attune_flash=" in cookie and message["status"] < 300:
            headers.add(
                "Set-Cookie", "attune_flash=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax"
            )
