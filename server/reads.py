"""Hand-written reads for the pages people open most.

Building a query through the ORM costs about 0.2-0.4 ms, and on SQLite each query
also hops to aiosqlite's thread and back (about 0.1 ms). For the small indexed reads
of the hot pages (session, progress, notes, plan items, a page of reflections) that
was most of a page's time (bench/server_floor.py), so they are plain SQL here:

- on SQLite they run on a query-only connection in the calling thread. In WAL mode a
  reader never waits for the writer, and an indexed lookup takes microseconds, less
  than the hop it replaces. Only indexed reads of one person's rows belong here: they
  block the event loop while they run (the journal's search reads them all, and
  opening their sealed fields costs far more than the read).
- on PostgreSQL they go through the ORM's own pool (asyncpg is asynchronous already).

Never read here inside a transaction: this connection does not see its writes.
SQL is written with `?` placeholders; PostgreSQL gets `$1, $2, ...`.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Mapping, Sequence
from contextlib import suppress
from datetime import date, datetime
from functools import lru_cache
from typing import Any, TypeVar
from uuid import UUID

from tortoise.connection import get_connection
from tortoise.exceptions import DBConnectionError
from tortoise.fields import DatetimeField
from tortoise.models import Model

M = TypeVar("M", bound=Model)

# (database file, thread) -> connection: sqlite3 connections stay in their thread.
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


def close_readers(path: str) -> None:
    """Close this database's read connections (at shutdown, from any thread)."""
    for key in [key for key in _readers if key[0] == path]:
        connection = _readers.pop(key)
        # One made in a thread that has ended cannot be closed from here.
        with suppress(sqlite3.ProgrammingError):
            connection.close()


def _sqlite_param(value: Any) -> Any:
    """Values as the ORM stores them in SQLite (UUIDs and dates as text)."""
    if isinstance(value, datetime):
        # The ORM's text form of a datetime is its own: compare in Python instead.
        raise TypeError("datetimes are not compared in hand-written SQLite reads")
    if isinstance(value, UUID | date):
        return str(value)
    return value


@lru_cache(maxsize=256)
def _numbered(sql: str) -> str:
    parts = sql.split("?")
    return parts[0] + "".join(f"${n}{part}" for n, part in enumerate(parts[1:], 1))


async def fetch(sql: str, *params: Any) -> Sequence[Mapping[str, Any]]:
    """Rows as mappings of column name to the driver's value."""
    connection = get_connection("default")
    path = getattr(connection, "filename", None)
    if path is not None and path != ":memory:":
        try:
            cursor = _reader(path).execute(sql, [_sqlite_param(p) for p in params])
            return cursor.fetchall()  # type: ignore[no-any-return]
        except sqlite3.OperationalError as exc:  # locked, unopenable: answer 503
            raise DBConnectionError(str(exc)) from exc
    _, rows = await connection.execute_query(_numbered(sql), list(params))
    return rows  # type: ignore[no-any-return]


@lru_cache(maxsize=64)
def _datetime_columns(model: type[Model]) -> frozenset[str]:
    return frozenset(
        name
        for name, field in model._meta.fields_map.items()
        if isinstance(field, DatetimeField)
    )


def model_from_row(model: type[M], row: Mapping[str, Any]) -> M:
    """One instance from a row of `fetch`. SQLite hands datetimes over as ISO text;
    they are parsed here with the standard library's C parser, several times faster
    than the ORM's pure-Python one (the ORM then only sets the time zone)."""
    values = dict(row)
    for name in _datetime_columns(model) & values.keys():
        if isinstance(text := values[name], str):
            values[name] = datetime.fromisoformat(text)
    return model._init_from_db(**values)


async def fetch_models(model: type[M], sql: str, *params: Any) -> list[M]:
    """Rows as model instances (only the selected columns are set)."""
    return [model_from_row(model, row) for row in await fetch(sql, *params)]


async def fetch_value(sql: str, *params: Any) -> Any:
    rows = await fetch(sql, *params)
    return rows[0][0] if rows else None  # type: ignore[index]  # rows index by position too
