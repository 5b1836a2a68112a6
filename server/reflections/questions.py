"""A reflection's questions, declared once.

The form (what each field accepts), the steps, the sealed document, the saved
entry's page, the cards, the trends' measures, the export and the search are all
read from QUESTIONS: a question added here shows up in each of them, and nowhere
else needs to list it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from typing import Any, Literal

from server.web.i18n import _l, speaking

RELATIONSHIP_KINDS = [
    ("partner", _l("Partner")),
    ("parent", _l("Parent")),
    ("child", _l("Child")),
    ("friend", _l("Friend")),
    ("colleague", _l("Colleague")),
    ("therapist", _l("Therapist")),
    ("other", _l("Someone else")),
]
SENSATIONS = [
    ("tight-chest", _l("Tight chest")),
    ("clenched-jaw", _l("Clenched jaw")),
    ("heat", _l("Heat")),
    ("numbness", _l("Numbness")),
    ("shallow-breath", _l("Shallow breath")),
    ("stomach-drop", _l("Stomach drop")),
    ("other", _l("Something else")),
]
PARTS = [
    ("protective", _l("A protective part, keeping guard")),
    ("vulnerable", _l("A vulnerable part, holding the hurt")),
    ("compassionate", _l("My compassionate self")),
]
# Not repairing can be the wise choice: not every person is safe to repair with
# (day 28). The last two answers are left out of the trends' repair rate.
REPAIR_CHOICES = [
    ("tried", _l("I tried a repair")),
    ("not-yet", _l("Not yet")),
    ("chose-not", _l("I chose not to")),
    ("not-safe", _l("It isn't safe to")),
]
NOT_SAFE = "not-safe"
REPAIR_NOT_SOUGHT = frozenset({"chose-not", NOT_SAFE})

KIND_LABELS = dict(RELATIONSHIP_KINDS)
SENSATION_LABELS = dict(SENSATIONS)
PART_LABELS = {
    "protective": _l("Protective part"),
    "vulnerable": _l("Vulnerable part"),
    "compassionate": _l("Compassionate self"),
}
REPAIR_LABELS = {
    "tried": _l("Repair tried"),
    "not-yet": _l("Repair not yet"),
    "chose-not": _l("Chose not to repair"),
    "not-safe": _l("Not safe to repair"),
}

# How a question is asked, which also says what its answer is: a date, one choice,
# several choices, a number from 0 to 10, or the person's own words.
Widget = Literal["date", "select", "radios", "checks", "scale", "line", "text"]


@dataclass(frozen=True)
class Answered:
    """A condition on one answer: question `name` was answered with one of `values`."""

    name: str
    values: frozenset[str]

    def holds(self, answers: Mapping[str, Any]) -> bool:
        return str(answers.get(self.name) or "") in self.values

    @property
    def data(self) -> str:
        """The condition as the page script reads it: name=value|value."""
        return f"{self.name}={'|'.join(sorted(self.values))}"


# When it isn't safe to repair, the repair questions end (issue 26).
WHEN_NOT_SAFE = Answered("repair_tried", frozenset({NOT_SAFE}))


@dataclass(frozen=True)
class FollowUp:
    """What Attune says after an answer: `template` when `when` holds."""

    when: Answered
    template: str


@dataclass(frozen=True)
class Rewording:
    """Other words for a question (or a step) when a condition holds."""

    when: Answered
    label: Any
    hint: Any = ""


@dataclass(frozen=True)
class Question:
    name: str
    step: str  # the slug of the step that asks it
    widget: Widget
    label: Any  # a lazy string: read in the reader's language
    hint: Any = ""
    choices: tuple[tuple[str, Any], ...] = ()
    max_length: int = 10_000
    rows: int = 3  # for widget "text"
    # For a scale: what 0 and 10 mean.
    low: Any = ""
    high: Any = ""
    # Its short name where the answer is read back: the saved entry, the export.
    read_as: Any = ""
    # The answers' names when read back, where the choices' words are longer.
    read_labels: tuple[tuple[str, Any], ...] = ()
    # The person's own words: what the journal's search looks through.
    searchable: bool = False
    # Shown on the journal's cards (kept in each entry's sealed summary too).
    on_card: bool = False
    # Followed over time on the trends page (kept in the sealed summary too).
    measure: bool = False
    # Not asked when this holds: the page script hides it once that answer is
    # chosen (what was typed stays in the form), a step shown after the answer
    # starts with it hidden; without the script it stays, optional. The saved
    # entry never shows it as missing.
    skipped_when: Answered | None = None
    # Asked in other words when its condition holds.
    reworded: Rewording | None = None
    # Said right after this question when its condition holds (a partial template):
    # on the step, in the one-page form and on the saved entry.
    answer: FollowUp | None = None

    @cached_property
    def allowed(self) -> frozenset[str]:
        return frozenset(value for value, _ in self.choices)

    @property
    def is_number(self) -> bool:
        return self.widget == "scale"

    @property
    def is_list(self) -> bool:
        return self.widget == "checks"

    def empty(self) -> Any:
        return [] if self.is_list else None if self.is_number else ""

    def asked(self, answers: Mapping[str, Any]) -> bool:
        return self.skipped_when is None or not self.skipped_when.holds(answers)

    def answer_text(self, value: Any) -> str:
        """An answer as it is read back, in the reader's language: a choice by its
        name (an unknown one as stored), several joined, words and numbers as
        they are, none as ""."""
        if value is None:
            return ""
        names = dict(self.read_labels or self.choices)
        if self.is_list:
            return ", ".join(str(names.get(v, v)) for v in value)
        return str(names.get(value, value))

    def answered(self, value: Any) -> bool:
        return value is not None and value != "" and value != []

    def as_asked(self, answers: Mapping[str, Any]) -> Question:
        """This question in the words it is asked in, given the other answers."""
        if self.reworded is None or not self.reworded.when.holds(answers):
            return self
        return replace(self, label=self.reworded.label, hint=self.reworded.hint)


QUESTIONS = (
    Question(
        "occurred_on", "when", "date", _l("When did it happen?"),
        hint=_l("Today is filled in. Change it if it was another day."),
        max_length=10, read_as=_l("Day"),
    ),
    Question(
        "relationship_kind", "when", "select", _l("Who was it with?"),
        choices=tuple(RELATIONSHIP_KINDS), max_length=20, on_card=True,
        read_as=_l("With"),
    ),
    Question(
        "person_name", "when", "line", _l("Their name (optional)"),
        hint=_l("Only you will see this. Initials are fine too."),
        max_length=200, searchable=True, read_as=_l("Name"),
    ),
    Question(
        "what_happened", "what", "text", _l("What happened?"),
        hint=_l(
            "A small moment you can hold, not the hardest one: the moment you felt "
            "disconnected, as you remember it."
        ),
        rows=6, searchable=True, on_card=True, read_as=_l("What happened"),
    ),
    Question(
        "sensations", "body", "checks", _l("What did you notice in your body?"),
        hint=_l("Choose any that fit, or none."), choices=tuple(SENSATIONS),
        read_as=_l("Sensations"),
    ),
    Question(
        "body_location", "body", "line", _l("Where in your body?"),
        hint=_l("For example: chest, throat, belly, hands."),
        max_length=500, searchable=True, read_as=_l("Where"),
    ),
    Question(
        "body_notes", "body", "text", _l("Anything else about how it felt?"),
        searchable=True, read_as=_l("More about it"),
    ),
    Question(
        "intensity", "body", "scale", _l("How intense did it feel, from 0 to 10?"),
        low=_l("barely there"), high=_l("as strong as it gets"), max_length=5,
        on_card=True, measure=True, read_as=_l("Intensity in the moment"),
    ),
    Question(
        "loudest_part", "parts", "radios", _l("Which part of you was loudest?"),
        choices=tuple(PARTS), max_length=20, read_as=_l("Loudest"),
        read_labels=tuple(PART_LABELS.items()),
    ),
    Question(
        "protective_wanted", "parts", "text", _l("What did the protective part want?"),
        hint=_l("It may have wanted to fight, hide, or keep you from being hurt again."),
        searchable=True, read_as=_l("The protective part wanted"),
    ),
    Question(
        "vulnerable_wanted", "parts", "text", _l("What did the vulnerable part want?"),
        hint=_l("Perhaps to be seen, held, or understood."), searchable=True,
        read_as=_l("The vulnerable part wanted"),
    ),
    Question(
        "compassionate_wanted", "parts", "text",
        _l("What would your compassionate self say?"),
        hint=_l("The calm, kind part of you that can listen to both."),
        searchable=True, read_as=_l("Your compassionate self"),
    ),
    Question(
        "repair_tried", "repair", "radios", _l("Did you try to repair?"),
        choices=tuple(REPAIR_CHOICES), max_length=20, on_card=True, measure=True,
        read_as=_l("Repair"), read_labels=tuple(REPAIR_LABELS.items()),
        answer=FollowUp(WHEN_NOT_SAFE, "reflections/_not_safe.html"),
    ),
    Question(
        "repair_text", "repair", "text",
        _l("What was said or done, or what could be?"),
        hint=_l("Naming what happened, listening, or simply reaching back all count."),
        rows=4, searchable=True, skipped_when=WHEN_NOT_SAFE,
        read_as=_l("What was said or done, or could be"),
    ),
    Question(
        "connection", "repair", "scale",
        _l("How connected do you feel now, from 0 to 10?"),
        low=_l("far apart"), high=_l("close again"), max_length=5, on_card=True,
        skipped_when=WHEN_NOT_SAFE, measure=True, read_as=_l("Connection afterwards"),
    ),
    Question(
        "lesson_learned", "lesson", "text",
        _l("Does this moment link to something from before?"),
        hint=_l(
            "A feeling or pattern you recognise from earlier in life. If nothing "
            "shows itself, that is fine."
        ),
        rows=4, searchable=True, read_as=_l("What this teaches"),
        # A strong reaction to someone who frightens or controls you may fit the
        # present: no echo of the past is suggested then.
        reworded=Rewording(
            WHEN_NOT_SAFE,
            _l("Is there anything you want to remember about this moment?"),
            _l(
                "A strong reaction can fit what is happening now. Write only what "
                "feels safe to keep, or leave this empty."
            ),
        ),
    ),
)  # fmt: skip
BY_NAME = {question.name: question for question in QUESTIONS}

# The day is a plain column (it orders the journal); every other answer is sealed,
# together, in one document per entry.
SEALED = tuple(q for q in QUESTIONS if q.name != "occurred_on")
SEARCHABLE = tuple(q.name for q in QUESTIONS if q.searchable)
ON_CARD = tuple(q.name for q in QUESTIONS if q.on_card)
MEASURES = tuple(q.name for q in QUESTIONS if q.measure)
# Each entry's sealed summary: what its card shows and what the trends follow, so
# neither opens the whole entry.
IN_SUMMARY = tuple(q.name for q in QUESTIONS if q.on_card or q.measure)


def follow_ups(answers: Mapping[str, Any]) -> dict[str, list[str]]:
    """The templates said after these answers, by the step that asks them."""
    found: dict[str, list[str]] = {}
    for q in QUESTIONS:
        if q.answer is not None and q.answer.when.holds(answers):
            found.setdefault(q.step, []).append(q.answer.template)
    return found


EXCERPT_CHARS = 140


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    return flat[:limit].rsplit(" ", 1)[0].rstrip(",.;:") + "…"


def answers_of(values: dict[str, Any]) -> dict[str, Any]:
    """Cleaned form values -> the sealed document: every question, in order, each
    answer in its own type (empty ones too, so a row does not show which steps were
    skipped)."""
    answers: dict[str, Any] = {}
    for q in SEALED:
        value = values.get(q.name)
        if q.is_list:
            answers[q.name] = [str(v) for v in value or [] if str(v) in q.allowed]
        elif q.is_number:
            answers[q.name] = _number_or_none(value)
        else:
            answers[q.name] = "" if value is None else str(value)
    return answers


def summary_of(answers: dict[str, Any]) -> dict[str, Any]:
    """What a card shows and the trends follow, long words cut to an excerpt."""
    return {
        name: excerpt(value) if isinstance(value, str) and name in SEARCHABLE else value
        for name, value in answers.items()
        if name in IN_SUMMARY
    }


def read_back(answers: Mapping[str, Any]) -> dict[str, str]:
    """The answers given in `answers`, by their short names, as a person reads them
    (the readable export): choices by their names in the reader's language."""
    return {
        str(q.read_as): q.answer_text(answers[q.name])
        for q in QUESTIONS
        if q.name in answers
    }


def read_answers(document: Any) -> dict[str, Any]:
    """An opened document -> every sealed question's answer in its own type; missing
    or odd values read as empty."""
    got = document if isinstance(document, dict) else {}
    answers: dict[str, Any] = {}
    for q in SEALED:
        if q.name not in got:
            continue
        value = got[q.name]
        if q.is_list:
            answers[q.name] = [str(v) for v in value] if isinstance(value, list) else []
        elif q.is_number:
            answers[q.name] = _number_or_none(value)
        else:
            answers[q.name] = value if isinstance(value, str) else ""
    return answers


def _number_or_none(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    text = str(value).strip() if value is not None else ""
    return int(text) if text.isdigit() else None


def matches(answers: dict[str, Any], needle: str) -> bool:
    """Whether the person's own words hold `needle` (already casefolded)."""
    return any(needle in str(answers.get(name, "")).casefold() for name in SEARCHABLE)


@lru_cache(maxsize=8)
def labels_in(language: str) -> dict[str, Any]:
    """The answers' labels as read in `language`, translated once per language
    instead of on every page and card that shows them. Tuples, so a shared part
    (the journal's filters) can be keyed by them."""

    def listed(pairs: list[tuple[str, Any]]) -> tuple[tuple[str, str], ...]:
        return tuple((value, str(label)) for value, label in pairs)

    def labels(table: dict[str, Any]) -> dict[str, str]:
        return {value: str(label) for value, label in table.items()}

    with speaking(language):
        return {
            "kinds": listed(RELATIONSHIP_KINDS),
            "kind_labels": labels(KIND_LABELS),
            "sensations": listed(SENSATIONS),
            "sensation_labels": labels(SENSATION_LABELS),
            "parts": listed(PARTS),
            "part_labels": labels(PART_LABELS),
            "repair_choices": listed(REPAIR_CHOICES),
            "repair_labels": labels(REPAIR_LABELS),
            "repair_filter": listed(list(REPAIR_LABELS.items())),
        }
