"""Count the SQL a request runs, through the ORM and the fast read path alike."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from tortoise.context import get_current_context

from server import reads


@contextmanager
def recorded_queries() -> Iterator[list[str]]:
    context = get_current_context()
    assert context is not None
    client_class = type(context.db())
    queries: list[str] = []
    in_reads = [False]  # reads.fetch on PostgreSQL goes through the client: count once
    originals: dict[tuple[Any, str], Any] = {
        (client_class, name): getattr(client_class, name)
        for name in ("execute_query", "execute_query_dict")
    }
    originals[(reads, "fetch")] = reads.fetch

    def on_client(method: Any) -> Any:
        def run(self: Any, sql: str, *args: Any, **kwargs: Any) -> Any:
            if not in_reads[0]:
                queries.append(sql)
            return method(self, sql, *args, **kwargs)

        return run

    async def on_reads(sql: str, *params: Any) -> Any:
        queries.append(sql)
        in_reads[0] = True
        try:
            return await originals[(reads, "fetch")](sql, *params)
        finally:
            in_reads[0] = False

    try:
        for name in ("execute_query", "execute_query_dict"):
            setattr(client_class, name, on_client(originals[(client_class, name)]))
        reads.fetch = on_reads  # type: ignore[assignment]
        yield queries
    finally:
        for (owner, name), original in originals.items():
            setattr(owner, name, original)
