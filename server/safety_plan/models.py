"""A person's safety plan: one Plan row (timestamps only), its items, its share links.

Every word a person writes here (items, names, phone numbers, notes, who a link is
for) is sealed with their data key, bound to the row and field (server/privacy.py).
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from typing import Any

from tortoise import fields
from tortoise.models import Model

from server.crypto import FieldCipher
from server.safety_plan.cards import BY_SLUG
from server.sealed import Sealed


class Plan(Model):
    # When the plan was made and looked at; nothing from what the person wrote.

    id = fields.UUIDField(primary_key=True, default=uuid.uuid4)
    user: fields.OneToOneRelation[Any] = fields.OneToOneField(
        "accounts.User", related_name="safety_plan", on_delete=fields.CASCADE
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    # Set by viewing /plan (never by the crisis sequence, which records nothing).
    viewed_at = fields.DatetimeField(null=True)
    # "Not now" on the home page's review note.
    review_dismissed_at = fields.DatetimeField(null=True)

    class Meta:
        table = "safety_plans"

    def export_dict(self, cipher: FieldCipher) -> dict[str, Any]:
        def iso(value: datetime | None) -> str | None:
            return value.isoformat() if value else None

        return {
            "created_at": iso(self.created_at),
            "viewed_at": iso(self.viewed_at),
            "review_dismissed_at": iso(self.review_dismissed_at),
        }


class PlanItem(Sealed, Model):
    id = fields.UUIDField(primary_key=True, default=uuid.uuid4)
    user: fields.ForeignKeyRelation[Any] = fields.ForeignKeyField(
        "accounts.User", related_name="plan_items", on_delete=fields.CASCADE
    )
    card = fields.CharField(max_length=32)
    position = fields.IntField(default=0)
    # Sealed: the entry in the person's words (a contact's name on contact cards),
    # the phone number and the note.
    text = fields.TextField()
    phone = fields.TextField(default="")
    note = fields.TextField(default="")
    # "lesson" when it came from "Add this practice to my safety plan".
    source = fields.CharField(max_length=16, default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "safety_plan_items"
        indexes = (("user_id", "card", "position"),)

    def export_dict(self, cipher: FieldCipher) -> dict[str, Any]:
        card = BY_SLUG.get(self.card)
        return {
            "card": str(card.title) if card else self.card,
            # The card's title is in the reader's language; a restore reads this.
            "card_id": self.card,
            "position": self.position + 1,
            "text": self.open(cipher, "text"),
            "phone": self.open(cipher, "phone"),
            "note": self.open(cipher, "note"),
            "source": self.source,
            "created_at": self.created_at.isoformat(),
        }


class ShareLink(Sealed, Model):
    # A read-only link to the plan. Only the SHA-256 of its token is stored, and a
    # copy of the person's data key wrapped with a key derived from the token (see
    # service.py), so this row alone opens nothing.

    id = fields.UUIDField(primary_key=True, default=uuid.uuid4)
    user: fields.ForeignKeyRelation[Any] = fields.ForeignKeyField(
        "accounts.User", related_name="plan_links", on_delete=fields.CASCADE
    )
    token_hash = fields.CharField(max_length=64, unique=True)
    wrapped_key = fields.CharField(max_length=200)
    # Sealed: who the person made it for ("my therapist"), in their words.
    label = fields.TextField(default="")
    # Whether the page offers to call or text the person's contacts (their phone
    # numbers are in those links); asked before the link is made, as printing asks.
    include_phones = fields.BooleanField(default=False)
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField(db_index=True)

    class Meta:
        table = "safety_plan_links"
        # The share page lists a person's links.
        indexes = (("user_id",),)

    def export_dict(self, cipher: FieldCipher) -> dict[str, Any]:
        return {
            "for": self.open(cipher, "label"),
            "shows_phone_numbers": self.include_phones,
            "created_at": self.created_at.isoformat(),
            "expires_at": self.expires_at.isoformat(),
        }


PHONE_CHARS = re.compile(r"^[0-9+()\-.\s]+$")


def dial_string(phone: str) -> str:
    """What goes after tel: or sms: (digits and a leading +)."""
    digits = re.sub(r"[^0-9+]", "", phone)
    return ("+" if digits.startswith("+") else "") + digits.replace("+", "")
