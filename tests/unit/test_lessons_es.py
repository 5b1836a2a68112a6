"""The Spanish lessons (server/lessons/content/es/): the same program, day for day,
written for a Spanish reader at an easy reading level, and loaded beside the English
ones (tests/app/lessons/test_languages.py shows them to a Spanish reader)."""

from __future__ import annotations

import re
import statistics

import pytest
import textstat

from server.lessons.parsing import CONTENT_DIR, LessonFile, load_lesson_files
from tests.unit.test_lesson_content import (
    GROUNDING_SLUGS,
    MAX_BODY_WORDS,
    MIN_BODY_WORDS,
    PRESENT_ALARM_DAYS,
)

SPANISH_DIR = CONTENT_DIR / "es"
SAME = ("slug", "day", "module", "module_title", "minutes", "references", "calming")
# Fernández Huerta: 70 and above reads as "fairly easy" or easier.
MIN_AVERAGE_EASE = 70.0


@pytest.fixture(scope="module")
def pairs() -> list[tuple[LessonFile, LessonFile]]:
    english = {lesson.slug: lesson for lesson in load_lesson_files()}
    spanish = {lesson.slug: lesson for lesson in load_lesson_files(SPANISH_DIR)}
    assert set(spanish) == set(english), set(english) ^ set(spanish)
    return [(english[slug], spanish[slug]) for slug in sorted(english)]


def test_every_lesson_has_its_spanish_twin_with_the_same_facts(
    pairs: list[tuple[LessonFile, LessonFile]],
) -> None:
    for en, es in pairs:
        for field in SAME:
            assert getattr(es, field) == getattr(en, field), (en.slug, field)
        assert es.title != en.title and es.key_idea != en.key_idea, en.slug
        assert bool(es.coping_step) == bool(en.coping_step), en.slug
        assert len(es.practice) == len(en.practice), en.slug


def test_spanish_bodies_are_as_long_as_the_english_ones(
    pairs: list[tuple[LessonFile, LessonFile]],
) -> None:
    for _, es in pairs:
        words = len(re.findall(r"\w+(?:['-]\w+)*", es.body_markdown))
        assert MIN_BODY_WORDS <= words <= MAX_BODY_WORDS, (es.slug, words)


def test_spanish_lessons_read_easily(
    pairs: list[tuple[LessonFile, LessonFile]],
) -> None:
    textstat.set_lang("es")
    try:
        ease = [textstat.fernandez_huerta(es.body_markdown) for _, es in pairs]
    finally:
        textstat.set_lang("en_US")
    assert statistics.mean(ease) >= MIN_AVERAGE_EASE, statistics.mean(ease)


def test_spanish_lessons_on_echoes_say_an_alarm_can_fit_the_present(
    pairs: list[tuple[LessonFile, LessonFile]],
) -> None:
    from server.lessons.loader import render_body

    spanish = {es.day: es for _, es in pairs}
    for day in PRESENT_ALARM_DAYS:
        html = render_body(spanish[day])
        assert (
            "Si alguien te asusta, te amenaza o te controla, tu alarma puede "
            "tener razón." in html
        ), day
        assert 'Confía en ella y <a href="/help">busca ayuda</a>.' in html, day


def test_spanish_coping_steps_are_only_body_based_grounding(
    pairs: list[tuple[LessonFile, LessonFile]],
) -> None:
    assert {es.slug for _, es in pairs if es.coping_step} == GROUNDING_SLUGS
    day_2 = next(es for _, es in pairs if es.day == 2)
    assert day_2.gentle_note and "Elige una sencilla" in day_2.practice[0]


def test_spanish_lessons_carry_the_reviewers_wording(
    pairs: list[tuple[LessonFile, LessonFile]],
) -> None:
    spanish = {es.day: es.body_markdown for _, es in pairs}
    assert "o que pedimos demasiado" in spanish[25]
    assert (
        "«Estaba muy estresado y lo pagué contigo. No fue justo. "
        "¿Cómo lo viviste tú?»" in spanish[28]
    )
