"""Count the SQL a request runs: through the ORM's client, and the quick reads that
SQLite runs on their own connection (server/db.py)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from tortoise.context import get_current_context

from server import db


@contextmanager
def recorded_queries(through_client_only: bool = False) -> Iterator[list[str]]:
    """Every query, or only those through the ORM's client (on SQLite each is a hop
    to aiosqlite's thread and back)."""
    context = get_current_context()
    assert context is not None
    client_class = type(context.db())
    queries: list[str] = []
    originals: dict[str, Any] = {
        name: getattr(client_class, name)
        for name in ("execute_query", "execute_query_dict")
    }

    def on_client(method: Any) -> Any:
        def run(self: Any, sql: str, *args: Any, **kwargs: Any) -> Any:
            queries.append(sql)
            return method(self, sql, *args, **kwargs)

        return run

    read_file = db.read_sqlite_file

    def on_file(path: str, sql: str, named: Any) -> Any:
        if not through_client_only:
            queries.append(sql)
        return read_file(path, sql, named)

    try:
        for name, original in originals.items():
            setattr(client_class, name, on_client(original))
        db.read_sqlite_file = on_file  # type: ignore[assignment]
        yield queries
    finally:
        for name, original in originals.items():
            setattr(client_class, name, original)
        db.read_sqlite_file = read_file  # type: ignore[assignment]
