"""Safety-plan entries and contacts, read back from an export (server/restore.py).

Each entry goes through the card's own form. An entry already on the card (same
words, number and note) is not added again; new ones go after what is there. Share
links are not restored: each one is a secret that was handed to someone, and ends.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime
from functools import cache
from typing import Any

import msgspec

from server.restore import RestoreError, Restoring, number, problem_in, restores
from server.safety_plan.cards import BY_SLUG, CARDS, Card
from server.safety_plan.forms import CardForm
from server.safety_plan.models import Plan, PlanItem
from server.safety_plan.service import MAX_ITEMS
from server.web.i18n import _, languages, ngettext, speaking


class PlanItemRow(msgspec.Struct):
    text: str
    # Which card (its slug). Exports made before it was written name the card by
    # its title only, in the language of the export.
    card_id: str = ""
    phone: str = ""
    note: str = ""
    position: int = 0
    source: str = ""
    created_at: datetime | None = None
    # The card's title, in the language of the export: read by people, not here.
    card: str = ""


@cache
def by_title() -> dict[str, Card]:
    """Every card by its title in every language."""
    found = {}
    for language in languages():
        with speaking(language):
            found.update({str(card.title): card for card in CARDS})
    return found


def _same(text: str) -> str:
    return " ".join(text.split()).casefold()


def _key(card: str, text: str, phone: str, note: str) -> tuple[str, ...]:
    return card, _same(text), "".join(phone.split()), _same(note)


def check_items(rows: list[Any]) -> list[Any]:
    checked = []
    for place, row in enumerate(rows, 1):
        where = _("safety plan entry %(number)s") % {"number": place}
        card = BY_SLUG.get(row.card_id) or by_title().get(row.card)
        if card is None:
            raise problem_in(
                where,
                _("the card “%(card)s” is not one of Attune's.")
                % {"card": row.card_id or row.card},
            )
        form = CardForm(
            card, {"text-new": row.text, "phone-new": row.phone, "note-new": row.note}
        )
        if not form.is_valid():
            raise problem_in(where, next(iter(form.errors.values())))
        if not form.entries:
            continue  # an empty entry, as a blank row on the form
        entry = form.entries[0]
        checked.append(
            msgspec.structs.replace(
                row,
                card_id=card.slug,
                text=entry.text,
                phone=entry.phone,
                note=entry.note,
                source="lesson" if row.source == "lesson" else "",
            )
        )
    return checked


@restores(
    "safety_plan_items",
    PlanItemRow,
    check=check_items,
    counted=lambda n: (
        ngettext(
            "%(num)s entry in your safety plan",
            "%(num)s entries in your safety plan",
            n,
        )
        % {"num": number(n)}
    ),
    covers=("safety_plan",),
    rank=20,
)
async def restore_items(context: Restoring, rows: list[Any]) -> int:
    user_id, cipher = context.user.pk, context.cipher
    here: Counter[tuple[str, ...]] = Counter()
    count: Counter[str] = Counter()
    last: dict[str, int] = defaultdict(lambda: -1)
    for item in await PlanItem.filter(user_id=user_id):
        text, phone, note = (item.open(cipher, f) for f in ("text", "phone", "note"))
        here[_key(item.card, text, phone, note)] += 1
        count[item.card] += 1
        last[item.card] = max(last[item.card], item.position)
    made = []
    for row in sorted(rows, key=lambda r: (r.card_id, r.position)):
        key = _key(row.card_id, row.text, row.phone, row.note)
        if here[key]:
            here[key] -= 1
            continue
        count[row.card_id] += 1
        if count[row.card_id] > MAX_ITEMS:
            raise RestoreError(
                _(
                    "With this file, “%(card)s” would hold more than %(max)d "
                    "entries. You could remove some first."
                )
                % {"card": BY_SLUG[row.card_id].title, "max": MAX_ITEMS}
            )
        last[row.card_id] += 1
        item = PlanItem(
            user_id=user_id,
            card=row.card_id,
            position=last[row.card_id],
            source=row.source,
            created_at=row.created_at or context.now,
        )
        item.seal(cipher, "text", row.text)
        item.seal(cipher, "phone", row.phone)
        item.seal(cipher, "note", row.note)
        made.append(item)
    if made:
        await PlanItem.bulk_create(made)
        await Plan.get_or_create(user_id=user_id)
    return len(made)
