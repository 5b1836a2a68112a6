"""Reflections and the draft, read back from an export (server/restore.py).

Each entry goes through the reflection form (the questions' own cleaning), so a
restore never stores what the form would refuse. An entry counts as already here
when an entry with the same day and the same answers is: restoring a file twice,
or restoring a journal into itself, adds nothing.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections import Counter
from datetime import date, datetime
from typing import Any

import msgspec

from server.crypto import FieldCipher
from server.db import in_batches
from server.reflections.forms import STEP_COUNT, ReflectionForm
from server.reflections.models import Reflection, ReflectionDraft
from server.reflections.questions import BY_NAME, QUESTIONS, SEALED, answers_of
from server.reflections.service import (
    new_submit_key,
    submit_key_hash,
)
from server.restore import Restoring, number, problem_in, restores
from server.web.dates import today_in
from server.web.i18n import _, _l, ngettext


def _answer_type(widget: str) -> tuple[Any, Any]:
    if widget == "checks":
        return list[str], msgspec.field(default_factory=list)
    if widget == "scale":
        return int | None, None
    return str, ""


# One entry of the export's "reflections": its day (required), when it was written,
# and every question's answer, declared from the questions.
ReflectionRow = msgspec.defstruct(
    "ReflectionRow",
    [
        ("occurred_on", str),
        ("id", str, ""),
        ("created_at", datetime | None, None),
        ("updated_at", datetime | None, None),
        *((q.name, *_answer_type(q.widget)) for q in SEALED),
    ],
)


class DraftRow(msgspec.Struct):
    values: dict[str, str | list[str]]
    step: int = 1
    updated_at: datetime | None = None


def _as_posted(answers: dict[str, Any]) -> dict[str, Any]:
    """Answers as the form posts them: text, lists of text."""
    posted: dict[str, Any] = {}
    for q in QUESTIONS:
        value = answers.get(q.name)
        if q.is_list:
            posted[q.name] = [str(v) for v in value or []]
        else:
            posted[q.name] = "" if value is None else str(value)
    return posted


def _checked(values: dict[str, Any], where: str) -> ReflectionForm:
    """The reflection form over these values; its first message if it refuses."""
    form = ReflectionForm(values)
    if not form.is_valid():
        name, problem = next(iter(form.errors.items()))
        question = BY_NAME.get(name)
        label = f"“{question.label}”" if question else name
        raise problem_in(f"{where}, {label}", problem)
    return form


def check_reflections(rows: list[Any]) -> list[Any]:
    checked = []
    for place, row in enumerate(rows, 1):
        where = _("reflection %(number)s (%(day)s)") % {
            "number": place,
            "day": row.occurred_on,
        }
        cleaned = _checked(_as_posted(msgspec.structs.asdict(row)), where).cleaned
        day = cleaned["occurred_on"]
        # What is carried to the confirmation and written: the form's values (an
        # empty day is today, as on the form).
        checked.append(
            msgspec.structs.replace(
                row, occurred_on=day.isoformat() if day else "", **answers_of(cleaned)
            )
        )
    return checked


def fingerprint(occurred_on: date, answers: dict[str, Any]) -> str:
    document = json.dumps([occurred_on.isoformat(), answers], sort_keys=True)
    return hashlib.sha256(document.encode()).hexdigest()


def _fingerprints(rows: list[Reflection], cipher: FieldCipher) -> list[str]:
    return [fingerprint(row.occurred_on, row.answers(cipher)) for row in rows]


async def _journal_fingerprints(user_id: Any, cipher: FieldCipher) -> Counter[str]:
    """The entries already here, opened a batch at a time in a worker thread."""
    found: Counter[str] = Counter()
    async for batch in in_batches(Reflection.filter(user_id=user_id), ("id",)):
        found.update(await asyncio.to_thread(_fingerprints, batch, cipher))
    return found


def _sealed_rows(
    context: Restoring, rows: list[Any], here: Counter[str]
) -> list[Reflection]:
    made = []
    user = context.user
    for row in rows:
        occurred_on = (
            date.fromisoformat(row.occurred_on)
            if row.occurred_on
            else today_in(user.timezone, context.now)
        )
        answers = answers_of(msgspec.structs.asdict(row))
        key = fingerprint(occurred_on, answers)
        if here[key]:
            here[key] -= 1  # one entry here stands for one in the file
            continue
        entry = Reflection(
            user_id=user.pk,
            occurred_on=occurred_on,
            created_at=row.created_at or context.now,
            submit_key_hash=submit_key_hash(user, new_submit_key()),
        )
        entry.seal_answers(context.cipher, answers)
        made.append(entry)
    return made


@restores(
    "reflections",
    ReflectionRow,
    check=check_reflections,
    counted=lambda n: (
        ngettext("%(num)s reflection", "%(num)s reflections", n) % {"num": number(n)}
    ),
    rank=10,
)
async def restore_reflections(context: Restoring, rows: list[Any]) -> int:
    here = await _journal_fingerprints(context.user.pk, context.cipher)
    made = await asyncio.to_thread(_sealed_rows, context, rows, here)
    if made:
        await Reflection.bulk_create(made, batch_size=200)
    return len(made)


def check_drafts(rows: list[Any]) -> list[Any]:
    checked = []
    for row in rows[:1]:  # a person has one draft at most
        values = {k: v for k, v in row.values.items() if k in BY_NAME}
        form = _checked(values, _("the reflection you had not finished"))
        kept = {name: form.values[name] for name in values}
        step = min(max(row.step, 1), STEP_COUNT)
        checked.append(DraftRow(values=kept, step=step, updated_at=row.updated_at))
    return checked


@restores(
    "reflection_drafts",
    DraftRow,
    check=check_drafts,
    notes={
        "draft-kept": _l(
            "The reflection you were writing here was kept; the unfinished one in "
            "the file was left out."
        )
    },
    counted=lambda n: (
        ngettext(
            "%(num)s reflection you had not finished",
            "%(num)s reflections you had not finished",
            n,
        )
        % {"num": number(n)}
    ),
    rank=11,
)
async def restore_draft(context: Restoring, rows: list[Any]) -> int:
    here = await ReflectionDraft.get_or_none(user_id=context.user.pk)
    if here is not None:
        if here.open_values(context.cipher) != rows[0].values:
            context.notes.add("draft-kept")
        return 0
    row = rows[0]
    draft = ReflectionDraft(
        user_id=context.user.pk, submit_key=new_submit_key(), step=row.step
    )
    draft.seal_values(context.cipher, dict(row.values))
    await draft.save()
    return 1
