"""What the app keeps for its whole life, typed: handlers reach it with
app_state(request) instead of untyped attributes of Litestar's State."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from litestar.connection import ASGIConnection
from litestar.datastructures import State

from server.crypto import Keyring
from server.passwords import Passwords
from server.settings import Settings

if TYPE_CHECKING:  # the limiter reads the state: a type only, not an import loop
    from server.web.ratelimit import RateLimiter


class AppState(State):
    settings: Settings
    keyring: Keyring
    passwords: Passwords
    rate_limiter: RateLimiter
    # Every feature's flash messages by key (server/web/pages.py).
    flash_messages: dict[str, Any]


def app_state(connection: ASGIConnection[Any, Any, Any, Any]) -> AppState:
    return cast(AppState, connection.app.state)
