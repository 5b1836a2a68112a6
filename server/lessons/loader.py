"""`attune load-lessons`: import the Markdown lessons into the database, idempotently.

Every file is parsed and rendered first; one bad file raises LessonFileError (naming
the file and the field) before anything is written. Then one transaction upserts by
slug: an unchanged content_hash leaves the row alone, a changed one updates it. A
lesson whose file is gone is reported and retired (hidden from the program), never
deleted, so nobody's progress or notes disappear.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import markdown
from tortoise.transactions import in_transaction

from server.lessons import service
from server.lessons.models import Lesson
from server.lessons.parsing import (
    CONTENT_DIR,
    LessonFile,
    LessonFileError,
    load_lesson_files,
)
from server.web.i18n import SOURCE_LANGUAGE, languages

_LINK = re.compile(r"""\s(?:href|src)="([^"]*)\"""")
_SAFE_LINK = re.compile(r"^(?:/(?!/)|#|https://)")


def render_body(lesson: LessonFile) -> str:
    """Markdown to HTML with no raw HTML: every "<" in the source is escaped first,
    and links may only point at this site or at https pages."""
    source = lesson.body_markdown.replace("<", "&lt;")
    html = markdown.markdown(source, output_format="html")
    for url in _LINK.findall(html):
        if not _SAFE_LINK.match(url):
            raise LessonFileError(
                lesson.source_name,
                "body",
                f"link '{url}' must start with / or https://",
            )
    return html


def _row_values(lesson: LessonFile, body_html: str) -> dict[str, Any]:
    return {
        "day": lesson.day,
        "module": lesson.module,
        "module_title": lesson.module_title,
        "title": lesson.title,
        "key_idea": lesson.key_idea,
        "body_html": body_html,
        "practice": list(lesson.practice),
        "prompt": lesson.prompt,
        "minutes": lesson.minutes,
        "references": list(lesson.references),
        "gentle_note": lesson.gentle_note,
        "coping_step": lesson.coping_step,
        "content_hash": lesson.content_hash,
        "retired": False,
    }


@dataclass
class LoadReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    # Retired by this run: their file is gone.
    removed: list[str] = field(default_factory=list)
    # Retired by an earlier run and still without a file.
    still_retired: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def summary(self) -> str:
        text = (
            f"{len(self.added)} added, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged"
        )
        if self.removed:
            text += (
                f"; {len(self.removed)} removed (file gone: "
                f"{', '.join(self.removed)}; hidden from the program, "
                "people's progress kept)"
            )
        if self.still_retired:
            text += (
                f"; {len(self.still_retired)} still without a file: "
                f"{', '.join(self.still_retired)}"
            )
        return text


def load_translations(
    directory: Path, english: list[LessonFile]
) -> dict[str, dict[str, dict[str, Any]]]:
    """slug -> language -> the translated fields, from directory/<language>/ for
    each language the app speaks. A translation is the English lesson of the same
    slug (tests/unit/test_lessons_es.py keeps days and modules in step), so
    progress, saved cards and "today" carry over between languages."""
    by_slug = {lesson.slug for lesson in english}
    found: dict[str, dict[str, dict[str, Any]]] = {}
    for language in languages():
        folder = directory / language
        if language == SOURCE_LANGUAGE or not folder.is_dir():
            continue
        for lesson in load_lesson_files(folder):
            if lesson.slug not in by_slug:
                continue  # its English lesson was retired; the translation waits
            found.setdefault(lesson.slug, {})[language] = {
                "title": lesson.title,
                "key_idea": lesson.key_idea,
                "body_html": render_body(lesson),
                "practice": list(lesson.practice),
                "prompt": lesson.prompt,
                "coping_step": lesson.coping_step,
                "content_hash": lesson.content_hash,
            }
    return found


def combined_hash(lesson: LessonFile, translations: dict[str, dict[str, Any]]) -> str:
    """Changes when the lesson or any of its translations changes."""
    if not translations:
        return lesson.content_hash
    parts = [lesson.content_hash] + [
        f"{language}:{text['content_hash']}"
        for language, text in sorted(translations.items())
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


async def load_lessons(directory: Path = CONTENT_DIR) -> LoadReport:
    files = load_lesson_files(directory)  # raises before any write
    translations = load_translations(directory, files)
    rendered = [
        (lesson, render_body(lesson), translations.get(lesson.slug, {}))
        for lesson in files
    ]
    hashes = {lesson.slug: combined_hash(lesson, text) for lesson, _, text in rendered}
    report = LoadReport()
    async with in_transaction() as conn:
        existing = {row.slug: row for row in await Lesson.all().using_db(conn)}
        wanted = {lesson.slug for lesson in files}

        # Free the day numbers that move, so two lessons can swap days without
        # breaking the unique constraint half-way.
        for row in existing.values():
            if row.slug not in wanted:
                if row.retired:
                    report.still_retired.append(row.slug)
                    continue
                row.retired = True
                row.day = -row.id
                await row.save(using_db=conn, update_fields=["retired", "day"])
                report.removed.append(row.slug)
        stale = {
            lesson.slug
            for lesson in files
            if (found := existing.get(lesson.slug))
            and (found.content_hash != hashes[lesson.slug] or found.retired)
        }
        for slug in stale:
            moving = existing[slug]
            moving.day = -moving.id
            await moving.save(using_db=conn, update_fields=["day"])

        for lesson, body_html, text in rendered:
            values = _row_values(lesson, body_html)
            values["translations"] = text
            values["content_hash"] = hashes[lesson.slug]
            current = existing.get(lesson.slug)
            if current is None:
                await Lesson.create(using_db=conn, slug=lesson.slug, **values)
                report.added.append(lesson.slug)
            elif lesson.slug in stale:
                current.update_from_dict(values)
                await current.save(using_db=conn)
                report.updated.append(lesson.slug)
            else:
                report.unchanged.append(lesson.slug)
    if report.changed:
        service.forget_cached_lessons()
    return report
