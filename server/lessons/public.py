"""What other features may ask of lessons."""

from __future__ import annotations

from typing import Any

from server.accounts.models import User


async def todays_lesson_summary(user: User | None) -> Any | None:
    """An object with day, title, key_idea and minutes for the home page, or None."""
    return None
