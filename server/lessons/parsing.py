"""Pure parsing and validation of lesson Markdown files (no database access).

A lesson file is YAML front matter between two ``---`` lines, then a Markdown body.

``calming`` says whether the practice suits a hard moment: body-based grounding
(feet, breath, senses, warmth) that asks nobody to recall, picture or address
anyone. Only then does the lesson offer "Add this practice to my safety plan",
with ``coping_step``: the practice as one short line, which is what the plan (and
its crisis sequence) shows. Picturing a safe person, recalling a kind voice and
self-compassion (days 19, 22, 24, 30) are not offered (issue 26): in a crisis
driven by loss or loneliness, the image of a safe person can sharpen the absence,
and self-compassion can backfire in people who are very self-critical. A person
can still write any of them into their plan by hand.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import msgspec
import yaml
from msgspec import Meta

from server.web.i18n import N_

CONTENT_DIR = Path(__file__).parent / "content"

REFERENCES: dict[str, str] = {
    "Badenoch 2008": (
        "Badenoch, B. (2008). Being a brain-wise therapist: A practical guide to "
        "interpersonal neurobiology. W. W. Norton & Company."
    ),
    "Bowlby 1988": (
        "Bowlby, J. (1988). A secure base: Parent-child attachment and healthy "
        "human development. Basic Books."
    ),
    "Cozolino 2014": (
        "Cozolino, L. (2014). The neuroscience of human relationships: Attachment "
        "and the developing social brain (2nd ed.). W. W. Norton & Company."
    ),
    "Schore 2019": (
        "Schore, A. N. (2019). Right brain psychotherapy. W. W. Norton & Company."
    ),
    "Siegel 2012": (
        "Siegel, D. J. (2012). The developing mind: How relationships and the brain "
        "interact to shape who we are (2nd ed.). Guilford Press."
    ),
    "Tronick 2007": (
        "Tronick, E. (2007). The neurobehavioral and social-emotional development "
        "of infants and children. W. W. Norton & Company."
    ),
}

MODULE_TITLES: dict[int, str] = {
    1: N_("Safety and connection"),
    2: N_("Memory the body keeps"),
    3: N_("A brain that can change"),
    4: N_("The right brain and co-regulation"),
    5: N_("Rupture and repair"),
    6: N_("Integration"),
}

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MIN_PRACTICE_STEPS = 2
MAX_PRACTICE_STEPS = 5
# A coping step is one line a person can read in a hard moment.
MAX_COPING_STEP_WORDS = 20

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n(.*))?\Z", re.S)


class LessonFileError(ValueError):
    """A lesson file is malformed; names the file and the offending field."""

    def __init__(self, file_name: str, field: str, reason: str) -> None:
        self.file_name = file_name
        self.field = field
        self.reason = reason
        super().__init__(f"{file_name}: field '{field}': {reason}")


@dataclass(frozen=True)
class LessonFile:
    slug: str
    day: int
    module: int
    module_title: str
    title: str
    key_idea: str
    body_markdown: str
    practice: tuple[str, ...]
    prompt: str
    minutes: int
    references: tuple[str, ...]
    gentle_note: bool
    # True when the practice is a calming one that suits a hard moment: only then
    # may it become a step on the safety plan, as the short coping_step.
    calming: bool
    coping_step: str
    source_name: str

    @property
    def content_hash(self) -> str:
        """sha256 hex digest of a canonical JSON of every field but source_name."""
        payload: dict[str, Any] = {
            "slug": self.slug,
            "day": self.day,
            "module": self.module,
            "module_title": self.module_title,
            "title": self.title,
            "key_idea": self.key_idea,
            "body_markdown": self.body_markdown,
            "practice": list(self.practice),
            "prompt": self.prompt,
            "minutes": self.minutes,
            "references": list(self.references),
            "gentle_note": self.gentle_note,
            "calming": self.calming,
            "coping_step": self.coping_step,
        }
        canonical = json.dumps(
            payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")
        )
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# Text that says something: not empty, not only spaces.
Text = Annotated[str, Meta(pattern=r"\S")]


class FrontMatter(msgspec.Struct, forbid_unknown_fields=True):
    """The front matter of a lesson file, declared once: types, ranges and which
    fields may be left out. The rules between fields are checked after it."""

    slug: Annotated[str, Meta(pattern=SLUG_PATTERN.pattern)]
    day: Annotated[int, Meta(ge=1)]
    module: Annotated[int, Meta(ge=1, le=len(MODULE_TITLES))]
    module_title: Text
    title: Text
    key_idea: Text
    practice: Annotated[
        list[Text], Meta(min_length=MIN_PRACTICE_STEPS, max_length=MAX_PRACTICE_STEPS)
    ]
    prompt: Text
    minutes: Annotated[int, Meta(ge=1)]
    references: Annotated[list[Text], Meta(min_length=1)]
    gentle_note: bool
    calming: bool
    # Only for a calming practice: the practice as one short line for the plan.
    coping_step: Text | None = None


# msgspec names the field in its message: "... - at `$.day`", "field `slug`".
_FIELD_IN_MESSAGE = re.compile(r"`\$\.(\w+)|field `(\w+)`")


def _front_matter(name: str, meta: dict[str, Any]) -> FrontMatter:
    try:
        return msgspec.convert(meta, FrontMatter)
    except msgspec.ValidationError as exc:
        found = _FIELD_IN_MESSAGE.search(str(exc))
        field = next((g for g in found.groups() if g), "front_matter") if found else ""
        raise LessonFileError(name, field or "front_matter", str(exc)) from None


def parse_lesson_file(path: Path) -> LessonFile:
    """Read and validate one lesson file; raise LessonFileError on the first problem."""
    name = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LessonFileError(name, "file", f"cannot be read: {exc}") from exc
    text = text.removeprefix("\ufeff")

    match = _FRONT_MATTER.match(text)
    if match is None:
        raise LessonFileError(
            name, "front_matter", "must start with '---' and close with a '---' line"
        )
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError as exc:
        raise LessonFileError(name, "front_matter", f"invalid YAML: {exc}") from exc
    if not isinstance(meta, dict):
        raise LessonFileError(name, "front_matter", "must be a YAML mapping")

    front = _front_matter(name, meta)
    if front.module_title.strip() != MODULE_TITLES[front.module]:
        raise LessonFileError(
            name,
            "module_title",
            f"'{front.module_title.strip()}' does not match module {front.module} "
            f"('{MODULE_TITLES[front.module]}')",
        )
    references = tuple(r.strip() for r in front.references)
    for reference in references:
        if reference not in REFERENCES:
            raise LessonFileError(
                name, "references", f"unknown reference '{reference}'"
            )
    if len(set(references)) != len(references):
        raise LessonFileError(name, "references", "lists a reference twice")
    coping_step = _coping_step(name, front.calming, front.coping_step)

    body = (match.group(2) or "").strip()
    if not body:
        raise LessonFileError(name, "body", "must not be empty")

    return LessonFile(
        slug=front.slug,
        day=front.day,
        module=front.module,
        module_title=front.module_title.strip(),
        title=front.title.strip(),
        key_idea=front.key_idea.strip(),
        body_markdown=body,
        practice=tuple(step.strip() for step in front.practice),
        prompt=front.prompt.strip(),
        minutes=front.minutes,
        references=references,
        gentle_note=front.gentle_note,
        calming=front.calming,
        coping_step=coping_step,
        source_name=name,
    )


def _coping_step(name: str, calming: bool, value: str | None) -> str:
    """The short line for the safety plan: required for a calming practice, absent
    otherwise (a practice that stirs memories is no coping step)."""
    if not calming:
        if value is not None:
            raise LessonFileError(
                name, "coping_step", "is only for a calming practice (calming: true)"
            )
        return ""
    if value is None:
        raise LessonFileError(
            name, "coping_step", "is needed when calming is true: one short line"
        )
    text = value.strip()
    if "\n" in text or len(text.split()) > MAX_COPING_STEP_WORDS:
        raise LessonFileError(
            name,
            "coping_step",
            f"must be one line of at most {MAX_COPING_STEP_WORDS} words",
        )
    return text


def load_lesson_files(directory: Path = CONTENT_DIR) -> list[LessonFile]:
    """Parse every ``*.md`` file in ``directory``; return them sorted by day."""
    lessons: list[LessonFile] = []
    slugs: dict[str, str] = {}
    days: dict[int, str] = {}
    for path in sorted(directory.glob("*.md")):
        lesson = parse_lesson_file(path)
        if lesson.slug in slugs:
            raise LessonFileError(
                path.name,
                "slug",
                f"duplicate slug '{lesson.slug}' (also in {slugs[lesson.slug]})",
            )
        if lesson.day in days:
            raise LessonFileError(
                path.name,
                "day",
                f"duplicate day {lesson.day} (also in {days[lesson.day]})",
            )
        slugs[lesson.slug] = path.name
        days[lesson.day] = path.name
        lessons.append(lesson)
    return sorted(lessons, key=lambda lesson: lesson.day)
