"""A person's passkeys, and the challenges of ceremonies under way."""

from __future__ import annotations

import uuid
from typing import Any

from tortoise import fields
from tortoise.models import Model

from server.accounts.models import User
from server.crypto import FieldCipher
from server.sealed import Sealed

NAME_MAX = 60


class Passkey(Sealed, Model):
    id = fields.UUIDField(primary_key=True, default=uuid.uuid4)
    user_id: uuid.UUID
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "accounts.User", related_name="passkeys", on_delete=fields.CASCADE
    )
    # base64url of the credential id the authenticator chose (at most 1023 bytes).
    credential_id = fields.CharField(max_length=1400, unique=True)
    # The COSE public key: not a secret, only ever used to check signatures.
    public_key = fields.BinaryField()
    # The authenticator's signature counter (0 for most synced passkeys); an
    # answer whose counter does not go up, once it has, is refused as a clone.
    sign_count = fields.BigIntField(default=0)
    # Backup flags: whether the passkey may be, and is, synced to other devices.
    backup_eligible = fields.BooleanField(default=False)
    backed_up = fields.BooleanField(default=False)
    # Comma-separated transports the browser reported ("internal,hybrid").
    transports = fields.CharField(max_length=200, default="")
    # Sealed: the device name, in the person's words ("Pixel 8").
    name = fields.TextField()
    created_at = fields.DatetimeField(auto_now_add=True)
    last_used_at = fields.DatetimeField(null=True)

    class Meta:
        table = "passkeys"
        indexes = (("user_id",),)

    def export_dict(self, cipher: FieldCipher) -> dict[str, Any]:
        return {
            "name": self.open(cipher, "name"),
            "credential_id": self.credential_id,
            "created_at": self.created_at.isoformat(),
            "last_used_at": self.last_used_at.isoformat() if self.last_used_at else "",
            "synced": self.backed_up,
        }


class PasskeyChallenge(Model):
    """One ceremony's challenge: kept in the database, so every app instance sees
    it, and deleted when it is used (single use) or after a few minutes."""

    # base64url of the random challenge itself: the browser signs it and the
    # answer carries it back, so it is its own key.
    challenge = fields.CharField(max_length=128, primary_key=True)
    # "add" (Settings), "signin" (/login), "signup" (/register), "confirm".
    purpose = fields.CharField(max_length=16)
    # The signed-in person for "add" and "confirm"; for "signup", the id the new
    # account will have (the passkey is made for it before the account exists).
    user_id = fields.UUIDField(null=True)
    # For "signup": the username and time zone asked for.
    username = fields.CharField(max_length=32, default="")
    timezone = fields.CharField(max_length=64, default="")
    expires_at = fields.DatetimeField(db_index=True)

    class Meta:
        table = "passkey_challenges"
