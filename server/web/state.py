"""What the app keeps for its whole life, typed: handlers reach it with
app_state(request) instead of untyped attributes of Litestar's State."""

from __future__ import annotations

from typing import Any, Protocol, cast

from litestar.connection import ASGIConnection
from litestar.datastructures import State

from server.crypto import Keyring
from server.passwords import Passwords
from server.settings import Settings


class RateLimiter(Protocol):
    """What the state holds to count attempts (server/web/ratelimit.py has the
    memory and Redis kinds)."""

    async def hit(self, key: str, window_seconds: int) -> tuple[int, int]:
        """Count one event; return (events in this window, seconds until it resets)."""

    async def reset(self, key: str) -> None: ...

    async def close(self) -> None: ...


class AppState(State):
    settings: Settings
    keyring: Keyring
    passwords: Passwords
    rate_limiter: RateLimiter
    # Every feature's manifest, read together: a server.feature.Features, which
    # features read with features_of(request) (the core sits below it).
    features: object
    # Every feature's flash messages by key (server/web/pages.py).
    flash_messages: dict[str, Any]
    # Posted names that are buttons and ids (server/web/kept_form.py).
    form_controls: frozenset[str]


def app_state(connection: ASGIConnection[Any, Any, Any, Any]) -> AppState:
    return cast(AppState, connection.app.state)
