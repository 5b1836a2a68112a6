"""The reflection form, whole (one page) or one step at a time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from server.reflections.models import (
    KIND_LABELS,
    PART_LABELS,
    REPAIR_LABELS,
    SENSATION_LABELS,
)
from server.web.forms import FieldError, Form
from server.web.i18n import _, _l


@dataclass(frozen=True)
class Step:
    number: int
    slug: str
    title: str
    # One line, in the app's voice, shown under the step's title.
    explanation: str
    fields: tuple[str, ...]


STEPS = (
    Step(
        1,
        "when",
        _l("When, and with whom"),
        _l("Start with when it happened and who it was with. A name is up to you."),
        ("occurred_on", "relationship_kind", "person_name"),
    ),
    Step(
        2,
        "what",
        _l("What happened"),
        _l(
            "Pick a small moment you can hold, not the hardest one. In your own words, "
            "when did you feel apart? A few words are enough."
        ),
        ("what_happened",),
    ),
    Step(
        3,
        "body",
        _l("Your body"),
        _l("Bodies often notice before words do. What did you feel, and where?"),
        ("sensations", "body_location", "body_notes", "intensity"),
    ),
    Step(
        4,
        "parts",
        _l("The parts of you"),
        _l(
            "Many people notice different parts of them react. Which was loudest, and what did each one want?"
        ),
        (
            "loudest_part",
            "protective_wanted",
            "vulnerable_wanted",
            "compassionate_wanted",
        ),
    ),
    Step(
        5,
        "repair",
        _l("Repair"),
        _l(
            "Repair means reaching back after a rupture. Not every person is safe to "
            "repair with, and you get to choose. Every answer here is okay."
        ),
        ("repair_tried", "repair_text", "connection"),
    ),
    Step(
        6,
        "lesson",
        _l("What this teaches"),
        _l(
            "Sometimes a moment now echoes something older. If a link shows itself, you can note it here."
        ),
        ("lesson_learned",),
    ),
)
STEP_COUNT = len(STEPS)


def step_by_number(number: int) -> Step | None:
    return STEPS[number - 1] if 1 <= number <= STEP_COUNT else None


def _number(value: str) -> int | None:
    text = value.strip()
    if not text:
        return None
    if not text.isdigit() or int(text) > 10:
        raise FieldError(_("Choose a whole number from 0 to 10, or leave it empty."))
    return int(text)


def _choice(value: str, allowed: dict[str, str]) -> str:
    text = value.strip()
    if text and text not in allowed:
        raise FieldError(_("Please choose one of the options, or leave it empty."))
    return text


class ReflectionForm(Form):
    fields: ClassVar[tuple[str, ...]] = (
        "occurred_on",
        "relationship_kind",
        "person_name",
        "what_happened",
        "body_location",
        "body_notes",
        "intensity",
        "loudest_part",
        "protective_wanted",
        "vulnerable_wanted",
        "compassionate_wanted",
        "repair_tried",
        "repair_text",
        "connection",
        "lesson_learned",
    )
    multi_fields: ClassVar[tuple[str, ...]] = ("sensations",)
    max_lengths: ClassVar[dict[str, int]] = {
        "occurred_on": 10,
        "relationship_kind": 20,
        "person_name": 200,
        "body_location": 500,
        "intensity": 5,
        "loudest_part": 20,
        "repair_tried": 20,
        "connection": 5,
    }

    def clean_occurred_on(self, value: str) -> date | None:
        text = value.strip()
        if not text:
            return None
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise FieldError(
                _("Choose a date like 2025-03-14, or leave it empty.")
            ) from None

    def clean_relationship_kind(self, value: str) -> str:
        return _choice(value, KIND_LABELS)

    def clean_loudest_part(self, value: str) -> str:
        return _choice(value, PART_LABELS)

    def clean_repair_tried(self, value: str) -> str:
        return _choice(value, REPAIR_LABELS)

    def clean_intensity(self, value: str) -> int | None:
        return _number(value)

    def clean_connection(self, value: str) -> int | None:
        return _number(value)

    def clean_sensations(self, value: list[str]) -> list[str]:
        # Unknown values (a stale or edited form) are dropped, not shown as errors.
        return [v for v in dict.fromkeys(value) if v in SENSATION_LABELS]


def step_form(step: Step, data: Any) -> ReflectionForm:
    """A form that reads and checks only this step's fields."""
    single = tuple(name for name in step.fields if name in ReflectionForm.fields)
    multi = tuple(name for name in step.fields if name in ReflectionForm.multi_fields)
    cls = type(
        f"Step{step.number}Form",
        (ReflectionForm,),
        {"fields": single, "multi_fields": multi},
    )
    form: ReflectionForm = cls(data)
    return form
