"""Rupture-and-repair reflections: every answer sealed, in one document per entry."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

from tortoise import fields
from tortoise.models import Model

from server.crypto import FieldCipher
from server.reflections.questions import (
    BY_NAME,
    MEASURES,
    ON_CARD,
    SEALED,
    answers_of,
    read_answers,
    read_back,
    summary_of,
)
from server.sealed import Sealed, is_unreadable


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

    # The answers, one sealed JSON document (server/reflections/questions.py), and
    # a sealed summary of what a card shows: a page of cards opens one ciphertext
    # per card, and an entry opens one.
    content = fields.TextField(default="", db_default="")
    summary = fields.TextField(default="", db_default="")

    class Meta:
        table = "reflections"
        # A person's journal, newest first, without reading anyone else's rows.
        indexes = (("user_id", "occurred_on", "created_at"),)

    def seal_answers(self, cipher: FieldCipher, values: dict[str, Any]) -> None:
        answers = answers_of(values)
        self.seal(cipher, "content", json.dumps(answers))
        self.seal(cipher, "summary", json.dumps(summary_of(answers)))

    def open_document(self, cipher: FieldCipher, field: str) -> dict[str, Any]:
        return self.document(cipher, self.id, field, getattr(self, field))

    @classmethod
    def document(
        cls, cipher: FieldCipher, row_id: object, field: str, token: str
    ) -> dict[str, Any]:
        """A sealed document's answers, from its column's value."""
        return read_answers(cls._opened(cipher, row_id, field, token))

    @classmethod
    def _opened(
        cls, cipher: FieldCipher, row_id: object, field: str, token: str
    ) -> dict[str, Any]:
        opened = cls.open_column(cipher, row_id, field, token)
        if is_unreadable(opened):
            # The key is gone or the row was tampered with: say so where words were.
            return {q.name: opened for q in SEALED if q.widget in ("line", "text")}
        try:
            got = json.loads(opened or "{}")
        except ValueError:
            return {}
        return got if isinstance(got, dict) else {}

    def answers(self, cipher: FieldCipher) -> dict[str, Any]:
        """Every sealed question's answer (missing ones empty)."""
        opened = self.open_document(cipher, "content")
        return {q.name: opened.get(q.name, q.empty()) for q in SEALED}

    def card_answers(self, cipher: FieldCipher) -> dict[str, Any]:
        return self.card_answers_of(cipher, self.id, self.summary)

    @classmethod
    def card_answers_of(
        cls, cipher: FieldCipher, row_id: object, summary: str
    ) -> dict[str, Any]:
        """What a card shows (missing answers empty), from the sealed summary. The
        summary is only ever written by seal_answers, so it is read as written."""
        got = cls._opened(cipher, row_id, "summary", summary)
        return {name: got.get(name, BY_NAME[name].empty()) for name in ON_CARD}

    def measures(self, cipher: FieldCipher) -> dict[str, Any]:
        """The answers the trends follow (missing ones empty), from the summary."""
        got = self._opened(cipher, self.id, "summary", self.summary)
        return {name: got.get(name, BY_NAME[name].empty()) for name in MEASURES}

    def export_dict(self, cipher: FieldCipher) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "occurred_on": self.occurred_on.isoformat(),
            "created_at": self.created_at.isoformat(),
            "updated_at": self.updated_at.isoformat(),
            **self.answers(cipher),
        }

    def readable_dict(
        self, cipher: FieldCipher, field_label: Callable[[str], str]
    ) -> dict[str, Any]:
        """The export for a person to read: answers by their names, in words."""
        answers = {"occurred_on": self.occurred_on, **self.answers(cipher)}
        return {
            field_label("id"): str(self.id),
            **read_back(answers),
            field_label("created_at"): self.created_at,
            field_label("updated_at"): self.updated_at,
        }


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

    def readable_dict(
        self, cipher: FieldCipher, field_label: Callable[[str], str]
    ) -> dict[str, Any]:
        """The draft's words as a person reads them, not its field names."""
        return {
            field_label("updated_at"): self.updated_at,
            field_label("step"): self.step,
            **read_back(self.open_values(cipher)),
        }
