"""The journal's first pages, as plain SQL (quick reads, see server/db.py): the
count and one page of cards, newest first, through the person's index. Searching
and the sealed filters read through the ORM instead (server/reflections/service.py)."""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple
from uuid import UUID

from server.db import quick_read


class CardRow(NamedTuple):
    """What a card is made from: the entry, its day and its sealed summary."""

    id: UUID
    occurred_on: date
    summary: str


def _where(date_from: date | None, date_to: date | None) -> tuple[str, list[Any]]:
    where, params = "user_id = $1", []
    if date_from:
        params.append(date_from)
        where += f" AND occurred_on >= ${len(params) + 1}"
    if date_to:
        params.append(date_to)
        where += f" AND occurred_on <= ${len(params) + 1}"
    return where, params


async def count(user_id: UUID, date_from: date | None, date_to: date | None) -> int:
    where, params = _where(date_from, date_to)
    rows = await quick_read(
        f"SELECT count(*) AS total FROM reflections WHERE {where}", user_id, *params
    )
    return int(rows[0]["total"])


async def page_of_cards(
    user_id: UUID, date_from: date | None, date_to: date | None, limit: int, offset: int
) -> list[CardRow]:
    """Only what a card needs: the day and the sealed summary."""
    where, params = _where(date_from, date_to)
    n = len(params) + 2
    rows = await quick_read(
        f"SELECT id, occurred_on, summary FROM reflections WHERE {where}"
        f" ORDER BY occurred_on DESC, created_at DESC, id DESC LIMIT ${n} OFFSET ${n + 1}",
        user_id,
        *params,
        limit,
        offset,
    )
    # SQLite hands ids and days over as text; asyncpg as values.
    return [
        CardRow(
            row["id"] if isinstance(row["id"], UUID) else UUID(row["id"]),
            row["occurred_on"]
            if isinstance(row["occurred_on"], date)
            else date.fromisoformat(row["occurred_on"]),
            row["summary"],
        )
        for row in rows
    ]
