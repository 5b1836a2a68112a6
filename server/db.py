"""Tortoise configuration, the app lifespan hook, migrations, and quick reads.

Reads and writes go through the ORM in each feature's service. The few indexed reads
that every hot page makes (the session, a page of the journal, the plan, lesson
progress) are plain SQL in their feature's `queries.py`, run by `quick_read` below:
through the ORM they cost 0.2-0.4 ms each, and on SQLite a hop to aiosqlite's thread
and back (bench/orm_cost.py); here an indexed lookup takes microseconds.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import asynccontextmanager, suppress
from contextvars import ContextVar
from datetime import date, datetime
from functools import cache
from typing import Any, TypeVar
from uuid import UUID

from tortoise import Tortoise
from tortoise.backends.base.client import TransactionalDBClient
from tortoise.backends.base.config_generator import expand_db_url
from tortoise.connection import get_connection
from tortoise.exceptions import DBConnectionError
from tortoise.fields import DateField, DatetimeField, UUIDField
from tortoise.models import Model
from tortoise.queryset import QuerySet

from server.settings import Settings, get_settings

SQLITE_FILE = "attune.sqlite3"
# Tortoise apps: name -> models module ("push" -> "server.push.models"). One per
# feature (its manifest's `models`), each with its own migrations package
# migrations/<name>, so features change their schema independently; each migration
# names the ones it needs (accounts' first), and they apply in that order.
Apps = Mapping[str, str]


async def keep_session(connection: Any) -> None:
    """Returning a connection to the pool skips asyncpg's reset query (RESET ALL,
    UNLISTEN, CLOSE ALL, unlock advisory locks), a round trip that doubled the cost
    of every read. Attune sets no session state, listens to nothing and takes no
    advisory locks; an open transaction is still rolled back by asyncpg first."""


def tortoise_config(settings: Settings, apps: Apps) -> dict[str, Any]:
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
                "models": [models],
                "default_connection": "default",
                "migrations": f"migrations.{app}",
            }
            for app, models in apps.items()
        },
        "use_tz": True,
        "timezone": "UTC",
    }


@asynccontextmanager
async def database(settings: Settings, apps: Apps) -> AsyncIterator[None]:
    # The global fallback lets request handlers, which run in other tasks than the
    # lifespan, see the Tortoise context (Tortoise 1.x keeps it in a context
    # variable; without the fallback, handlers see none).
    await Tortoise.init(
        config=tortoise_config(settings, apps), _enable_global_fallback=True
    )
    try:
        yield
    finally:
        await Tortoise.close_connections()
        close_readers()


# The settings a migration runs under: a data migration that re-seals rows needs the
# instance's master key.
_migrating: ContextVar[Settings | None] = ContextVar("migrating", default=None)


def migration_settings() -> Settings:
    return _migrating.get() or get_settings()


async def run_migrations(
    settings: Settings, apps: Apps, target: str | None = None
) -> None:
    """Apply every migration (or up to `target`, "app.name", as tests do)."""
    from tortoise.migrations.api import migrate

    token = _migrating.set(settings)
    try:
        await migrate(config=tortoise_config(settings, apps), target=target)
    finally:
        _migrating.reset(token)
        await Tortoise.close_connections()


async def database_reachable() -> bool:
    try:
        await get_connection("default").execute_query("SELECT 1")
    except Exception:
        return False
    return True


# --- Quick reads ----------------------------------------------------------------

Row = Mapping[str, Any]
M = TypeVar("M", bound=Model)

# (database file, thread) -> a query-only connection: sqlite3 connections stay in
# the thread that made them. In WAL mode a reader never waits for the writer.
_readers: dict[tuple[str, int], sqlite3.Connection] = {}


def _reader(path: str) -> sqlite3.Connection:
    key = (path, threading.get_ident())
    connection = _readers.get(key)
    if connection is None:
        connection = sqlite3.connect(path, timeout=1.0, isolation_level=None)
        connection.execute("PRAGMA query_only = ON")
        connection.row_factory = sqlite3.Row
        _readers[key] = connection
    return connection


def close_readers() -> None:
    for key in list(_readers):
        connection = _readers.pop(key)
        # One made in a thread that has ended cannot be closed from here.
        with suppress(sqlite3.ProgrammingError):
            connection.close()


def _sqlite_value(value: Any) -> Any:
    """Parameters as the ORM stores them in SQLite: UUIDs and days as text."""
    if isinstance(value, datetime):
        # The ORM's text form of a moment is its own: compare them in Python.
        raise TypeError("moments are not compared in quick reads on SQLite")
    return str(value) if isinstance(value, UUID | date) else value


async def quick_read(sql: str, *params: Any) -> Sequence[Row]:
    """The rows of one indexed read of one person's rows, by column name.

    `sql` numbers its parameters $1, $2, ...: asyncpg's own placeholders, and named
    parameters to SQLite, so one text runs on both with nothing rewritten. On SQLite
    the read runs in this thread, on the event loop: keep it to an indexed lookup
    with a small result (a whole journal is read through the ORM, in batches).
    Inside a transaction it goes through the transaction, which sees its writes.
    """
    client = get_connection("default")
    if client.capabilities.dialect != "sqlite":  # asyncpg is asynchronous already
        _, rows = await client.execute_query(sql, list(params))
        return rows  # type: ignore[no-any-return]
    named = {str(n): _sqlite_value(p) for n, p in enumerate(params, 1)}
    path = getattr(client, "filename", ":memory:")
    if isinstance(client, TransactionalDBClient) or path == ":memory:":
        _, rows = await client.execute_query(sql, named)  # type: ignore[arg-type]
        return rows  # type: ignore[no-any-return]
    return read_sqlite_file(path, sql, named)


def read_sqlite_file(path: str, sql: str, named: dict[str, Any]) -> Sequence[Row]:
    try:
        return _reader(path).execute(sql, named).fetchall()  # type: ignore[no-any-return]
    except sqlite3.OperationalError as exc:  # locked, unopenable: a calm 503
        raise DBConnectionError(str(exc)) from exc


@cache
def table_of(model: type[Model]) -> str:
    return str(model.describe(serializable=False)["table"])


@cache
def pk_name(model: type[Model]) -> str:
    return str(model.describe(serializable=False)["pk_field"]["name"])


async def in_batches(
    query: QuerySet[M], order_by: Sequence[str], size: int = 200
) -> AsyncIterator[list[M]]:
    """The rows of a query a batch at a time, ordered by `order_by` and then the
    primary key: over an order with ties, OFFSET may hand one row to two batches
    and skip another (PostgreSQL returns ties in any order). Between batches the
    event loop serves others, so a loop over a whole journal never holds it for
    long (open each batch's sealed fields in a worker thread)."""
    pk = pk_name(query.model)
    fields = [pk if field == "pk" else field for field in order_by]
    ordered = query.order_by(*fields, *tie_breaker(fields, pk))
    offset = 0
    while True:
        batch = await ordered.offset(offset).limit(size)
        if batch:
            yield batch
        if len(batch) < size:
            return
        offset += size


def tie_breaker(order_by: Sequence[str], pk: str) -> tuple[str, ...]:
    """The primary key, in the direction of the last field (none when it is there)."""
    if any(field.lstrip("-") == pk for field in order_by):
        return ()
    return (f"-{pk}",) if order_by and order_by[-1].startswith("-") else (pk,)


@cache
def columns_of(model: type[Model]) -> tuple[str, ...]:
    """The model's columns, read from the ORM's public description of it."""
    described = model.describe(serializable=False)
    return (
        described["pk_field"]["db_column"],
        *(field["db_column"] for field in described["data_fields"]),
        *(f"{field['name']}_id" for field in described["fk_fields"]),
        *(f"{field['name']}_id" for field in described["o2o_fields"]),
    )


@cache
def _converters(model: type[Model]) -> dict[str, Callable[[Any], Any]]:
    """How SQLite's text becomes the field's value. asyncpg hands over native values
    (passed through); datetimes use the standard library's C parser, several times
    faster than the ORM's."""
    described = model.describe(serializable=False)
    by_type: dict[type, Callable[[Any], Any]] = {
        DatetimeField: datetime.fromisoformat,
        DateField: date.fromisoformat,
        UUIDField: UUID,
    }
    converters = {}
    for field in (described["pk_field"], *described["data_fields"]):
        convert = next(
            (c for kind, c in by_type.items() if issubclass(field["field_type"], kind)),
            None,
        )
        if convert is not None:
            converters[field["db_column"]] = convert
    return converters


def moment(value: Any) -> datetime | None:
    """A stored moment from a quick read's row: SQLite hands back the ORM's text,
    PostgreSQL a datetime. For reads that need a few values, not a model (a model
    costs 10 to 25 us to make)."""
    return datetime.fromisoformat(value) if isinstance(value, str) else value


def model_from_row(model: type[M], row: Row, prefix: str = "") -> M:
    """One instance from a quick read's row (columns named `prefix` + column), made
    through the ORM's public `construct`: marked as stored, so it can be saved."""
    converters = _converters(model)
    present = set(row.keys())  # sqlite3.Row: `in` looks at values, not names
    values = {}
    for column in columns_of(model):
        key = prefix + column
        if key not in present:
            continue
        value = row[key]
        convert = converters.get(column)
        if convert is not None and isinstance(value, str):
            value = convert(value)
        values[column] = value
    return model.construct(_saved_in_db=True, **values)
