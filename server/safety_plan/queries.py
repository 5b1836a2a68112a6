"""The plan's reads that /plan, the crisis sequence and the home page make, as plain
SQL (quick reads, see server/db.py)."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from server.db import Row, model_from_row, quick_read
from server.safety_plan.models import Plan


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


async def plan_times(user_id: UUID) -> tuple[Plan, bool] | None:
    """When the plan was made, last looked at and last put off, and whether it has
    any entry: what the review note decides on, never what the person wrote."""
    rows = await quick_read(
        "SELECT id, created_at, viewed_at, review_dismissed_at,"
        " EXISTS (SELECT 1 FROM safety_plan_items WHERE user_id = $1) AS has_items"
        " FROM safety_plans WHERE user_id = $1",
        user_id,
    )
    if not rows:
        return None
    return model_from_row(Plan, rows[0]), bool(rows[0]["has_items"])
