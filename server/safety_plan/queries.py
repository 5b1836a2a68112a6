"""The plan's reads that /plan, the crisis sequence and the home page make, as plain
SQL (quick reads, see server/db.py)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from server.db import Row, moment, quick_read


async def items(user_id: UUID) -> Sequence[Row]:
    """Every entry of the person's plan, in plan order: only what is shown. Rows,
    not models: their sealed columns are opened straight from the row."""
    return await quick_read(
        "SELECT id, card, text, phone, note, source FROM safety_plan_items"
        " WHERE user_id = $1 ORDER BY card, position, created_at",
        user_id,
    )


async def card_texts(user_id: UUID, card: str) -> Sequence[Row]:
    """The id and sealed words of each entry on one card."""
    return await quick_read(
        "SELECT id, text FROM safety_plan_items WHERE user_id = $1 AND card = $2",
        user_id,
        card,
    )


@dataclass(frozen=True, slots=True)
class PlanTimes:
    """When the plan was made, last looked at and last put off, and whether it has
    any entry: what the review note decides on, never what the person wrote."""

    id: UUID
    created_at: datetime
    viewed_at: datetime | None
    review_dismissed_at: datetime | None
    has_items: bool


async def plan_times(user_id: UUID) -> PlanTimes | None:
    rows = await quick_read(
        "SELECT id, created_at, viewed_at, review_dismissed_at,"
        " EXISTS (SELECT 1 FROM safety_plan_items WHERE user_id = $1) AS has_items"
        " FROM safety_plans WHERE user_id = $1",
        user_id,
    )
    if not rows:
        return None
    row = rows[0]
    created_at = moment(row["created_at"])
    assert created_at is not None  # NOT NULL
    return PlanTimes(
        id=UUID(str(row["id"])),
        created_at=created_at,
        viewed_at=moment(row["viewed_at"]),
        review_dismissed_at=moment(row["review_dismissed_at"]),
        has_items=bool(row["has_items"]),
    )
