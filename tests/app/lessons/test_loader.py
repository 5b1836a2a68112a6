from __future__ import annotations

import re
from pathlib import Path

import pytest
from litestar import Litestar

from server.lessons.loader import LoadReport, load_lessons
from server.lessons.models import Lesson, LessonProgress
from server.lessons.parsing import LessonFileError
from tests.conftest import Client

from .conftest import user_named


def edit(folder: Path, day: int, old: str, new: str) -> Path:
    (path,) = folder.glob(f"day-{day:02d}-*.md")
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


async def test_it_loads_every_lesson_and_a_second_run_changes_nothing(
    app: Litestar,
) -> None:
    first = await load_lessons()
    assert first.summary() == "36 added, 0 updated, 0 unchanged"
    stamps = {row.slug: row.updated_at for row in await Lesson.all()}
    second = await load_lessons()
    assert second.summary() == "0 added, 0 updated, 36 unchanged"
    assert {row.slug: row.updated_at for row in await Lesson.all()} == stamps
    assert await Lesson.filter(retired=False).count() == 36
    assert [row.day for row in await Lesson.all().order_by("day")] == list(range(1, 37))


async def test_it_renders_the_body_and_keeps_every_field(
    app: Litestar, lessons: LoadReport
) -> None:
    lesson = await Lesson.get(day=1)
    assert lesson.slug == "feeling-safe-first"
    assert lesson.module == 1 and lesson.module_title == "Safety and connection"
    assert lesson.body_html.startswith("<p>Think of the last time")
    assert len(lesson.practice) == 4
    assert lesson.references == ["Siegel 2012", "Cozolino 2014"]
    assert lesson.minutes == 2 and lesson.gentle_note is False
    assert lesson.calming and lesson.coping_step.startswith("Feel my feet")
    stirring = await Lesson.get(slug="out-of-nowhere")
    assert not stirring.calming and stirring.as_coping_step() is None
    assert re.fullmatch(r"[0-9a-f]{64}", lesson.content_hash)


async def test_an_edited_file_updates_its_row(app: Litestar, content: Path) -> None:
    await load_lessons(content)
    edit(content, 3, "\ntitle: ", "\ntitle: Changed, ")
    report = await load_lessons(content)
    assert report.summary() == "0 added, 1 updated, 35 unchanged"
    assert report.updated == ["a-brain-built-for-other-people"]
    assert (await Lesson.get(day=3)).title.startswith("Changed, ")


async def test_two_lessons_can_swap_days(app: Litestar, content: Path) -> None:
    await load_lessons(content)
    edit(content, 4, "day: 4\n", "day: 5\n")
    edit(content, 5, "day: 5\n", "day: 4\n")
    report = await load_lessons(content)
    assert sorted(report.updated) == ["leaving-survival-mode", "more-than-willpower"]
    assert (await Lesson.get(slug="leaving-survival-mode")).day == 5
    assert (await Lesson.get(slug="more-than-willpower")).day == 4


async def test_a_removed_file_is_reported_and_peoples_progress_is_kept(
    app: Litestar, alice: Client, content: Path
) -> None:
    await load_lessons(content)
    response = await alice.post_form("/lessons/the-still-face/done", {"value": "1"})
    assert response.status_code == 303
    next(content.glob("day-26-*.md")).unlink()

    report = await load_lessons(content)
    assert report.removed == ["the-still-face"]
    assert "1 removed (file gone: the-still-face" in report.summary()
    gone = await Lesson.get(slug="the-still-face")
    assert gone.retired and gone.day < 0
    alice_user = await user_named("alice")
    assert await LessonProgress.filter(
        user_id=alice_user.pk, lesson_id=gone.id
    ).exists()
    program = await alice.get("/lessons")
    assert "The still face" not in program.text

    again = await load_lessons(content)
    assert again.summary().startswith("0 added, 0 updated, 35 unchanged")
    assert again.still_retired == ["the-still-face"]


async def test_a_file_that_comes_back_brings_its_lesson_back(
    app: Litestar, content: Path, tmp_path: Path
) -> None:
    await load_lessons(content)
    path = next(content.glob("day-26-*.md"))
    kept = tmp_path / path.name
    path.rename(kept)
    await load_lessons(content)
    kept.rename(path)
    report = await load_lessons(content)
    assert report.updated == ["the-still-face"]
    lesson = await Lesson.get(slug="the-still-face")
    assert not lesson.retired and lesson.day == 26


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("minutes: 2", "minutes: two", "minutes"),
        ("  - Siegel 2012", "  - Someone 1999", "references"),
        ("module: 1\n", "", "module"),
    ],
)
async def test_a_bad_file_loads_nothing_and_names_the_file_and_field(
    app: Litestar, content: Path, old: str, new: str, field: str
) -> None:
    bad = edit(content, 6, old, new)
    with pytest.raises(LessonFileError) as caught:
        await load_lessons(content)
    assert caught.value.file_name == bad.name
    assert caught.value.field == field
    assert bad.name in str(caught.value) and field in str(caught.value)
    assert await Lesson.all().count() == 0


async def test_a_bad_file_leaves_a_loaded_program_untouched(
    app: Litestar, content: Path
) -> None:
    await load_lessons(content)
    edit(content, 2, "\ntitle: ", "\ntitle: Changed, ")
    edit(content, 7, "day: 7", "day: 0")
    with pytest.raises(LessonFileError, match="day-07-.*'day'"):
        await load_lessons(content)
    assert not (await Lesson.get(day=2)).title.startswith("Changed, ")


async def test_raw_html_in_a_lesson_is_shown_as_text(
    app: Litestar, content: Path
) -> None:
    edit(content, 8, "\n---\n\n", "\n---\n\n<script>alert(1)</script> *Gently*.\n\n")
    await load_lessons(content)
    html = (await Lesson.get(day=8)).body_html
    assert "<script>" not in html
    assert "&lt;script&gt;" in html or "&lt;script>" in html
    assert "<em>Gently</em>" in html


async def test_a_link_that_is_not_https_or_local_is_refused(
    app: Litestar, content: Path
) -> None:
    edit(content, 9, "\n---\n\n", "\n---\n\n[Click](javascript:alert(1))\n\n")
    with pytest.raises(LessonFileError, match="'body'"):
        await load_lessons(content)
    assert await Lesson.all().count() == 0
