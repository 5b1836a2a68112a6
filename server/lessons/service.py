"""What lessons do: the cached program, today's lesson, done/saved, private notes."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from litestar.exceptions import NotFoundException
from tortoise.context import get_current_context
from tortoise.exceptions import IntegrityError

from server.lessons import queries, schedule
from server.lessons.models import Lesson, LessonNote, LessonProgress
from server.lessons.queries import Progress
from server.web.clock import utcnow
from server.web.i18n import _, current_language

if TYPE_CHECKING:
    from server.accounts.models import User
    from server.crypto import FieldCipher

# Lessons change only when `attune load-lessons` runs. A load in this process clears
# the cache at once; a load from another process is seen within this many seconds.
CACHE_SECONDS = 60.0


@dataclass
class Catalog:
    """Every lesson row, read once: the active program by day, and all rows by slug."""

    program: list[Lesson]
    by_slug: dict[str, Lesson]
    days: list[int] = field(init=False)
    by_day: dict[int, Lesson] = field(init=False)

    def __post_init__(self) -> None:
        self.days = [lesson.day for lesson in self.program]
        self.by_day = {lesson.day: lesson for lesson in self.program}

    def modules(self) -> list[tuple[int, str, list[Lesson]]]:
        grouped: dict[int, tuple[str, list[Lesson]]] = {}
        for lesson in self.program:
            grouped.setdefault(lesson.module, (lesson.module_title, []))[1].append(
                lesson
            )
        return [(number, title, items) for number, (title, items) in grouped.items()]


@dataclass
class _CacheEntry:
    context: Any
    read_at: float
    rows: list[Lesson]
    by_language: dict[str, Catalog] = field(default_factory=dict)

    def catalog(self, language: str) -> Catalog:
        found = self.by_language.get(language)
        if found is None:
            rows = [row.in_language(language) for row in self.rows]
            found = self.by_language[language] = Catalog(
                program=[row for row in rows if not row.retired],
                by_slug={row.slug: row for row in rows},
            )
        return found


_cache: _CacheEntry | None = None


def forget_cached_lessons() -> None:
    global _cache
    _cache = None


async def catalog() -> Catalog:
    """The lessons in the reader's language, cached per database context for
    CACHE_SECONDS."""
    global _cache
    context = get_current_context()
    now = time.monotonic()
    entry = _cache
    if (
        entry is not None
        and entry.context is context
        and now - entry.read_at < CACHE_SECONDS
    ):
        return entry.catalog(current_language())
    entry = _cache = _CacheEntry(context, now, await Lesson.all().order_by("day"))
    return entry.catalog(current_language())


async def get_lesson(slug: str) -> Lesson:
    lesson = (await catalog()).by_slug.get(slug)
    if lesson is None:
        raise NotFoundException(_("There is no lesson at this address."))
    return lesson


async def progress_for(user: User | None) -> dict[int, Progress]:
    """lesson id -> this person's progress row (one query; none for visitors)."""
    if user is None:
        return {}
    rows = await queries.progress_rows(user.pk)
    return {row.lesson_id: row for row in rows}


def done_by_day(found: Catalog, progress: dict[int, Progress]) -> dict[int, datetime]:
    done: dict[int, datetime] = {}
    for lesson in found.program:
        row = progress.get(lesson.id)
        if row is not None and row.done_at is not None:
            done[lesson.day] = row.done_at
    return done


@dataclass(frozen=True)
class Today:
    """Today's lesson for someone, and what the card says around it."""

    lesson: Lesson
    finished_today: bool
    complete: bool
    read_ahead: Lesson | None


def today_for(
    user: User | None,
    found: Catalog,
    progress: dict[int, Progress],
    now: datetime,
) -> Today | None:
    done = done_by_day(found, progress)
    timezone = user.timezone if user else "UTC"
    day = schedule.todays_day(found.days, done, timezone=timezone, now=now)
    if day is None:
        return None
    following = schedule.next_day_after(found.days, done, day)
    return Today(
        lesson=found.by_day[day],
        finished_today=day in done,
        complete=schedule.is_complete(found.days, done),
        read_ahead=found.by_day[following] if following else None,
    )


async def todays_lesson(user: User | None, now: datetime | None = None) -> Today | None:
    found = await catalog()
    return today_for(user, found, await progress_for(user), now or utcnow())


async def _progress_row(user: User, lesson: Lesson) -> LessonProgress:
    try:
        row, _created = await LessonProgress.get_or_create(
            user_id=user.pk, lesson_id=lesson.id, defaults={"lesson_slug": lesson.slug}
        )
    except IntegrityError:  # two taps at once: the other request made the row
        row = await LessonProgress.get(user_id=user.pk, lesson_id=lesson.id)
    return row


async def set_mark(
    user: User, lesson: Lesson, field: str, on: bool, now: datetime | None = None
) -> LessonProgress:
    """Set `done_at` or `saved_at`, keeping the first time it was set; idempotent."""
    row = await _progress_row(user, lesson)
    if on and getattr(row, field) is None:
        setattr(row, field, now or utcnow())
    elif not on:
        setattr(row, field, None)
    await row.save(update_fields=[field])
    return row


async def saved_lessons(user: User) -> list[tuple[Lesson, LessonProgress]]:
    """Saved cards, most recently saved first."""
    found = await catalog()
    by_id = {lesson.id: lesson for lesson in found.by_slug.values()}
    rows = await LessonProgress.filter(user_id=user.pk, saved_at__isnull=False)
    pairs = [(by_id[row.lesson_id], row) for row in rows if row.lesson_id in by_id]  # type: ignore[attr-defined]
    pairs.sort(key=lambda pair: pair[1].saved_at or utcnow(), reverse=True)
    return pairs


async def note_for(user: User | None, lesson: Lesson) -> LessonNote | None:
    """This person's note on this lesson; only ever looked up by its owner."""
    if user is None:
        return None
    return await queries.note(user.pk, lesson.id)


async def write_note(
    user: User, cipher: FieldCipher, lesson: Lesson, text: str
) -> LessonNote:
    note = await note_for(user, lesson)
    if note is None:
        note = LessonNote(
            id=uuid.uuid4(),
            user_id=user.pk,
            lesson_id=lesson.id,
            lesson_slug=lesson.slug,
        )
        note.seal(cipher, "text", text)
        try:
            await note.save(force_create=True)
        except IntegrityError:  # written at the same moment elsewhere: update that one
            note = await LessonNote.get(user_id=user.pk, lesson_id=lesson.id)
        else:
            return note
    note.seal(cipher, "text", text)
    await note.save(update_fields=["text", "updated_at"])
    return note


async def delete_note(user: User, lesson: Lesson) -> None:
    await LessonNote.filter(user_id=user.pk, lesson_id=lesson.id).delete()
