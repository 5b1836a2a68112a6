"""Error paths and happy path of server.lessons.parsing, using temporary files."""

from __future__ import annotations

from pathlib import Path

import pytest

from server.lessons.parsing import (
    REFERENCES,
    LessonFile,
    LessonFileError,
    load_lesson_files,
    parse_lesson_file,
)

GOOD_FRONT_MATTER = {
    "slug": "feeling-safe-first",
    "day": "1",
    "module": "1",
    "module_title": "Safety and connection",
    "title": "Feeling safe comes first",
    "key_idea": "Healing tends to start when your body feels safe.",
    "practice": (
        "\n  - If you like, rest one hand on your chest.\n  - Breathe out slowly."
    ),
    "prompt": "When did you last feel at ease with someone?",
    "minutes": "2",
    "references": "\n  - Siegel 2012\n  - Cozolino 2014",
    "gentle_note": "false",
    "calming": "true",
    "coping_step": "Rest a hand on my chest and breathe out slowly.",
}
GOOD_BODY = "Think of the last time you felt at ease.\n\nThat ease matters."


def lesson_text(
    body: str = GOOD_BODY, drop: str | None = None, **overrides: str
) -> str:
    fields = {**GOOD_FRONT_MATTER, **overrides}
    lines = [f"{key}: {value}" for key, value in fields.items() if key != drop]
    return "---\n" + "\n".join(lines) + "\n---\n\n" + body + "\n"


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def parse_error(
    tmp_path: Path, text: str, name: str = "day-01-x.md"
) -> LessonFileError:
    path = write(tmp_path, name, text)
    with pytest.raises(LessonFileError) as info:
        parse_lesson_file(path)
    return info.value


def test_good_file_parses_to_expected_values(tmp_path: Path) -> None:
    path = write(tmp_path, "day-01-feeling-safe-first.md", lesson_text())
    lesson = parse_lesson_file(path)
    assert lesson == LessonFile(
        slug="feeling-safe-first",
        day=1,
        module=1,
        module_title="Safety and connection",
        title="Feeling safe comes first",
        key_idea="Healing tends to start when your body feels safe.",
        body_markdown=GOOD_BODY,
        practice=("If you like, rest one hand on your chest.", "Breathe out slowly."),
        prompt="When did you last feel at ease with someone?",
        minutes=2,
        references=("Siegel 2012", "Cozolino 2014"),
        gentle_note=False,
        calming=True,
        coping_step="Rest a hand on my chest and breathe out slowly.",
        source_name="day-01-feeling-safe-first.md",
    )
    assert len(lesson.content_hash) == 64
    int(lesson.content_hash, 16)


def test_content_hash_ignores_source_name_but_not_content(tmp_path: Path) -> None:
    first = parse_lesson_file(write(tmp_path, "a.md", lesson_text()))
    renamed = parse_lesson_file(write(tmp_path, "b.md", lesson_text()))
    edited = parse_lesson_file(write(tmp_path, "c.md", lesson_text(body="Changed.")))
    assert first.content_hash == renamed.content_hash
    assert first.content_hash != edited.content_hash


@pytest.mark.parametrize("field", sorted(GOOD_FRONT_MATTER))
def test_missing_field_names_the_field(tmp_path: Path, field: str) -> None:
    error = parse_error(tmp_path, lesson_text(drop=field), name="day-07-missing.md")
    assert error.field == field
    assert error.file_name == "day-07-missing.md"
    assert field in str(error)
    assert "day-07-missing.md" in str(error)


@pytest.mark.parametrize("slug", ["Feeling-Safe", "feeling_safe", "-safe", "a--b", "é"])
def test_bad_slug(tmp_path: Path, slug: str) -> None:
    error = parse_error(tmp_path, lesson_text(slug=slug))
    assert error.field == "slug"


def test_unknown_reference(tmp_path: Path) -> None:
    error = parse_error(
        tmp_path, lesson_text(references="\n  - Siegel 2012\n  - Freud 1900")
    )
    assert error.field == "references"
    assert "Freud 1900" in str(error)


def test_empty_references(tmp_path: Path) -> None:
    error = parse_error(tmp_path, lesson_text(references="[]"))
    assert error.field == "references"


def test_practice_with_one_step(tmp_path: Path) -> None:
    error = parse_error(tmp_path, lesson_text(practice="\n  - Breathe out slowly."))
    assert error.field == "practice"


def test_practice_with_six_steps(tmp_path: Path) -> None:
    steps = "".join(f"\n  - Step {n}." for n in range(6))
    error = parse_error(tmp_path, lesson_text(practice=steps))
    assert error.field == "practice"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"day": "one"}, "day"),
        ({"day": "0"}, "day"),
        ({"module": "7"}, "module"),
        ({"module": "true"}, "module"),
        ({"module_title": "Integration"}, "module_title"),
        ({"minutes": "two"}, "minutes"),
        ({"gentle_note": "maybe"}, "gentle_note"),
        ({"calming": "yes please"}, "calming"),
        ({"coping_step": '""'}, "coping_step"),
        ({"coping_step": "[a, b]"}, "coping_step"),
        ({"coping_step": " ".join(["calm"] * 21)}, "coping_step"),
        ({"title": '""'}, "title"),
        ({"prompt": "[a, b]"}, "prompt"),
        ({"colour": "blue"}, "colour"),
    ],
)
def test_wrong_type_or_value_names_the_field(
    tmp_path: Path, overrides: dict[str, str], field: str
) -> None:
    error = parse_error(tmp_path, lesson_text(**overrides))
    assert error.field == field


def test_a_practice_that_is_not_calming_has_no_coping_step(tmp_path: Path) -> None:
    path = write(
        tmp_path, "day-01-x.md", lesson_text(calming="false", drop="coping_step")
    )
    lesson = parse_lesson_file(path)
    assert lesson.calming is False
    assert lesson.coping_step == ""
    error = parse_error(tmp_path, lesson_text(calming="false"))
    assert error.field == "coping_step"
    assert "calming: true" in str(error)


def test_empty_body(tmp_path: Path) -> None:
    error = parse_error(tmp_path, lesson_text(body="   "))
    assert error.field == "body"


@pytest.mark.parametrize(
    "text",
    [
        "slug: x\n",
        lesson_text().replace("\n---\n\n", "\n\n", 1),
        "---\nslug: [unclosed\n---\nBody.\n",
        "---\n- a list\n---\nBody.\n",
    ],
    ids=["no-opening", "no-closing", "bad-yaml", "not-a-mapping"],
)
def test_bad_front_matter(tmp_path: Path, text: str) -> None:
    error = parse_error(tmp_path, text)
    assert error.field == "front_matter"


def test_duplicate_day_across_two_files(tmp_path: Path) -> None:
    write(tmp_path, "day-01-feeling-safe-first.md", lesson_text())
    write(tmp_path, "day-01-other.md", lesson_text(slug="other"))
    with pytest.raises(LessonFileError) as info:
        load_lesson_files(tmp_path)
    assert info.value.field == "day"
    assert info.value.file_name == "day-01-other.md"
    assert "day-01-feeling-safe-first.md" in str(info.value)


def test_duplicate_slug_across_two_files(tmp_path: Path) -> None:
    write(tmp_path, "day-01-feeling-safe-first.md", lesson_text())
    write(tmp_path, "day-02-feeling-safe-first.md", lesson_text(day="2"))
    with pytest.raises(LessonFileError) as info:
        load_lesson_files(tmp_path)
    assert info.value.field == "slug"
    assert info.value.file_name == "day-02-feeling-safe-first.md"


def test_load_sorts_by_day(tmp_path: Path) -> None:
    write(tmp_path, "b.md", lesson_text(day="10", slug="ten"))
    write(tmp_path, "a.md", lesson_text(day="2", slug="two"))
    write(tmp_path, "c.md", lesson_text(day="1", slug="one"))
    assert [lesson.day for lesson in load_lesson_files(tmp_path)] == [1, 2, 10]


def test_reference_table_holds_full_citations() -> None:
    assert set(REFERENCES) == {
        "Badenoch 2008",
        "Bowlby 1988",
        "Cozolino 2014",
        "Schore 2019",
        "Siegel 2012",
        "Tronick 2007",
    }
    for key, citation in REFERENCES.items():
        author, year = key.split()
        assert citation.startswith(f"{author}, ") and f"({year})" in citation
