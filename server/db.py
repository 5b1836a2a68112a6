"""Tortoise configuration, the app lifespan hook and small transaction helpers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from contextvars import ContextVar
from typing import Any

from tortoise import Tortoise
from tortoise.backends.base.config_generator import expand_db_url
from tortoise.connection import get_connection

from server.reads import close_readers
from server.settings import Settings, get_settings

# One Tortoise app per feature, each with its own migrations package under
# migrations/, so features change their schema independently. Accounts come first:
# every other feature points at accounts.User, and migrations apply in this order.
SQLITE_FILE = "attune.sqlite3"
FEATURE_APPS = ["accounts", "lessons", "reflections", "safety_plan", "push"]


async def keep_session(connection: Any) -> None:
    """Returning a connection to the pool skips asyncpg's reset query (RESET ALL,
    UNLISTEN, CLOSE ALL, unlock advisory locks), a round trip that doubled the cost
    of every read. Attune sets no session state, listens to nothing and takes no
    advisory locks; an open transaction is still rolled back by asyncpg first."""


def tortoise_config(settings: Settings) -> dict[str, Any]:
    if settings.database_url:
        url = settings.database_url
        if url.startswith("postgresql://"):
            url = "postgres://" + url.removeprefix("postgresql://")
        connection: str | dict[str, Any] = url
        if url.startswith("postgres://"):
            connection = expand_db_url(url)
            connection["credentials"] |= {
                "minsize": 1,
                "maxsize": settings.database_pool_size,
                "reset": keep_session,
            }
    else:
        settings.instance_dir.mkdir(parents=True, exist_ok=True)
        connection = {
            "engine": "tortoise.backends.sqlite",
            "credentials": {
                "file_path": str(settings.instance_dir / SQLITE_FILE),
                "journal_mode": "WAL",
                "foreign_keys": "ON",
                "busy_timeout": 5000,
                "synchronous": "NORMAL",
            },
        }
    return {
        "connections": {"default": connection},
        "apps": {
            app: {
                "models": [f"server.{app}.models"],
                "default_connection": "default",
                "migrations": f"migrations.{app}",
            }
            for app in FEATURE_APPS
        },
        "use_tz": True,
        "timezone": "UTC",
    }


def __getattr__(name: str) -> Any:
    # `tortoise makemigrations` reads server.db.TORTOISE_ORM (pyproject [tool.tortoise]).
    if name == "TORTOISE_ORM":
        return tortoise_config(get_settings())
    raise AttributeError(name)


@asynccontextmanager
async def database(settings: Settings) -> AsyncIterator[None]:
    # The global fallback lets request handlers, which run in other tasks than the
    # lifespan, see the Tortoise context (STACK.md 2.2).
    await Tortoise.init(config=tortoise_config(settings), _enable_global_fallback=True)
    try:
        yield
    finally:
        await Tortoise.close_connections()
        if not settings.database_url:
            close_readers(str(settings.instance_dir / SQLITE_FILE))


# The settings a migration runs under: a data migration that re-seals rows needs the
# instance's master key.
_migrating: ContextVar[Settings | None] = ContextVar("migrating", default=None)


def migration_settings() -> Settings:
    return _migrating.get() or get_settings()


async def run_migrations(settings: Settings, target: str | None = None) -> None:
    """Apply every migration (or up to `target`, "app.name", as tests do)."""
    from tortoise.migrations.api import migrate

    token = _migrating.set(settings)
    try:
        await migrate(config=tortoise_config(settings), target=target)
    finally:
        _migrating.reset(token)
        await Tortoise.close_connections()


async def database_reachable() -> bool:
    try:
        await get_connection("default").execute_query("SELECT 1")
    except Exception:
        return False
    return True
