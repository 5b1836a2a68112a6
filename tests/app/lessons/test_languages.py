"""Lessons in the reader's language: the Spanish files load beside the English ones,
and progress, saved cards and "today" carry over when someone switches."""

from __future__ import annotations

import html
from pathlib import Path

from server.lessons.loader import LoadReport, load_lessons
from server.lessons.models import Lesson
from server.lessons.parsing import CONTENT_DIR, load_lesson_files
from server.web.i18n import LANGUAGE_COOKIE
from tests.conftest import Client

SLUG = "feeling-safe-first"


def spanish_file(slug: str):  # type: ignore[no-untyped-def]
    return next(
        lesson
        for lesson in load_lesson_files(CONTENT_DIR / "es")
        if lesson.slug == slug
    )


async def test_every_lesson_is_stored_with_its_spanish_text(
    lessons: LoadReport,
) -> None:
    rows = await Lesson.all()
    assert rows and all("es" in row.translations for row in rows)
    row = next(row for row in rows if row.slug == SLUG)
    spanish = row.in_language("es")
    assert spanish.title == spanish_file(SLUG).title != row.title
    assert spanish.day == row.day and spanish.id == row.id
    assert row.in_language("en") is row


async def test_a_spanish_reader_reads_the_spanish_card_and_keeps_their_progress(
    lessons: LoadReport, alice: Client
) -> None:
    english = await alice.get(f"/lessons/{SLUG}")
    assert "Feeling safe comes first" in html.unescape(english.text)
    await alice.post_form(f"/lessons/{SLUG}/done", {"value": "1"})
    await alice.post_form(f"/lessons/{SLUG}/save", {"value": "1"})

    alice.cookies.set(LANGUAGE_COOKIE, "es")
    card = html.unescape((await alice.get(f"/lessons/{SLUG}")).text)
    spanish = spanish_file(SLUG)
    assert spanish.title in card and spanish.key_idea in card
    assert spanish.practice[0] in card
    assert "Feeling safe comes first" not in card
    saved = html.unescape((await alice.get("/saved")).text)
    assert spanish.title in saved
    program = html.unescape((await alice.get("/lessons")).text)
    assert spanish.title in program


async def test_a_changed_translation_is_loaded_again(
    content: Path, lessons: LoadReport
) -> None:
    first = await load_lessons(content)
    assert first.summary().startswith("0 added, 0 updated")
    path = next((content / "es").glob("day-01-*.md"))
    path.write_text(
        path.read_text().replace("Primero, sentirte a salvo", "Primero, la calma")
    )
    again = await load_lessons(content)
    assert again.updated == [SLUG]
    row = await Lesson.get(slug=SLUG)
    assert row.in_language("es").title == "Primero, la calma"
