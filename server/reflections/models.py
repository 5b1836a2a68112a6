"""Rupture-and-repair reflections: every word and number sealed per field."""

from __future__ import annotations

import json
import uuid
from typing import Any

from tortoise import fields
from tortoise.models import Model

from server.crypto import FieldCipher
from server.privacy import Sealed, personal_data
from server.web.i18n import _l

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
REPAIR_NOT_SOUGHT = frozenset({"chose-not", "not-safe"})

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

# What a person writes, in the order of the steps. Text fields hold their words;
# sensations is a JSON list; intensity and connection are numbers kept as text.
TEXT_FIELDS = (
    "relationship_kind",
    "person_name",
    "what_happened",
    "body_location",
    "body_notes",
    "loudest_part",
    "protective_wanted",
    "vulnerable_wanted",
    "compassionate_wanted",
    "repair_tried",
    "repair_text",
    "lesson_learned",
)
NUMBER_FIELDS = ("intensity", "connection")
LIST_FIELDS = ("sensations",)
SEALED_FIELDS = (*TEXT_FIELDS, *NUMBER_FIELDS, *LIST_FIELDS)
# Where search looks: the person's own words.
SEARCHABLE = (
    "person_name",
    "what_happened",
    "body_location",
    "body_notes",
    "protective_wanted",
    "vulnerable_wanted",
    "compassionate_wanted",
    "repair_text",
    "lesson_learned",
)


def content_to_store(values: dict[str, Any]) -> dict[str, str]:
    """Cleaned values -> the plain strings that get sealed, one per field."""
    stored: dict[str, str] = {}
    for name in TEXT_FIELDS:
        stored[name] = str(values.get(name) or "")
    for name in NUMBER_FIELDS:
        number = values.get(name)
        stored[name] = "" if number is None or number == "" else str(int(number))
    for name in LIST_FIELDS:
        stored[name] = json.dumps(list(values.get(name) or []))
    return stored


def content_from_store(stored: dict[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = {name: stored.get(name, "") for name in TEXT_FIELDS}
    for name in NUMBER_FIELDS:
        text = stored.get(name, "")
        values[name] = int(text) if text.isdigit() else None
    for name in LIST_FIELDS:
        try:
            got = json.loads(stored.get(name) or "[]")
        except ValueError:
            got = []
        values[name] = [str(v) for v in got] if isinstance(got, list) else []
    return values


@personal_data("reflections", order_by=("occurred_on", "created_at"))
class Reflection(Sealed, Model):
    id = fields.UUIDField(primary_key=True, default=uuid.uuid4)
    user: fields.ForeignKeyRelation[Any] = fields.ForeignKeyField(
        "accounts.User", related_name="reflections", on_delete=fields.CASCADE
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)
    # The day is stored plain on purpose: it orders the history and lets the
    # database filter a date range. It says when, never what; the words, the
    # relationship and every number below are sealed.
    occurred_on = fields.DateField(db_index=True)
    # SHA-256 of (person, the form's random key): a double tap or a replayed post
    # finds the entry the first one made instead of writing a second.
    submit_key_hash = fields.CharField(max_length=64, unique=True)

    relationship_kind = fields.TextField(default="")
    person_name = fields.TextField(default="")
    what_happened = fields.TextField(default="")
    sensations = fields.TextField(default="")
    body_location = fields.TextField(default="")
    body_notes = fields.TextField(default="")
    intensity = fields.TextField(default="")
    loudest_part = fields.TextField(default="")
    protective_wanted = fields.TextField(default="")
    vulnerable_wanted = fields.TextField(default="")
    compassionate_wanted = fields.TextField(default="")
    repair_tried = fields.TextField(default="")
    repair_text = fields.TextField(default="")
    connection = fields.TextField(default="")
    lesson_learned = fields.TextField(default="")

    class Meta:
        table = "reflections"
        # A person's journal, newest first, without reading anyone else's rows.
        indexes = (("user_id", "occurred_on", "created_at"),)

    def seal_content(self, cipher: FieldCipher, values: dict[str, Any]) -> None:
        # Every field is sealed, empty ones too, so a row does not show which
        # steps were skipped.
        for name, text in content_to_store(values).items():
            self.seal(cipher, name, text)

    def open_fields(
        self, cipher: FieldCipher, names: tuple[str, ...] = SEALED_FIELDS
    ) -> dict[str, Any]:
        stored = {name: self.open(cipher, name) for name in names}
        values = content_from_store(stored)
        return {name: values[name] for name in names}

    def export_dict(self, cipher: FieldCipher) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "occurred_on": self.occurred_on.isoformat(),
            "created_at": self.created_at.isoformat(),
            "updated_at": self.updated_at.isoformat(),
            **self.open_fields(cipher),
        }


@personal_data("reflection_drafts")
class ReflectionDraft(Sealed, Model):
    """The step-by-step entry in progress: one per person, kept between visits."""

    id = fields.UUIDField(primary_key=True, default=uuid.uuid4)
    # One-to-one: the user_id column is UNIQUE, so a person has one draft at most.
    user: fields.OneToOneRelation[Any] = fields.OneToOneField(
        "accounts.User", related_name="reflection_draft", on_delete=fields.CASCADE
    )
    # Sealed JSON of the step values typed so far (occurred_on included).
    values = fields.TextField(default="")
    # The random key of the form this draft belongs to (not private: it only
    # ties a double submit to one entry).
    submit_key = fields.CharField(max_length=64)
    step = fields.SmallIntField(default=1)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "reflection_drafts"

    def open_values(self, cipher: FieldCipher) -> dict[str, Any]:
        try:
            got = json.loads(self.open(cipher, "values") or "{}")
        except ValueError:
            got = {}
        return got if isinstance(got, dict) else {}

    def seal_values(self, cipher: FieldCipher, values: dict[str, Any]) -> None:
        self.seal(cipher, "values", json.dumps(values))

    def export_dict(self, cipher: FieldCipher) -> dict[str, Any]:
        return {
            "updated_at": self.updated_at.isoformat(),
            "step": self.step,
            "values": self.open_values(cipher),
        }
