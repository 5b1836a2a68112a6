"""Who is asking: the session cookie, read on every request, and the login guard."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.connection import ASGIConnection
from litestar.datastructures import Cookie
from litestar.exceptions import NotAuthorizedException, ServiceUnavailableException
from litestar.handlers.base import BaseRouteHandler
from litestar.response import Response
from litestar.types import ASGIApp, Receive, Scope, Send

from server.accounts.models import User
from server.accounts.service import session_user
from server.crypto import FieldCipher
from server.settings import Settings
from server.web.errors import is_unavailable
from server.web.i18n import _
from server.web.state import app_state

PLAIN_COOKIE = "attune_session"
# Paths that never need to know who is asking.
NO_SESSION = ("/static/", "/healthz", "/sw.js", "/manifest.webmanifest")
# The __Host- prefix pins the cookie to this host and path "/"; browsers only accept
# it with Secure, so it is used when served over HTTPS.
HOST_COOKIE = "__Host-attune_session"


def is_https(
    connection: ASGIConnection[Any, Any, Any, Any], settings: Settings
) -> bool:
    return settings.https or connection.scope.get("scheme") == "https"


def session_cookie_name(secure: bool) -> str:
    return HOST_COOKIE if secure else PLAIN_COOKIE


def session_token(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    return (
        connection.cookies.get(HOST_COOKIE)
        or connection.cookies.get(PLAIN_COOKIE)
        or ""
    )


def set_session_cookie(
    response: Response[Any], request: Request, settings: Settings, token: str
) -> None:
    secure = is_https(request, settings)
    response.set_cookie(
        Cookie(
            key=session_cookie_name(secure),
            value=token,
            path="/",
            secure=secure,
            httponly=True,
            samesite="lax",
            max_age=settings.session_absolute_days * 86400,
        )
    )


def clear_session_cookie(response: Response[Any]) -> None:
    for name in (PLAIN_COOKIE, HOST_COOKIE):
        response.delete_cookie(name, path="/")


def session_middleware(app: ASGIApp) -> ASGIApp:
    """Sets scope["user"] (None for visitors) and scope["auth"] (the session's times)."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        scope["user"] = None
        scope["auth"] = None
        if scope["type"] == "http" and not scope["path"].startswith(NO_SESSION):
            connection: ASGIConnection[Any, Any, Any, Any] = ASGIConnection(scope)
            token = session_token(connection)
            if token:
                settings: Settings = scope["app"].state.settings
                try:
                    found = await session_user(token, settings)
                except Exception as exc:
                    if not is_unavailable(exc):
                        raise
                    # The database is down: /help and the offline pages must still
                    # answer, so carry on as a visitor; pages that need the
                    # account answer 503 (see requires_login).
                    found = None
                    scope["state"] = {**scope.get("state", {}), "database_down": True}  # type: ignore[typeddict-unknown-key]
                if found:
                    scope["auth"], scope["user"] = found
        await app(scope, receive, send)

    return middleware


async def requires_login(
    connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler
) -> None:
    # Async on purpose: Litestar runs a sync guard in a worker thread, a hop that
    # cost more than the rest of a signed-in page's checks.
    if connection.scope.get("state", {}).get("database_down"):  # type: ignore[attr-defined]
        raise ServiceUnavailableException()
    if connection.scope.get("user") is None:
        raise NotAuthorizedException(_("Please sign in to see this page."))


def current_user(connection: ASGIConnection[Any, Any, Any, Any]) -> User | None:
    """The signed-in person, or None for a visitor."""
    return connection.scope.get("user")  # type: ignore[return-value]


def signed_in(connection: ASGIConnection[Any, Any, Any, Any]) -> User:
    """The signed-in person, in a handler behind requires_login."""
    user = current_user(connection)
    if user is None:
        raise NotAuthorizedException()
    return user


def cipher_for(
    connection: ASGIConnection[Any, Any, Any, Any], user: User
) -> FieldCipher:
    """The person's field cipher, unwrapped once per request."""
    state = connection.scope.setdefault("state", {})  # type: ignore[typeddict-item]
    cached = state.get("cipher")
    if cached is None:
        cached = FieldCipher(app_state(connection).keyring.unwrap(user.wrapped_key))
        state["cipher"] = cached
    return cached  # type: ignore[no-any-return]
