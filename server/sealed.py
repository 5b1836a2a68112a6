"""Sealed fields: a model's private text, encrypted with its person's data key and
bound to its table, row and field (server/crypto.py), so a ciphertext copied to
another row or field does not open."""

from __future__ import annotations

from server.crypto import DecryptionError, FieldCipher
from server.db import table_of
from server.web.i18n import _l

# Shown where text no longer opens (its key is gone, or the row was tampered with),
# in the reader's language.
UNREADABLE = _l("[this text could not be opened]")


def is_unreadable(text: str) -> bool:
    return text == str(UNREADABLE)


class Sealed:
    """Mixin for models with encrypted fields: seal/open bind ciphertext to the row."""

    def seal(self, cipher: FieldCipher, field: str, value: str) -> None:
        table = table_of(type(self))  # type: ignore[arg-type]
        setattr(
            self,
            field,
            cipher.encrypt(value, table=table, row_id=self.pk, field=field),  # type: ignore[attr-defined]
        )

    def open(self, cipher: FieldCipher, field: str, default: str = "") -> str:
        return self.open_column(cipher, self.pk, field, getattr(self, field), default)  # type: ignore[attr-defined]

    @classmethod
    def open_column(
        cls,
        cipher: FieldCipher,
        row_id: object,
        field: str,
        token: str,
        default: str = "",
    ) -> str:
        """One sealed value read without making the row (a quick read's column)."""
        if not token:
            return default
        table = table_of(cls)  # type: ignore[arg-type]
        try:
            return cipher.decrypt(token, table=table, row_id=row_id, field=field)
        except DecryptionError:
            return str(UNREADABLE)
