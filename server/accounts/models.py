from __future__ import annotations

import uuid
from typing import Any

from tortoise import fields
from tortoise.models import Model

from server.crypto import FieldCipher


class User(Model):
    id = fields.UUIDField(primary_key=True, default=uuid.uuid4)
    # Stored lower-cased; shown as typed is not needed (no public profile).
    username = fields.CharField(max_length=32, unique=True)
    password_hash = fields.CharField(max_length=255)
    recovery_hash = fields.CharField(max_length=64)
    # This person's data key, wrapped by the master key (server/crypto.py).
    wrapped_key = fields.CharField(max_length=200)
    # "" until the person chooses one: then places.country decides, and says so.
    country = fields.CharField(max_length=2, default="")
    # Set when a country the person never chose was cleared (migration 0004): they
    # are asked once to check it.
    country_notice = fields.BooleanField(default=False, db_default=False)
    timezone = fields.CharField(max_length=64, default="UTC")
    # "" until the person chooses one; then it wins over the browser's languages.
    language = fields.CharField(max_length=8, default="")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "users"

    def export_dict(self, cipher: FieldCipher) -> dict[str, Any]:
        return {
            "username": self.username,
            "country": self.country,
            "timezone": self.timezone,
            "language": self.language,
            "created_at": self.created_at.isoformat(),
        }


class Session(Model):
    # SHA-256 of the cookie token: a stolen database does not yield live sessions.
    token_hash = fields.CharField(max_length=64, primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "accounts.User", related_name="sessions", on_delete=fields.CASCADE
    )
    created_at = fields.DatetimeField()
    last_seen_at = fields.DatetimeField()
    expires_at = fields.DatetimeField(db_index=True)

    class Meta:
        table = "sessions"
        # Signing out everywhere and deleting an account find a person's sessions.
        indexes = (("user_id",),)

    def export_dict(self, cipher: FieldCipher) -> dict[str, Any]:
        return {
            "signed_in_at": self.created_at.isoformat(),
            "last_seen_at": self.last_seen_at.isoformat(),
        }
