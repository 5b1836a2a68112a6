"""What every page shares: rendering (full page or htmx fragment), redirects, flash."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote

from jinja2_fragments.litestar import HTMXBlockTemplate
from litestar import Request
from litestar.plugins.htmx import HXLocation
from litestar.response import Redirect, Response, Template
from litestar.template.base import csrf_token

from server.web.dates import short_date, today_in
from server.web.i18n import _l
from server.web.security import csp_nonce
from server.web.state import app_state

CSRF_COOKIE = "attune_csrf"
# Flash messages are keys, never free text: nothing private travels in a cookie.
# Each feature declares its own (FLASH_MESSAGES in its routes); the app puts them
# together once (server/app.py) and pages look a key up there. These few are
# shared by several features.
SHARED_FLASH_MESSAGES = {
    "saved": _l("Saved."),
    "settings-saved": _l("Your settings are saved."),
}


def combine_flash_messages(*tables: dict[str, Any]) -> dict[str, Any]:
    """Every feature's messages in one table; a key two features both claim is a
    mistake caught at startup, not a message shown by whichever loaded last."""
    combined: dict[str, Any] = {}
    for table in tables:
        if clash := combined.keys() & table.keys():
            raise ValueError(f"flash keys declared twice: {sorted(clash)}")
        combined |= table
    return combined


# Litestar's CSRF token is hex, and the same string as its cookie.
CSRF_SHAPE = re.compile(r"[0-9a-f]{16,256}")


def cookie_csrf_token(request: Request) -> str:
    """The token for pages that skip the CSRF middleware (/help): the cookie's own,
    so htmx and push.js still send the right header from them."""
    token = request.cookies.get(CSRF_COOKIE, "")
    return token if CSRF_SHAPE.fullmatch(token) else ""


# The browser's own time zone, which device.js keeps in this cookie for every reader.
ZONE_COOKIE = "attune_tz"


def offline_copy_day(request: Request) -> str:
    """Today in the reader's zone and language ("6 Dec", "6 dic"): the day an
    offline copy of this page was kept, since the worker keeps a page as it
    arrives. Shown only on such a copy (base.html, device.js)."""
    zone = unquote(request.cookies.get(ZONE_COOKIE, ""))
    return short_date(today_in(zone), "d MMM")


def base_context(request: Request) -> dict[str, Any]:
    flash_key = request.cookies.get("attune_flash", "")
    return {
        "cookie_csrf_token": cookie_csrf_token,
        # Scripts are same-origin (or the pinned htmx): they need no nonce, so a
        # page's only per-request values are these few (server/web/whole_pages.py).
        "hx_csrf": csrf_token({"request": request}) or cookie_csrf_token(request),
        "offline_day": offline_copy_day(request),
        "user": request.scope.get("user"),
        "nonce": csp_nonce(request.scope),
        "flash": app_state(request).flash_messages.get(flash_key, ""),
        # Which message it is, for a page that answers one in its own way.
        "flash_key": flash_key,
        "path": request.url.path,
    }


def is_fragment_request(request: Request) -> bool:
    htmx = getattr(request, "htmx", None)
    # Boosted links and history restores replace the whole body: they get the page.
    return bool(htmx) and not (htmx.boosted or htmx.history_restore_request)  # type: ignore[union-attr]


def page(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    block: str | None = None,
    status_code: int = 200,
) -> Template:
    """Render the whole page, or only `block` for a (non-boosted) htmx request."""
    ctx = {**base_context(request), **(context or {})}
    if block and is_fragment_request(request):
        return HTMXBlockTemplate(
            template_name=template,
            block_name=block,
            context=ctx,
            status_code=status_code,
        )
    return Template(template_name=template, context=ctx, status_code=status_code)


def redirect(request: Request, to: str, flash: str | None = None) -> Response[Any]:
    """Post/redirect/get; htmx follows with HX-Location so the address bar is right."""
    response: Response[Any]
    if getattr(request, "htmx", None):
        response = HXLocation(redirect_to=to)
        response.status_code = 200  # POST handlers default to 201
    else:
        response = Redirect(path=to, status_code=303)
    if flash:
        response.set_cookie(
            "attune_flash", flash, max_age=60, path="/", httponly=True, samesite="lax"
        )
    return response


def safe_next(target: str | None, default: str = "/") -> str:
    """Only same-site paths: a `next` parameter must never send someone elsewhere."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return default
    return target
