"""The daily lessons as the app sees them (server/feature.py)."""

from __future__ import annotations

from server.feature import Feature
from server.lessons import restore, routes
from server.lessons.models import LessonNote, LessonProgress
from server.privacy import PersonalData
from server.web.i18n import _l

FEATURE = Feature(
    name="lessons",
    routes=routes.ROUTES,
    flash_messages=routes.FLASH_MESSAGES,
    field_labels={
        "lesson_progress": _l("Lesson progress"),
        "lesson_notes": _l("Lesson notes"),
        "lesson_title": _l("Lesson title"),
        "lesson": _l("Lesson"),
        "done_at": _l("Done at"),
        "saved_at": _l("Saved at"),
        "written_at": _l("Written at"),
    },
    models="server.lessons.models",
    personal_data=(
        PersonalData(LessonProgress, "lesson_progress", order_by=("lesson_slug",)),
        PersonalData(LessonNote, "lesson_notes", order_by=("lesson_slug",)),
    ),
    importers=(restore.restore_progress, restore.restore_notes),
    sections={"lessons": "lessons", "saved": "lessons"},
    form_controls=frozenset({"next", "value"}),
)
