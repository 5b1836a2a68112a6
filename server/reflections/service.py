"""Writing, finding and reading back one person's reflections."""

from __future__ import annotations

import asyncio
import hashlib
import math
import secrets
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from litestar.exceptions import NotFoundException
from markupsafe import Markup
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from server.accounts.models import User
from server.crypto import FieldCipher
from server.db import in_batches
from server.reflections import queries
from server.reflections.models import Reflection, ReflectionDraft
from server.reflections.questions import (
    KIND_LABELS,
    REPAIR_LABELS,
    labels_in,
    matches,
)
from server.reflections.trends import Entry, day_label
from server.web.dates import today_in
from server.web.i18n import _l, current_language, speaking

PER_PAGE = 20
# A search opens every entry in the chosen dates; it reads them this many at a time
# and opens each batch in a worker thread, so the event loop is never held for long.
SEARCH_BATCH = 200


def new_submit_key() -> str:
    return secrets.token_urlsafe(24)


def submit_key_hash(user: User, key: str) -> str:
    return hashlib.sha256(f"{user.pk}:{key}".encode()).hexdigest()


def clean_submit_key(raw: object) -> str:
    text = raw if isinstance(raw, str) else ""
    text = text.strip()[:64]
    # A missing or odd key still saves (once): it just cannot be deduplicated.
    return text if len(text) >= 16 else new_submit_key()


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
        occurred_on=cleaned.get("occurred_on") or today_in(user.timezone),
        submit_key_hash=key_hash,
    )
    reflection.seal_answers(cipher, cleaned)
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
    reflection.seal_answers(cipher, cleaned)
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
    day: str  # occurred_on as read: "1 Mar 2025"
    kind: str
    excerpt: str
    # "Intensity 7 → connection 4" as markup, or "" when neither was given.
    facts: str
    repair: str  # the repair answer's label, or ""


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


async def has_reflections(user: User) -> bool:
    return await Reflection.filter(user_id=user.pk).exists()


async def find_reflections(
    user: User, cipher: FieldCipher, filters: Filters
) -> HistoryPage:
    """Newest first. Without a sealed filter the database counts and pages; with one,
    only this person's entries are opened (the summary for the relationship or the
    repair, the whole entry for words), off the event loop."""
    if not (filters.q or filters.kind or filters.repair):
        # Nothing sealed to match: the database counts and pages on its own.
        dates = (filters.date_from, filters.date_to)
        total = await queries.count(user.pk, *dates)
        pages = max(1, math.ceil(total / PER_PAGE))
        page = min(filters.page, pages)
        shown = await queries.page_of_cards(
            user.pk, *dates, PER_PAGE, (page - 1) * PER_PAGE
        )
        has_any = bool(total) or await has_reflections(user)
        return _history_page(shown, total, filters, page, pages, has_any, cipher)

    mine = Reflection.filter(user_id=user.pk)
    if filters.date_from:
        mine = mine.filter(occurred_on__gte=filters.date_from)
    if filters.date_to:
        mine = mine.filter(occurred_on__lte=filters.date_to)
    sealed = "content" if filters.q else "summary"
    kept: list[Any] = []
    newest_first = ("-occurred_on", "-created_at")
    async for batch in in_batches(mine.only("id", sealed), newest_first, SEARCH_BATCH):
        kept += await asyncio.to_thread(_matching_ids, batch, cipher, filters, sealed)
    has_any = bool(kept) or await has_reflections(user)
    pages = max(1, math.ceil(len(kept) / PER_PAGE))
    page = min(filters.page, pages)
    page_ids = kept[(page - 1) * PER_PAGE : page * PER_PAGE]
    by_id = {
        row.id: queries.CardRow(row.id, row.occurred_on, row.summary)
        for row in await Reflection.filter(id__in=page_ids).only(
            "id", "occurred_on", "summary"
        )
    }
    shown = [by_id[i] for i in page_ids if i in by_id]
    return _history_page(shown, len(kept), filters, page, pages, has_any, cipher)


def _matching_ids(
    rows: list[Reflection], cipher: FieldCipher, filters: Filters, sealed: str
) -> list[UUID]:
    """The entries that pass every filter (runs in a worker thread)."""
    needle = filters.q.casefold()
    found = []
    for row in rows:
        answers = row.open_document(cipher, sealed)
        if filters.kind and answers.get("relationship_kind") != filters.kind:
            continue
        if filters.repair and answers.get("repair_tried") != filters.repair:
            continue
        if needle and not matches(answers, needle):
            continue
        found.append(row.id)
    return found


def _history_page(
    shown: list[queries.CardRow],
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


CARD_FACTS = _l(
    'Intensity %(intensity)s <span aria-hidden="true">→</span><span '
    'class="visually-hidden">, then</span> connection %(connection)s'
)


@lru_cache(maxsize=8)
def _facts_line(language: str) -> Markup:
    """The facts line's words in `language`, translated once."""
    with speaking(language):
        return Markup(str(CARD_FACTS))


def _facts(language: str, intensity: int | None, connection: int | None) -> str:
    if intensity is None and connection is None:
        return ""
    shown = {"intensity": intensity, "connection": connection}
    # Markup's % escapes what it fills in.
    return _facts_line(language) % {
        k: "–" if v is None else v for k, v in shown.items()
    }


def card_for(row: queries.CardRow, cipher: FieldCipher) -> Card:
    values = Reflection.card_answers_of(cipher, row.id, row.summary)
    language = current_language()
    labels = labels_in(language)
    return Card(
        id=row.id,
        occurred_on=row.occurred_on,
        day=day_label(row.occurred_on),
        kind=labels["kind_labels"].get(values["relationship_kind"], ""),
        excerpt=values["what_happened"],
        facts=_facts(language, values["intensity"], values["connection"]),
        repair=labels["repair_labels"].get(values["repair_tried"], ""),
    )


async def trend_entries(user: User, cipher: FieldCipher) -> list[Entry]:
    """Every entry's day and numbers, oldest first, for the trends: read in batches
    and opened in a worker thread, so a long journal does not hold the event loop."""
    entries: list[Entry] = []
    rows = Reflection.filter(user_id=user.pk).only("id", "occurred_on", "summary")
    async for batch in in_batches(rows, ("occurred_on", "created_at")):
        entries += await asyncio.to_thread(_trend_entries, batch, cipher)
    return entries


def _trend_entries(rows: list[Reflection], cipher: FieldCipher) -> list[Entry]:
    return [Entry(row.occurred_on, **row.measures(cipher)) for row in rows]
