"""Lessons (content rows, loaded from Markdown) and what each person does with them."""

from __future__ import annotations

import copy
import re
import uuid
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

from server.crypto import FieldCipher
from server.sealed import Sealed

if TYPE_CHECKING:
    from server.accounts.models import User

_MENTIONS_THERAPY = re.compile(r"\btherap(?:y|ies|ist|ists)\b", re.I)
_TAG = re.compile(r"<[^>]+>")
# A careful pace for reading on a phone, a little under the adult average for
# silent reading (about 240 words a minute, Brysbaert 2019), rounded up.
READING_WORDS_PER_MINUTE = 200


# Counted once per text: the home page and every lesson list ask on each request
# (a regular expression over the whole body, about 20 us a lesson).
@lru_cache(maxsize=256)
def reading_minutes(key_idea: str, body_html: str, prompt: str) -> int:
    text = " ".join((key_idea, _TAG.sub(" ", body_html), prompt))
    return max(1, -(-len(text.split()) // READING_WORDS_PER_MINUTE))


TRANSLATED_FIELDS = (
    "title", "key_idea", "body_html", "practice", "prompt", "coping_step",
)  # fmt: skip


class Lesson(Model):
    """One card of the program. Not personal: the same for everyone.

    A lesson whose file was removed is kept (people's progress points at it) but
    retired: hidden from the program and the schedule, its day set to -id so the
    day number is free for another file.
    """

    id = fields.IntField(primary_key=True)
    slug = fields.CharField(max_length=80, unique=True)
    day = fields.IntField(unique=True)
    module = fields.SmallIntField()
    module_title = fields.CharField(max_length=100)
    title = fields.CharField(max_length=200)
    key_idea = fields.TextField()
    # Rendered from the file's Markdown with raw HTML escaped (loader.render_body).
    body_html = fields.TextField()
    practice: Any = fields.JSONField(default=list)
    prompt = fields.TextField()
    minutes = fields.SmallIntField()
    references: Any = fields.JSONField(default=list)
    gentle_note = fields.BooleanField(default=False)
    # The practice as one short line for the safety plan; empty when the practice
    # is not a calming one (it may stir memories), so it is never offered there.
    coping_step = fields.TextField(default="")
    # The lesson in other languages, by language code: the fields of
    # TRANSLATED_FIELDS from content/<language>/<same file>.md. Same slug and day,
    # so progress, saved cards and "today" carry over when someone switches.
    translations: Any = fields.JSONField(default=dict)
    content_hash = fields.CharField(max_length=64)
    retired = fields.BooleanField(default=False)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "lessons"
        ordering = ["day"]

    def in_language(self, language: str) -> Lesson:
        """A read-only copy that reads in `language`, or this row when the lesson
        has no such translation (English is the source). Never saved."""
        text = self.translations.get(language)
        if not text:
            return self
        localized = copy.copy(self)
        for name in TRANSLATED_FIELDS:
            setattr(localized, name, text[name])
        return localized

    def __str__(self) -> str:
        return self.slug

    @property
    def url(self) -> str:
        return f"/lessons/{self.slug}"

    @property
    def mentions_therapy(self) -> bool:
        return bool(_MENTIONS_THERAPY.search(self.body_html))

    @property
    def read_minutes(self) -> int:
        """Minutes to read the key idea, the body and the prompt, rounded up; the
        practice has its own `minutes`, so the card can say both truthfully."""
        return reading_minutes(self.key_idea, self.body_html, self.prompt)

    @property
    def practice_seconds(self) -> int:
        return int(self.minutes) * 60

    @property
    def calming(self) -> bool:
        """A calming practice that suits a hard moment (front matter `calming`)."""
        return bool(self.coping_step)

    def as_coping_step(self) -> str | None:
        """The practice as one line for the safety plan's "things I can do" card,
        or None when it is not a calming one."""
        return self.coping_step or None


@lru_cache(maxsize=1)
def _titles() -> dict[str, str]:
    from server.lessons.parsing import load_lesson_files

    return {lesson.slug: lesson.title for lesson in load_lesson_files()}


def lesson_title(slug: str) -> str:
    """What a person reads in their export, instead of the lesson's internal name."""
    return _titles().get(slug, slug)


class LessonProgress(Model):
    """Whether a person has finished or saved a lesson (one row per person and lesson)."""

    id = fields.UUIDField(primary_key=True, default=uuid.uuid4)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "accounts.User", related_name="lesson_progress", on_delete=fields.CASCADE
    )
    lesson: fields.ForeignKeyRelation[Lesson] = fields.ForeignKeyField(
        "lessons.Lesson", related_name="progress", on_delete=fields.RESTRICT
    )
    # Kept beside the key so the export names the lesson without another query.
    lesson_slug = fields.CharField(max_length=80)
    done_at = fields.DatetimeField(null=True)
    saved_at = fields.DatetimeField(null=True)

    class Meta:
        table = "lesson_progress"
        unique_together = (("user", "lesson"),)

    def export_dict(self, cipher: FieldCipher) -> dict[str, Any]:
        return {
            "lesson_title": lesson_title(self.lesson_slug),
            "lesson": self.lesson_slug,
            "done_at": self.done_at.isoformat() if self.done_at else None,
            "saved_at": self.saved_at.isoformat() if self.saved_at else None,
        }


class LessonNote(Sealed, Model):
    """A person's private answer to a lesson's reflection prompt (encrypted)."""

    id = fields.UUIDField(primary_key=True, default=uuid.uuid4)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "accounts.User", related_name="lesson_notes", on_delete=fields.CASCADE
    )
    lesson: fields.ForeignKeyRelation[Lesson] = fields.ForeignKeyField(
        "lessons.Lesson", related_name="notes", on_delete=fields.RESTRICT
    )
    lesson_slug = fields.CharField(max_length=80)
    text = fields.TextField()
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "lesson_notes"
        unique_together = (("user", "lesson"),)

    def export_dict(self, cipher: FieldCipher) -> dict[str, Any]:
        return {
            "lesson_title": lesson_title(self.lesson_slug),
            "lesson": self.lesson_slug,
            "note": self.open(cipher, "text"),
            "written_at": self.created_at.isoformat(),
            "updated_at": self.updated_at.isoformat(),
        }
