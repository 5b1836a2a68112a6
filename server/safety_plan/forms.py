"""Forms of the safety plan: a whole card at once, and a new share link."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Request

from server.safety_plan.cards import Card
from server.safety_plan.models import PHONE_CHARS
from server.safety_plan.service import MAX_ITEMS, Entry, Item
from server.safety_plan.sharing import SHARE_DAYS_CHOICES, SHARE_DAYS_DEFAULT
from server.web.forms import FieldError, Form, _as_text
from server.web.i18n import _

TEXT_MAX = 500
PHONE_MAX = 30
NOTE_MAX = 500


def _one(data: Any, name: str) -> str:
    if name not in data:
        return ""
    values = data.getall(name) if hasattr(data, "getall") else [data.get(name)]
    return _as_text(values[0]).strip() if values else ""


def clean_phone(value: str) -> str:
    if not value:
        return ""
    if len(value) > PHONE_MAX or not PHONE_CHARS.match(value):
        raise FieldError(_("Use digits, spaces and + only, like +44 7700 900123."))
    if sum(ch.isdigit() for ch in value) < 3:
        raise FieldError(_("That number looks too short. Please check it."))
    return " ".join(value.split())


class CardForm:
    """Every entry of one card, plus one blank row to add. Field names carry the
    item id (text-<id>, phone-<id>, note-<id>), so an empty phone never shifts the
    others; the order of the `item` fields is the order on the page."""

    def __init__(self, card: Card, data: Any = None, items: list[Item] | None = None):
        self.card = card
        self.values: dict[str, str] = {}
        self.errors: dict[str, str] = {}
        self.ids: list[str] = []
        self.action = "save"
        if data is None:
            for item in items or []:
                key = str(item.id)
                self.ids.append(key)
                self.values.update(
                    {
                        f"text-{key}": item.text,
                        f"phone-{key}": item.phone,
                        f"note-{key}": item.note,
                    }
                )
            self.sources = {str(i.id): i.source for i in items or []}
            return
        self.sources = {}
        raw_ids = data.getall("item") if "item" in data else []
        for raw in raw_ids[: MAX_ITEMS + 5]:
            key = _as_text(raw).strip()
            try:
                key = str(UUID(key))
            except ValueError:
                continue
            if key not in self.ids:
                self.ids.append(key)
        for key in [*self.ids, "new"]:
            for part in ("text", "phone", "note"):
                self.values[f"{part}-{key}"] = _one(data, f"{part}-{key}")
        self.action = _one(data, "action") or "save"

    @classmethod
    async def from_request(cls, card: Card, request: Request) -> CardForm:
        return cls(card, await request.form())

    def rows(self) -> list[str]:
        return [*self.ids, "new"]

    def is_valid(self) -> bool:
        self.entries: list[Entry] = []
        for key in self.rows():
            text = self.values.get(f"text-{key}", "")
            phone = self.values.get(f"phone-{key}", "")
            note = self.values.get(f"note-{key}", "")
            if len(text) > TEXT_MAX:
                self.errors[f"text-{key}"] = _(
                    "Please keep this under %(max)d characters."
                ) % {"max": TEXT_MAX}
            if self.card.contacts:
                try:
                    phone = clean_phone(phone)
                except FieldError as exc:
                    self.errors[f"phone-{key}"] = str(exc)
                if len(note) > NOTE_MAX:
                    self.errors[f"note-{key}"] = _(
                        "Please keep this under %(max)d characters."
                    ) % {"max": NOTE_MAX}
                if (phone or note) and not text:
                    self.errors[f"text-{key}"] = _(
                        "Add a name, so the button can say who it reaches."
                    )
            else:
                phone = note = ""
            entry = Entry(None if key == "new" else UUID(key), text, phone, note)
            if key == "new" and entry.is_blank:
                continue
            self.entries.append(entry)
        if len([e for e in self.entries if not e.is_blank]) > MAX_ITEMS:
            self.errors["__all__"] = _(
                "A card holds up to %(max)d entries. You could remove one first."
            ) % {"max": MAX_ITEMS}
        return not self.errors


class ShareForm(Form):
    fields = ("label", "days", "numbers")
    max_lengths = {"label": 80, "days": 4, "numbers": 4}

    def clean_numbers(self, value: str) -> bool:
        return value == "1"

    def clean_days(self, value: str) -> int:
        if not value:
            return SHARE_DAYS_DEFAULT
        try:
            days = int(value)
        except ValueError:
            raise FieldError(_("Choose how long the link should work.")) from None
        if days not in SHARE_DAYS_CHOICES:
            raise FieldError(_("Choose how long the link should work."))
        return days


def share_form(initial: dict[str, Any] | None = None) -> ShareForm:
    return ShareForm(initial=initial or {"days": str(SHARE_DAYS_DEFAULT)})
