"""Small helpers for the safety plan tests: the person's rows, key, and page text."""

from __future__ import annotations

import html
import re

from litestar import Litestar

from server.accounts.models import User
from server.crypto import FieldCipher
from server.safety_plan.models import PlanItem
from tests.conftest import Client


async def person(app: Litestar, username: str = "alice") -> tuple[User, FieldCipher]:
    user = await User.get(username=username)
    return user, FieldCipher(app.state.keyring.unwrap(user.wrapped_key))


async def texts(app: Litestar, card: str, username: str = "alice") -> list[str]:
    user, cipher = await person(app, username)
    rows = await PlanItem.filter(user_id=user.pk, card=card).order_by("position")
    return [row.open(cipher, "text") for row in rows]


async def rows(app: Litestar, card: str, username: str = "alice") -> list[PlanItem]:
    user, _ = await person(app, username)
    return await PlanItem.filter(user_id=user.pk, card=card).order_by("position")


def visible_text(page: str) -> str:
    """What a person sees: no tags, attributes, scripts or styles."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


async def add(client: Client, card: str, text: str, phone: str = "", note: str = ""):
    data = {"text-new": text}
    if phone or note:
        data.update({"phone-new": phone, "note-new": note})
    return await client.post_form(f"/plan/edit/{card}", data)


def card_form(
    items: list[PlanItem], values: dict[str, tuple[str, ...]]
) -> list[tuple[str, object]]:
    """The whole-card form as the page posts it: ids in order, then each field."""
    data: list[tuple[str, object]] = []
    for row in items:
        key = str(row.id)
        data.append(("item", key))
        text, *rest = values[key]
        data.append((f"text-{key}", text))
        if rest:
            data.append((f"phone-{key}", rest[0]))
            data.append((f"note-{key}", rest[1] if len(rest) > 1 else ""))
    return data
