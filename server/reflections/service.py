"""Writing, finding and reading back one person's reflections."""

from __future__ import annotations

import hashlib
import math
import secrets
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlencode
from uuid import UUID
from zoneinfo import ZoneInfo

from litestar.exceptions import NotFoundException
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from server import reads
from server.accounts.models import User
from server.crypto import FieldCipher
from server.reflections.models import (
    KIND_LABELS,
    REPAIR_LABELS,
    SEARCHABLE,
    Reflection,
    ReflectionDraft,
)

PER_PAGE = 20
EXCERPT_CHARS = 140
CARD_FIELDS = (
    "relationship_kind",
    "what_happened",
    "intensity",
    "connection",
    "repair_tried",
)
# What a page of history reads: the card's fields, never the rest of the entry.
LISTED_COLUMNS = ("id", "occurred_on", *CARD_FIELDS)


def new_submit_key() -> str:
    return secrets.token_urlsafe(24)


def submit_key_hash(user: User, key: str) -> str:
    return hashlib.sha256(f"{user.pk}:{key}".encode()).hexdigest()


def clean_submit_key(raw: object) -> str:
    text = raw if isinstance(raw, str) else ""
    text = text.strip()[:64]
    # A missing or odd key still saves (once): it just cannot be deduplicated.
    return text if len(text) >= 16 else new_submit_key()


def local_today(user: User, now: datetime | None = None) -> date:
    try:
        zone = ZoneInfo(user.timezone or "UTC")
    except (KeyError, ValueError):
        zone = ZoneInfo("UTC")
    return (now or datetime.now(UTC)).astimezone(zone).date()


async def get_reflection_for(user: User, reflection_id: UUID) -> Reflection:
    """This person's reflection, or 404: another person's entry does not exist here."""
    found = await Reflection.get_or_none(id=reflection_id, user_id=user.pk)
    if found is None:
        raise NotFoundException()
    return found


async def create_reflection(
    user: User, cipher: FieldCipher, cleaned: dict[str, Any], key: str
) -> Reflection:
    """Save a new entry once per form key; a repeat returns the first entry."""
    key_hash = submit_key_hash(user, key)
    existing = await Reflection.get_or_none(user_id=user.pk, submit_key_hash=key_hash)
    if existing is not None:
        return existing
    reflection = Reflection(
        user_id=user.pk,
        occurred_on=cleaned.get("occurred_on") or local_today(user),
        submit_key_hash=key_hash,
    )
    reflection.seal_content(cipher, cleaned)
    try:
        async with in_transaction():
            await reflection.save()
            await ReflectionDraft.filter(user_id=user.pk).delete()
    except IntegrityError:
        # Two identical posts raced: the other one won, and that is the entry.
        winner = await Reflection.get_or_none(user_id=user.pk, submit_key_hash=key_hash)
        if winner is None:
            raise
        return winner
    return reflection


async def update_reflection(
    reflection: Reflection, cipher: FieldCipher, cleaned: dict[str, Any]
) -> None:
    if cleaned.get("occurred_on"):
        reflection.occurred_on = cleaned["occurred_on"]
    reflection.seal_content(cipher, cleaned)
    await reflection.save()


# Drafts -----------------------------------------------------------------------


async def load_draft(user: User) -> ReflectionDraft | None:
    return await ReflectionDraft.get_or_none(user_id=user.pk)


async def save_draft(
    user: User,
    cipher: FieldCipher,
    values: dict[str, Any],
    key: str,
    step: int,
) -> ReflectionDraft:
    """Merge these typed values into the person's draft (made if missing)."""
    draft = await load_draft(user)
    if draft is None:
        draft = ReflectionDraft(user_id=user.pk, submit_key=key)
        merged = dict(values)
    else:
        merged = {**draft.open_values(cipher), **values}
        draft.submit_key = key
    draft.step = step
    draft.seal_values(cipher, merged)
    try:
        await draft.save()
    except IntegrityError:
        # Another tab made the draft a moment ago: write into that one.
        other = await ReflectionDraft.get(user_id=user.pk)
        other.submit_key, other.step = key, step
        other.seal_values(cipher, {**other.open_values(cipher), **values})
        await other.save()
        return other
    return draft


async def discard_draft(user: User) -> None:
    await ReflectionDraft.filter(user_id=user.pk).delete()


# History ----------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    q: str = ""
    kind: str = ""
    repair: str = ""
    date_from: date | None = None
    date_to: date | None = None
    page: int = 1

    @classmethod
    def from_query(cls, params: Any) -> Filters:
        def text(name: str, limit: int = 200) -> str:
            value = params.get(name)
            return value.strip()[:limit] if isinstance(value, str) else ""

        def day(name: str) -> date | None:
            try:
                return date.fromisoformat(text(name, 10))
            except ValueError:
                return None

        try:
            page = max(1, min(int(text("page", 6) or 1), 100_000))
        except ValueError:
            page = 1
        kind = text("kind", 20)
        repair = text("repair", 20)
        return cls(
            q=text("q"),
            kind=kind if kind in KIND_LABELS else "",
            repair=repair if repair in REPAIR_LABELS else "",
            date_from=day("from"),
            date_to=day("to"),
            page=page,
        )

    @property
    def active(self) -> bool:
        return bool(
            self.q or self.kind or self.repair or self.date_from or self.date_to
        )

    def query(self, **change: Any) -> str:
        """The query string of these filters, with some values changed."""
        values = {
            "q": self.q,
            "kind": self.kind,
            "repair": self.repair,
            "from": self.date_from.isoformat() if self.date_from else "",
            "to": self.date_to.isoformat() if self.date_to else "",
            "page": self.page,
            **change,
        }
        kept = {k: v for k, v in values.items() if v and not (k == "page" and v == 1)}
        return urlencode(kept)


@dataclass(frozen=True)
class Card:
    id: UUID
    occurred_on: date
    kind: str
    excerpt: str
    intensity: int | None
    connection: int | None
    repair: str


@dataclass
class HistoryPage:
    """One page of the history: the cards and what the pager needs."""

    cards: list[Card]
    total: int
    filters: Filters
    page: int
    pages: int
    has_any: bool = False
    links: dict[str, str] = field(default_factory=dict)


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    return flat[:limit].rsplit(" ", 1)[0].rstrip(",.;:") + "…"


def matches(row: Reflection, cipher: FieldCipher, needle: str) -> bool:
    return any(needle in row.open(cipher, name).casefold() for name in SEARCHABLE)


async def has_reflections(user: User) -> bool:
    return bool(
        await reads.fetch_value(
            "SELECT EXISTS (SELECT 1 FROM reflections WHERE user_id = ?)", user.pk
        )
    )


async def find_reflections(
    user: User, cipher: FieldCipher, filters: Filters
) -> HistoryPage:
    """Newest first, filtered and searched in memory: only this person's rows are
    opened, and only the fields each filter needs. Plain SQL on the fast read path
    (server/reads.py): the journal's first page is the one people open."""
    where, params = "user_id = ?", [user.pk]
    if filters.date_from:
        where, params = where + " AND occurred_on >= ?", [*params, filters.date_from]
    if filters.date_to:
        where, params = where + " AND occurred_on <= ?", [*params, filters.date_to]
    newest_first = " ORDER BY occurred_on DESC, created_at DESC"

    needed: tuple[str, ...] = ()
    if filters.kind:
        needed += ("relationship_kind",)
    if filters.repair:
        needed += ("repair_tried",)
    if filters.q:
        needed += SEARCHABLE
    if not needed:
        # Nothing sealed to match: the database counts and pages on its own.
        total = await reads.fetch_value(
            f"SELECT count(*) FROM reflections WHERE {where}", *params
        )
        pages = max(1, math.ceil(total / PER_PAGE))
        page = min(filters.page, pages)
        shown = await reads.fetch_models(
            Reflection,
            f"SELECT {', '.join(LISTED_COLUMNS)} FROM reflections WHERE {where}"
            f"{newest_first} LIMIT ? OFFSET ?",
            *params,
            PER_PAGE,
            (page - 1) * PER_PAGE,
        )
        has_any = bool(total) or await has_reflections(user)
        return _history_page(shown, total, filters, page, pages, has_any, cipher)

    # Sealed filters: open only the columns they need, for this person's rows.
    columns = ", ".join(dict.fromkeys((*LISTED_COLUMNS, *needed)))
    rows = await reads.fetch_models(
        Reflection,
        f"SELECT {columns} FROM reflections WHERE {where}{newest_first}",
        *params,
    )
    has_any = bool(rows) or await has_reflections(user)
    needle = filters.q.casefold()
    kept: list[Reflection] = []
    for row in rows:
        # Cheapest test first; search opens one field at a time until it matches.
        if filters.kind and row.open(cipher, "relationship_kind") != filters.kind:
            continue
        if filters.repair and row.open(cipher, "repair_tried") != filters.repair:
            continue
        if needle and not matches(row, cipher, needle):
            continue
        kept.append(row)

    pages = max(1, math.ceil(len(kept) / PER_PAGE))
    page = min(filters.page, pages)
    shown = kept[(page - 1) * PER_PAGE : page * PER_PAGE]
    return _history_page(shown, len(kept), filters, page, pages, has_any, cipher)


def _history_page(
    shown: list[Reflection],
    total: int,
    filters: Filters,
    page: int,
    pages: int,
    has_any: bool,
    cipher: FieldCipher,
) -> HistoryPage:
    links = {}
    if page > 1:
        links["previous"] = "/reflections?" + filters.query(page=page - 1)
    if page < pages:
        links["next"] = "/reflections?" + filters.query(page=page + 1)
    return HistoryPage(
        cards=[card_for(row, cipher) for row in shown],
        total=total,
        filters=filters,
        page=page,
        pages=pages,
        has_any=has_any,
        links=links,
    )


def card_for(row: Reflection, cipher: FieldCipher) -> Card:
    values = row.open_fields(cipher, CARD_FIELDS)
    return Card(
        id=row.id,
        occurred_on=row.occurred_on,
        kind=KIND_LABELS.get(values["relationship_kind"], ""),
        excerpt=excerpt(values["what_happened"]),
        intensity=values["intensity"],
        connection=values["connection"],
        repair=values["repair_tried"],
    )
