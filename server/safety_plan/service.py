"""What a safety plan does: read it, save a card atomically, share it, walk it."""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from uuid import UUID

from tortoise.transactions import in_transaction

from server.crypto import (
    FieldCipher,
    hash_token,
    unwrap_for_link,
    wrap_for_link,
)
from server.safety_plan import queries
from server.safety_plan.cards import CARDS, COPING, CRISIS_STEPS, Card
from server.safety_plan.crisis_lines import (
    CountryHelp,
)
from server.safety_plan.models import Plan, PlanItem, ShareLink, dial_string
from server.sealed import UNREADABLE
from server.web.clock import utcnow

MAX_ITEMS = 30
REVIEW_AFTER = timedelta(days=30)
SHARE_DAYS_DEFAULT = 30
SHARE_DAYS_CHOICES = (7, 30, 90)


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
    cards: Sequence[Card] = field(default_factory=lambda: CARDS)

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


async def card_items(user_id: UUID, card: Card, cipher: FieldCipher) -> list[Item]:
    rows = await PlanItem.filter(user_id=user_id, card=card.slug).order_by(
        "position", "created_at"
    )
    return [open_item(row, cipher) for row in rows]


async def load_plan(
    user_id: UUID, cipher: FieldCipher, help: CountryHelp | None
) -> PlanContents:
    """One read of every item (no writes: the crisis sequence uses this too)."""
    rows = await queries.items(user_id)
    items: dict[str, list[Item]] = {}
    for row in rows:
        items.setdefault(row.card, []).append(open_item(row, cipher))
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


# --- looking at it, and the home page note ------------------------------------


# The review note counts days, so a view is recorded at most once an hour: most
# views of /plan then cost one read and no write.
VIEW_RESOLUTION = timedelta(hours=1)


async def mark_viewed(user_id: UUID, now: datetime | None = None) -> None:
    now = now or utcnow()
    found = await queries.plan_times(user_id)
    plan = found[0] if found else None
    if plan is None:
        await Plan.get_or_create(user_id=user_id, defaults={"viewed_at": now})
    elif plan.viewed_at is None or now - plan.viewed_at >= VIEW_RESOLUTION:
        await Plan.filter(pk=plan.pk).update(viewed_at=now)


async def dismiss_review(user_id: UUID, now: datetime | None = None) -> None:
    plan, _ = await Plan.get_or_create(user_id=user_id)
    plan.review_dismissed_at = now or utcnow()
    await plan.save(update_fields=["review_dismissed_at"])


async def review_due(user_id: UUID, now: datetime | None = None) -> bool:
    """Only time is used: when it was last looked at and when "Not now" was said.
    Never anything from what the person wrote."""
    now = now or utcnow()
    found = await queries.plan_times(user_id)
    if found is None or not found[1]:
        return False
    plan = found[0]
    last_look = max(d for d in (plan.created_at, plan.viewed_at) if d is not None)
    if now - last_look < REVIEW_AFTER:
        return False
    return not (
        plan.review_dismissed_at and now - plan.review_dismissed_at < REVIEW_AFTER
    )


# --- the crisis sequence -------------------------------------------------------


@dataclass(frozen=True)
class CrisisStep:
    """One card of the sequence, with where forward and back lead."""

    number: int  # 1-based place among CRISIS_STEPS (the ?step= value)
    card: Card
    items: list[Item]
    forward: int | None  # the next step with something in it; None: wrap or /help
    back: int | None
    first: int
    is_last: bool


def _readable(plan: PlanContents, card: Card) -> list[Item]:
    # No error messages here: an entry that cannot be opened is left out quietly.
    return [i for i in plan.of(card) if i.text != UNREADABLE]


def crisis_steps_shown(plan: PlanContents) -> list[int]:
    """The steps with something in them. Professionals and crisis lines is never
    empty, so there is always a step to show."""
    return [
        n
        for n, card in enumerate(CRISIS_STEPS, start=1)
        if _readable(plan, card) or card.slug == "professionals"
    ]


def crisis_urls(plan: PlanContents) -> list[str]:
    """Every address of the crisis sequence, for the offline copy."""
    return ["/plan/crisis"] + [
        f"/plan/crisis?step={n}" for n in crisis_steps_shown(plan)
    ]


def crisis_step(plan: PlanContents, asked: str | None) -> CrisisStep:
    """The asked step, or the next one with something in it."""
    try:
        wanted = int(asked or "1")
    except ValueError:
        wanted = 1
    wanted = min(max(wanted, 1), len(CRISIS_STEPS))
    shown = crisis_steps_shown(plan)
    number = next((n for n in shown if n >= wanted), shown[-1])
    later = [n for n in shown if n > number]
    earlier = [n for n in shown if n < number]
    card = CRISIS_STEPS[number - 1]
    return CrisisStep(
        number=number,
        card=card,
        items=_readable(plan, card),
        forward=later[0] if later else (shown[0] if shown[0] != number else None),
        back=earlier[-1] if earlier else None,
        first=shown[0],
        is_last=not later,
    )


# --- sharing -------------------------------------------------------------------
#
async def create_share(
    user_id: UUID,
    data_key: bytes,
    cipher: FieldCipher,
    label: str,
    days: int = SHARE_DAYS_DEFAULT,
    now: datetime | None = None,
    *,
    include_phones: bool = False,
) -> tuple[ShareLink, str]:
    """A new link; the token is returned once and never stored."""
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    link = ShareLink(
        user_id=user_id,
        token_hash=hash_token(token),
        expires_at=now + timedelta(days=days),
        include_phones=include_phones,
    )
    link.wrapped_key = wrap_for_link(data_key, token, link.id)
    link.seal(cipher, "label", label)
    await link.save()
    return link, token


async def active_links(user_id: UUID, now: datetime | None = None) -> list[ShareLink]:
    now = now or utcnow()
    return await ShareLink.filter(user_id=user_id, expires_at__gt=now).order_by(
        "-created_at"
    )


async def forget_expired_links(user_id: UUID, now: datetime | None = None) -> None:
    await ShareLink.filter(user_id=user_id, expires_at__lte=now or utcnow()).delete()


async def revoke_share(user_id: UUID, link_id: UUID) -> bool:
    return bool(await ShareLink.filter(user_id=user_id, id=link_id).delete())


async def open_share(
    token: str, now: datetime | None = None
) -> tuple[ShareLink, FieldCipher] | None:
    """The link and a cipher for its plan, or None (unknown, revoked or expired)."""
    if not token or len(token) > 100:
        return None
    link = await ShareLink.get_or_none(token_hash=hash_token(token)).prefetch_related(
        "user"
    )
    if link is None or link.expires_at <= (now or utcnow()):
        return None
    data_key = unwrap_for_link(link.wrapped_key, token, link.id)
    if data_key is None:
        return None
    return link, FieldCipher(data_key)
