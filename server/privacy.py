"""Where each feature declares the personal data it keeps, for export and deletion.

Every model holding a person's data has a direct `user` foreign key and is decorated
with @personal_data. Export walks this registry; account deletion deletes from it in
one transaction. A test checks that every model pointing at User is registered, so a
table added later cannot be forgotten.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar
from uuid import UUID

from tortoise.models import Model

from server.crypto import FieldCipher
from server.db import in_batches
from server.web.field_labels import field_label

M = TypeVar("M", bound=type[Model])

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
    order_by: tuple[str, ...]


REGISTRY: list[PersonalData] = []


def personal_data(
    section: str, order_by: tuple[str, ...] = ("pk",)
) -> Callable[[M], M]:
    """Register a model whose rows belong to one person (field `user`).

    The model must define `export_dict(self, cipher) -> dict`.
    """

    def register(model: M) -> M:
        if not any(entry.model is model for entry in REGISTRY):
            REGISTRY.append(PersonalData(model, section, order_by))
        return model

    return register


async def export_everything(
    user_id: UUID, cipher: FieldCipher, *, readable: bool = False
) -> dict[str, Any]:
    """Every registered row of this person, opened: read in batches, opened in a
    worker thread, so a long journal does not hold the event loop. `readable`:
    each row for a person to read, its fields by their names in the reader's
    language (a model may say how, with `readable_dict(cipher)`)."""
    sections: dict[str, list[dict[str, Any]]] = {}
    for entry in REGISTRY:
        rows = entry.model.filter(user_id=user_id)
        section = sections.setdefault(entry.section, [])
        async for batch in in_batches(rows, entry.order_by):
            section += await asyncio.to_thread(_opened, batch, cipher, readable)
    return sections


def _opened(
    rows: list[Model], cipher: FieldCipher, readable: bool
) -> list[dict[str, Any]]:
    if not readable:
        return [row.export_dict(cipher) for row in rows]  # type: ignore[attr-defined]
    return [_readable(row, cipher) for row in rows]


def _readable(row: Model, cipher: FieldCipher) -> dict[str, Any]:
    own = getattr(row, "readable_dict", None)
    if own is not None:
        return own(cipher)  # type: ignore[no-any-return]
    exported = row.export_dict(cipher)  # type: ignore[attr-defined]
    return {field_label(key): value for key, value in exported.items()}


async def delete_personal_rows(user_id: UUID) -> int:
    """Delete every registered row of this person (call inside a transaction)."""
    deleted = 0
    # Reverse registration order: features register after accounts, and their rows
    # may point at each other; children go first.
    for entry in reversed(REGISTRY):
        deleted += await entry.model.filter(user_id=user_id).delete()
    return deleted
