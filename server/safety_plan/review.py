"""Looking the plan over: when it was last seen, and the home page's gentle note
that it may be time to look again. Only dates are used, never what was written."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

from server.safety_plan import queries
from server.safety_plan.models import Plan
from server.web.clock import utcnow

REVIEW_AFTER = timedelta(days=30)


# The review note counts days, so a view is recorded at most once an hour: most
# views of /plan then cost one read and no write.
VIEW_RESOLUTION = timedelta(hours=1)


async def mark_viewed(user_id: UUID, now: datetime | None = None) -> None:
    now = now or utcnow()
    plan = await queries.plan_times(user_id)
    if plan is None:
        await Plan.get_or_create(user_id=user_id, defaults={"viewed_at": now})
    elif plan.viewed_at is None or now - plan.viewed_at >= VIEW_RESOLUTION:
        await Plan.filter(pk=plan.id).update(viewed_at=now)


async def dismiss_review(user_id: UUID, now: datetime | None = None) -> None:
    plan, _ = await Plan.get_or_create(user_id=user_id)
    plan.review_dismissed_at = now or utcnow()
    await plan.save(update_fields=["review_dismissed_at"])


async def review_due(user_id: UUID, now: datetime | None = None) -> bool:
    """Only time is used: when it was last looked at and when "Not now" was said.
    Never anything from what the person wrote."""
    now = now or utcnow()
    plan = await queries.plan_times(user_id)
    if plan is None or not plan.has_items:
        return False
    last_look = max(d for d in (plan.created_at, plan.viewed_at) if d is not None)
    if now - last_look < REVIEW_AFTER:
        return False
    return not (
        plan.review_dismissed_at and now - plan.review_dismissed_at < REVIEW_AFTER
    )
