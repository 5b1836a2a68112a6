"""The lesson pages' reads of one person's rows, as plain SQL (quick reads, see
server/db.py): every lesson page and the home page make them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from server.db import columns_of, model_from_row, moment, quick_read
from server.lessons.models import LessonNote


@dataclass(frozen=True, slots=True)
class Progress:
    """What the pages show of one lesson's progress. Plain values, not a model: a
    person a month in has 30 rows, read on every lesson page and the home page, and
    a model costs about 11 us each to make."""

    lesson_id: int
    done_at: datetime | None
    saved_at: datetime | None


_PROGRESS = (
    "SELECT lesson_id, done_at, saved_at FROM lesson_progress WHERE user_id = $1"
)
_NOTE = (
    f"SELECT {', '.join(columns_of(LessonNote))} FROM lesson_notes"
    " WHERE user_id = $1 AND lesson_id = $2"
)


async def progress_rows(user_id: UUID) -> list[Progress]:
    return [
        Progress(row["lesson_id"], moment(row["done_at"]), moment(row["saved_at"]))
        for row in await quick_read(_PROGRESS, user_id)
    ]


async def note(user_id: UUID, lesson_id: int) -> LessonNote | None:
    rows = await quick_read(_NOTE, user_id, lesson_id)
    return model_from_row(LessonNote, rows[0]) if rows else None
