"""The lesson pages' reads of one person's rows, as plain SQL (quick reads, see
server/db.py): every lesson page and the home page make them."""

from __future__ import annotations

from uuid import UUID

from server.db import columns_of, model_from_row, quick_read
from server.lessons.models import LessonNote, LessonProgress

_PROGRESS = (
    f"SELECT {', '.join(columns_of(LessonProgress))} FROM lesson_progress"
    " WHERE user_id = $1"
)
_NOTE = (
    f"SELECT {', '.join(columns_of(LessonNote))} FROM lesson_notes"
    " WHERE user_id = $1 AND lesson_id = $2"
)


async def progress_rows(user_id: UUID) -> list[LessonProgress]:
    return [
        model_from_row(LessonProgress, row)
        for row in await quick_read(_PROGRESS, user_id)
    ]


async def note(user_id: UUID, lesson_id: int) -> LessonNote | None:
    rows = await quick_read(_NOTE, user_id, lesson_id)
    return model_from_row(LessonNote, rows[0]) if rows else None
