"""The plan itself: read it, and save a card atomically. Looking it over is in
review.py, walking it in a crisis in crisis.py, sharing it in sharing.py."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from uuid import UUID

from tortoise.transactions import in_transaction

from server.crypto import FieldCipher
from server.db import Row
from server.places.crisis_lines import (
    CountryHelp,
)
from server.safety_plan import queries
from server.safety_plan.cards import COPING, Card, cards_in
from server.safety_plan.models import Plan, PlanItem, dial_string
from server.web.i18n import current_language

MAX_ITEMS = 30


# --- reading -----------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One entry, opened for display. `phone` never appears as visible text."""

    id: UUID
    text: str
    phone: str = ""
    note: str = ""
    source: str = ""

    @property
    def dial(self) -> str:
        return dial_string(self.phone)

    @property
    def tel_href(self) -> str:
        return f"tel:{self.dial}" if self.dial else ""

    @property
    def sms_href(self) -> str:
        return f"sms:{self.dial}" if self.dial else ""


@dataclass
class PlanContents:
    """Every card with its entries, in plan order, and the crisis lines to show."""

    items: dict[str, list[Item]]
    help: CountryHelp | None
    cards: Sequence[Card] = field(default_factory=lambda: cards_in(current_language()))

    def of(self, card: Card) -> list[Item]:
        return self.items.get(card.slug, [])

    @property
    def is_empty(self) -> bool:
        return not any(self.items.values())


def open_item(row: PlanItem, cipher: FieldCipher) -> Item:
    return Item(
        id=row.id,
        text=row.open(cipher, "text"),
        phone=row.open(cipher, "phone"),
        note=row.open(cipher, "note"),
        source=row.source,
    )


def open_row(row: Row, cipher: FieldCipher) -> Item:
    """An entry from a quick read's row, without making the model."""
    row_id = row["id"]

    def opened(field: str) -> str:
        return PlanItem.open_column(cipher, row_id, field, row[field])

    return Item(
        id=row_id if isinstance(row_id, UUID) else UUID(str(row_id)),
        text=opened("text"),
        phone=opened("phone"),
        note=opened("note"),
        source=row["source"],
    )


async def card_items(user_id: UUID, card: Card, cipher: FieldCipher) -> list[Item]:
    rows = await PlanItem.filter(user_id=user_id, card=card.slug).order_by(
        "position", "created_at"
    )
    return [open_item(row, cipher) for row in rows]


async def load_plan(
    user_id: UUID, cipher: FieldCipher, help: CountryHelp | None
) -> PlanContents:
    """One read of every item (no writes: the crisis sequence uses this too)."""
    items: dict[str, list[Item]] = {}
    for row in await queries.items(user_id):
        items.setdefault(row["card"], []).append(open_row(row, cipher))
    return PlanContents(items=items, help=help)


# --- saving a card -------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One row of the card form: an existing item (id) or a new one (id None)."""

    id: UUID | None
    text: str
    phone: str = ""
    note: str = ""

    @property
    def is_blank(self) -> bool:
        return not (self.text or self.phone or self.note)


def arrange(entries: list[Entry], action: str) -> list[Entry]:
    """Apply "up:<id>", "down:<id>" or "remove:<id>" to the list; "save" keeps it."""
    verb, _, target = action.partition(":")
    index = next(
        (i for i, e in enumerate(entries) if e.id and str(e.id) == target), None
    )
    if index is None:
        return entries
    result = list(entries)
    if verb == "remove":
        # A blank entry with its id: save_card deletes it (a missing id is kept).
        result[index] = Entry(result[index].id, "")
    elif verb == "up" and index > 0:
        result[index - 1], result[index] = result[index], result[index - 1]
    elif verb == "down" and index < len(result) - 1:
        result[index + 1], result[index] = result[index], result[index + 1]
    return result


AfterWrite = Callable[[int], Awaitable[None]]


async def save_card(
    user_id: UUID,
    cipher: FieldCipher,
    card: Card,
    entries: list[Entry],
    *,
    after_write: AfterWrite | None = None,
) -> None:
    """Make the card hold exactly these entries, in this order, all at once.

    An existing item missing from `entries` is kept at the end: it was added
    elsewhere (a lesson) after the form was drawn, and only an explicit removal or a
    cleared entry deletes. `after_write` is called after each row written; tests use
    it to fail midway and check the previous version survives.
    """
    async with in_transaction():
        existing = {
            row.id: row
            for row in await PlanItem.filter(user_id=user_id, card=card.slug).order_by(
                "position", "created_at"
            )
        }
        posted = {e.id for e in entries if e.id}
        unseen = [
            open_item(row, cipher)
            for row_id, row in existing.items()
            if row_id not in posted
        ]
        # Existing entries in the order posted, then unseen ones, then new ones.
        keep = [e for e in entries if e.id and not e.is_blank]
        keep += [Entry(i.id, i.text, i.phone, i.note) for i in unseen]
        keep += [e for e in entries if not e.id and not e.is_blank]
        writes = 0
        for row_id, row in existing.items():
            if row_id in posted and row_id not in {e.id for e in keep}:
                await row.delete()
                writes += 1
                if after_write:
                    await after_write(writes)
        for position, entry in enumerate(keep):
            found = existing.get(entry.id) if entry.id else None
            row = found or PlanItem(user_id=user_id, card=card.slug)
            row.position = position
            row.seal(cipher, "text", entry.text)
            row.seal(cipher, "phone", entry.phone if card.contacts else "")
            row.seal(cipher, "note", entry.note if card.contacts else "")
            await row.save()
            writes += 1
            if after_write:
                await after_write(writes)
        await Plan.get_or_create(user_id=user_id)


def _same_words(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


async def has_coping_step(user_id: UUID, cipher: FieldCipher, text: str) -> bool:
    """True when card 2 already holds these words (spacing and case aside)."""
    rows = await queries.card_texts(user_id, COPING)
    return any(
        _same_words(PlanItem.open_column(cipher, row["id"], "text", row["text"]), text)
        for row in rows
    )


async def add_coping_step(
    user_id: UUID, cipher: FieldCipher, text: str, source: str = "lesson"
) -> bool:
    """Add to card 2 unless the same words are already there; True if added."""
    text = " ".join(text.split())[:500]
    if not text:
        return False
    async with in_transaction():
        rows = await PlanItem.filter(user_id=user_id, card=COPING).order_by("-position")
        if any(_same_words(row.open(cipher, "text"), text) for row in rows):
            return False
        item = PlanItem(
            user_id=user_id,
            card=COPING,
            position=(rows[0].position + 1) if rows else 0,
            source=source,
        )
        item.seal(cipher, "text", text)
        item.seal(cipher, "phone", "")
        item.seal(cipher, "note", "")
        await item.save()
        await Plan.get_or_create(user_id=user_id)
    return True
