"""Lesson progress, saved lessons and notes, read back from an export
(server/restore.py). Lessons are found by their slug, the same in every language and
on every Attune; one this Attune does not have is left out and said so. What is
here already wins: a lesson done here keeps its day, a note written here is kept.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import msgspec

from server.lessons.forms import NoteForm
from server.lessons.models import Lesson, LessonNote, LessonProgress
from server.restore import Restoring, number, problem_in, restores
from server.web.i18n import _, _l, ngettext


class ProgressRow(msgspec.Struct):
    lesson: str
    done_at: datetime | None = None
    saved_at: datetime | None = None
    # The lesson's title in the language of the export: read by people, not here.
    lesson_title: str = ""


class NoteRow(msgspec.Struct):
    lesson: str
    note: str
    written_at: datetime | None = None
    updated_at: datetime | None = None
    lesson_title: str = ""


async def _lessons(rows: list[Any], context: Restoring) -> dict[str, Lesson]:
    slugs = {row.lesson for row in rows}
    found = {
        lesson.slug: lesson for lesson in await Lesson.filter(slug__in=list(slugs))
    }
    if slugs - found.keys():
        context.notes.add("lessons-unknown")
    return found


def _first_per_lesson(rows: list[Any]) -> list[Any]:
    first: dict[str, Any] = {}
    for row in rows:
        first.setdefault(row.lesson, row)
    return list(first.values())


def check_progress(rows: list[Any]) -> list[Any]:
    return [row for row in _first_per_lesson(rows) if row.done_at or row.saved_at]


def _counted_progress(n: int) -> str:
    return ngettext(
        "%(num)s lesson done or saved", "%(num)s lessons done or saved", n
    ) % {"num": number(n)}


UNKNOWN_LESSONS = _l(
    "Some lessons in the file are not in this Attune's program; what you did with "
    "them was left out."
)


@restores(
    "lesson_progress",
    ProgressRow,
    check=check_progress,
    counted=_counted_progress,
    notes={"lessons-unknown": UNKNOWN_LESSONS},
    rank=30,
)
async def restore_progress(context: Restoring, rows: list[Any]) -> int:
    lessons = await _lessons(rows, context)
    here = {
        row.lesson_id: row  # type: ignore[attr-defined]
        for row in await LessonProgress.filter(user_id=context.user.pk)
    }
    made, changed = [], 0
    for row in rows:
        lesson = lessons.get(row.lesson)
        if lesson is None:
            continue
        found = here.get(lesson.id)
        if found is None:
            made.append(
                LessonProgress(
                    user_id=context.user.pk,
                    lesson_id=lesson.id,
                    lesson_slug=lesson.slug,
                    done_at=row.done_at,
                    saved_at=row.saved_at,
                )
            )
            continue
        fill = {
            name: getattr(row, name)
            for name in ("done_at", "saved_at")
            if getattr(found, name) is None and getattr(row, name) is not None
        }
        if fill:
            await LessonProgress.filter(id=found.id).update(**fill)
            changed += 1
    if made:
        await LessonProgress.bulk_create(made)
    return len(made) + changed


def check_notes(rows: list[Any]) -> list[Any]:
    checked = []
    for row in _first_per_lesson(rows):
        form = NoteForm({"text": row.note})
        if not form.is_valid():
            where = _("your note on “%(lesson)s”") % {
                "lesson": row.lesson_title or row.lesson
            }
            raise problem_in(where, next(iter(form.errors.values())))
        checked.append(msgspec.structs.replace(row, note=form.cleaned["text"]))
    return checked


@restores(
    "lesson_notes",
    NoteRow,
    check=check_notes,
    notes={
        "lessons-unknown": UNKNOWN_LESSONS,
        "notes-kept": _l(
            "Where you had already written a note on a lesson here, that note was kept."
        ),
    },
    counted=lambda n: (
        ngettext("%(num)s lesson note", "%(num)s lesson notes", n) % {"num": number(n)}
    ),
    rank=31,
)
async def restore_notes(context: Restoring, rows: list[Any]) -> int:
    lessons = await _lessons(rows, context)
    here = {
        note.lesson_id: note  # type: ignore[attr-defined]
        for note in await LessonNote.filter(user_id=context.user.pk)
    }
    made = []
    for row in rows:
        lesson = lessons.get(row.lesson)
        if lesson is None:
            continue
        found = here.get(lesson.id)
        if found is not None:
            if found.open(context.cipher, "text") != row.note:
                context.notes.add("notes-kept")
            continue
        note = LessonNote(
            id=uuid.uuid4(),
            user_id=context.user.pk,
            lesson_id=lesson.id,
            lesson_slug=lesson.slug,
            created_at=row.written_at or context.now,
        )
        note.seal(context.cipher, "text", row.note)
        made.append(note)
    if made:
        await LessonNote.bulk_create(made)
    return len(made)
