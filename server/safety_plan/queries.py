"""The plan's reads that /plan, the crisis sequence and the home page make, as plain
SQL (quick reads, see server/db.py)."""

from __future__ import annotations

from uuid import UUID

from server.db import model_from_row, quick_read
from server.safety_plan.models import Plan, PlanItem


async def items(user_id: UUID) -> list[PlanItem]:
    """Every entry of the person's plan, in plan order: only what is shown."""
    rows = await quick_read(
        "SELECT id, card, text, phone, note, source FROM safety_plan_items"
        " WHERE user_id = $1 ORDER BY card, position, created_at",
        user_id,
    )
    return [model_from_row(PlanItem, row) for row in rows]


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
