"""A person's data, exported and deleted: each feature lists its tables of one
person's rows in its manifest (`personal_data`, server/feature.py).

Every such model has a direct `user` foreign key and an `export_dict(cipher)`.
Export reads every listed table; account deletion deletes from them in one
transaction. A test checks that every model pointing at User is listed, so a table
added later cannot be forgotten.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from tortoise.models import Model

from server.crypto import FieldCipher
from server.db import in_batches

# What the JSON export says it is, so a restore (server/restore.py) or another app
# knows how to read it. A change that an older reader would misread raises VERSION.
EXPORT_FORMAT = "attune-export"
EXPORT_VERSION = 1


@dataclass(frozen=True)
class PersonalData:
    model: type[Model]
    # Name of the section in the export ("reflections", "plan_items", ...).
    section: str
    # Rows are ordered by these fields in the export (then by primary key).
    order_by: tuple[str, ...] = ("pk",)


async def export_everything(
    user_id: UUID,
    cipher: FieldCipher,
    tables: Sequence[PersonalData],
    label: Callable[[str], str] | None = None,
) -> dict[str, Any]:
    """Every row of this person in these tables, opened: read in batches, opened in
    a worker thread, so a long journal does not hold the event loop. With `label`
    (the app's field labels), each row is for a person to read: its fields by
    their names in the reader's language (a model may say how, with
    `readable_dict(cipher, label)`)."""
    sections: dict[str, list[dict[str, Any]]] = {}
    for entry in tables:
        rows = entry.model.filter(user_id=user_id)
        section = sections.setdefault(entry.section, [])
        async for batch in in_batches(rows, entry.order_by):
            section += await asyncio.to_thread(_opened, batch, cipher, label)
    return sections


def _opened(
    rows: list[Model], cipher: FieldCipher, label: Callable[[str], str] | None
) -> list[dict[str, Any]]:
    if label is None:
        return [row.export_dict(cipher) for row in rows]  # type: ignore[attr-defined]
    return [_readable(row, cipher, label) for row in rows]


def _readable(
    row: Model, cipher: FieldCipher, label: Callable[[str], str]
) -> dict[str, Any]:
    own = getattr(row, "readable_dict", None)
    if own is not None:
        return own(cipher, label)  # type: ignore[no-any-return]
    exported = row.export_dict(cipher)  # type: ignore[attr-defined]
    return {label(key): value for key, value in exported.items()}


async def delete_personal_rows(user_id: UUID, tables: Sequence[PersonalData]) -> int:
    """Delete every row of this person in these tables (inside a transaction)."""
    deleted = 0
    # Reverse order: the features are listed after accounts, and their rows may
    # point at each other; children go first.
    for entry in reversed(tables):
        deleted += await entry.model.filter(user_id=user_id).delete()
    return deleted
