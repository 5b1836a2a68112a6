"""What other features may ask of lessons."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from server.accounts.models import User
from server.lessons import service


@dataclass(frozen=True)
class LessonSummary:
    """Today's lesson, as the home page shows it."""

    day: int
    title: str
    key_idea: str
    read_minutes: int
    minutes: int  # the practice
    slug: str
    url: str
    finished_today: bool


async def todays_lesson_summary(
    user: User | None, now: datetime | None = None
) -> LessonSummary | None:
    """An object with day, title, key_idea and the minutes for the home page, or None
    when no lessons are loaded."""
    today = await service.todays_lesson(user, now)
    if today is None:
        return None
    lesson = today.lesson
    return LessonSummary(
        day=lesson.day,
        title=lesson.title,
        key_idea=lesson.key_idea,
        read_minutes=lesson.read_minutes,
        minutes=lesson.minutes,
        slug=lesson.slug,
        url=lesson.url,
        finished_today=today.finished_today,
    )
