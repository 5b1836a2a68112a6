"""The reflection form, whole (one page) or one step at a time: what each field
accepts is read from the questions (server/reflections/questions.py)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from server.reflections.questions import (
    BY_NAME,
    QUESTIONS,
    WHEN_NOT_SAFE,
    Question,
    Rewording,
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
    # Other words for that line when an earlier answer calls for them.
    reworded: Rewording | None = None
    # What the saved entry says where this step has no answer, if not "You
    # skipped this step."
    when_empty: str = ""

    def explained(self, answers: Mapping[str, Any]) -> str:
        if self.reworded is not None and self.reworded.when.holds(answers):
            return str(self.reworded.label)
        return str(self.explanation)

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for q in QUESTIONS if q.step == self.slug)

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(q.name for q in self.questions)

    @property
    def in_words(self) -> Question | None:
        """The step's one question, when it asks only for the person's words: the
        saved entry shows them as a paragraph under the step's title."""
        asked = self.questions
        return asked[0] if len(asked) == 1 and asked[0].widget == "text" else None

    @property
    def empty_note(self) -> str:
        return str(self.when_empty) if self.when_empty else _("You skipped this step.")

    def answered(self, answers: Mapping[str, Any]) -> bool:
        return any(q.answered(answers.get(q.name)) for q in self.questions)


STEPS = (
    Step(
        1,
        "when",
        _l("When, and with whom"),
        _l("Start with when it happened and who it was with. A name is up to you."),
    ),
    Step(
        2,
        "what",
        _l("What happened"),
        _l(
            "Pick a small moment you can hold, not the hardest one. In your own words, "
            "when did you feel apart? A few words are enough."
        ),
    ),
    Step(
        3,
        "body",
        _l("Your body"),
        _l("Bodies often notice before words do. What did you feel, and where?"),
    ),
    Step(
        4,
        "parts",
        _l("The parts of you"),
        _l(
            "Many people notice different parts of them react. Which was loudest, and what did each one want?"
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
    ),
    Step(
        6,
        "lesson",
        _l("What this teaches"),
        _l(
            "Sometimes a moment now echoes something older. If a link shows itself, you can note it here."
        ),
        # When it isn't safe, the reaction may fit the present: no echo suggested.
        Rewording(
            WHEN_NOT_SAFE,
            _l(
                "If you like, note what you want to keep from this moment. You can "
                "also leave it here."
            ),
        ),
        when_empty=_l("Nothing yet, and that is fine."),
    ),
)
STEP_COUNT = len(STEPS)


def step_by_number(number: int) -> Step | None:
    return STEPS[number - 1] if 1 <= number <= STEP_COUNT else None


def clean_answer(question: Question, value: Any) -> Any:
    """One posted value, checked as its question asks."""
    if question.is_list:
        # Unknown values (a stale or edited form) are dropped, not shown as errors.
        return [v for v in dict.fromkeys(value) if v in question.allowed]
    text = value.strip()
    if question.widget == "date":
        if not text:
            return None
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise FieldError(
                _("Choose a date like 2025-03-14, or leave it empty.")
            ) from None
    if question.is_number:
        if not text:
            return None
        if not text.isdigit() or int(text) > 10:
            raise FieldError(
                _("Choose a whole number from 0 to 10, or leave it empty.")
            )
        return int(text)
    if question.choices and text and text not in question.allowed:
        raise FieldError(_("Please choose one of the options, or leave it empty."))
    return text


class ReflectionForm(Form):
    fields: ClassVar[tuple[str, ...]] = tuple(
        q.name for q in QUESTIONS if not q.is_list
    )
    multi_fields: ClassVar[tuple[str, ...]] = tuple(
        q.name for q in QUESTIONS if q.is_list
    )
    max_lengths: ClassVar[dict[str, int]] = {q.name: q.max_length for q in QUESTIONS}

    def clean_field(self, name: str, value: Any) -> Any:
        return clean_answer(BY_NAME[name], value)


def step_form(step: Step, data: Any) -> ReflectionForm:
    """A form that reads and checks only this step's fields."""
    asked = step.questions
    cls = type(
        f"Step{step.number}Form",
        (ReflectionForm,),
        {
            "fields": tuple(q.name for q in asked if not q.is_list),
            "multi_fields": tuple(q.name for q in asked if q.is_list),
        },
    )
    form: ReflectionForm = cls(data)
    return form
