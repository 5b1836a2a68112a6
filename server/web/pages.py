"""What every page shares: rendering (full page or htmx fragment), redirects, flash."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from jinja2_fragments.litestar import HTMXBlockTemplate
from litestar import Request
from litestar.plugins.htmx import HXLocation
from litestar.response import Redirect, Response, Template

from server.crypto import FieldCipher, Keyring
from server.web.i18n import _l
from server.web.security import csp_nonce

if TYPE_CHECKING:
    from server.accounts.models import User

CSRF_COOKIE = "attune_csrf"
# Flash messages are keys, never free text: nothing private travels in a cookie.
FLASH_MESSAGES = {
    "registered": _l("Welcome to Attune. Your account is ready."),
    "signed-in": _l("You are signed in."),
    "signed-out": _l("You are signed out."),
    "signed-out-everywhere": _l("You are signed out on every other device."),
    "passphrase-changed": _l("Your passphrase is changed."),
    "settings-saved": _l("Your settings are saved."),
    "language-saved": _l("Your language is saved."),
    "recovered": _l("Your new passphrase is set."),
    "deleted": _l("Your account and everything in it are deleted."),
    "saved": _l("Saved."),
    "removed": _l("Removed."),
    "lesson-done": _l("Marked as done. Well done for taking this time."),
    "lesson-saved": _l("Saved to your cards."),
    "lesson-unsaved": _l("Removed from your saved cards."),
    "added-to-plan": _l(
        "Added to your safety plan, under things you can do on your own."
    ),
    "already-in-plan": _l(
        "This practice is already in your safety plan, under things "
        "you can do on your own."
    ),
    "reminders-saved": _l("Your reminder settings are saved."),
    "reflection-saved": _l("Your reflection is saved. Thank you for taking the time."),
    "reflection-deleted": _l("That reflection is deleted."),
    "draft-kept": _l("Your draft is kept. You can come back to it any time."),
    "share-created": _l("Your read-only link is ready."),
    "share-revoked": _l("That link no longer works."),
    "plan-reviewed": _l("Thanks for looking over your plan."),
}


def current_user(request: Request) -> User | None:
    return request.scope.get("user")  # type: ignore[return-value]


def cipher_for(request: Request, user: User) -> FieldCipher:
    """The person's field cipher, unwrapped once per request."""
    state = request.scope.setdefault("state", {})  # type: ignore[typeddict-item]
    cached = state.get("cipher")
    if cached is None:
        keyring: Keyring = request.app.state.keyring
        cached = FieldCipher(keyring.unwrap(user.wrapped_key))
        state["cipher"] = cached
    return cached  # type: ignore[no-any-return]


# Litestar's CSRF token is hex, and the same string as its cookie.
CSRF_SHAPE = re.compile(r"[0-9a-f]{16,256}")


def cookie_csrf_token(request: Request) -> str:
    """The token for pages that skip the CSRF middleware (/help): the cookie's own,
    so htmx and push.js still send the right header from them."""
    token = request.cookies.get(CSRF_COOKIE, "")
    return token if CSRF_SHAPE.fullmatch(token) else ""


def base_context(request: Request) -> dict[str, Any]:
    flash_key = request.cookies.get("attune_flash", "")
    return {
        "cookie_csrf_token": cookie_csrf_token,
        "user": current_user(request),
        "nonce": csp_nonce(request.scope),
        "flash": FLASH_MESSAGES.get(flash_key, ""),
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
