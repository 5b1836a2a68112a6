"""Sealed at rest, complete in export, gone on delete, and a card saves all at once."""

from __future__ import annotations

import pytest
from litestar import Litestar
from tortoise import Tortoise

from server.features import FEATURES
from server.safety_plan import service
from server.safety_plan.cards import BY_SLUG
from server.safety_plan.models import Plan, PlanItem, ShareLink
from tests.app.safety_plan.helpers import add, card_form, person, rows, texts
from tests.conftest import PASSPHRASE, Client

CANARY = "canary-7f3a-kestrel"
CANARY_PHONE = "+44 7700 900987"


async def raw_rows(table: str) -> str:
    conn = Tortoise.get_connection("default")
    _, found = await conn.execute_query(f"SELECT * FROM {table}")
    return repr([dict(r) for r in found])


async def test_what_a_person_writes_is_not_in_the_raw_rows(
    app: Litestar, alice: Client
) -> None:
    await add(alice, "ask-for-help", CANARY, phone=CANARY_PHONE, note=CANARY + " note")
    await add(alice, "reasons", CANARY + " reason")
    await alice.post_form("/plan/share", {"label": CANARY + " label"})
    for table in ("safety_plan_items", "safety_plan_links", "safety_plans"):
        raw = await raw_rows(table)
        assert "kestrel" not in raw
        assert "900987" not in raw
    assert "g1." in await raw_rows("safety_plan_items")


async def move_a_sealed_entry(app: Litestar, alice: Client) -> None:
    """Two reasons, the second given the first one's ciphertext."""
    await add(alice, "reasons", "first")
    await add(alice, "reasons", "second")
    first, second = await rows(app, "reasons")
    await PlanItem.filter(id=second.id).update(text=first.text)


async def test_a_sealed_entry_moved_to_another_row_does_not_open(
    app: Litestar, alice: Client
) -> None:
    await move_a_sealed_entry(app, alice)
    assert await texts(app, "reasons") == ["first", "[this text could not be opened]"]


async def test_export_holds_everything_in_the_plan(
    app: Litestar, alice: Client
) -> None:
    await add(alice, "ask-for-help", "Sam", phone=CANARY_PHONE, note="evenings")
    await add(alice, "reasons", "My niece")
    await alice.get("/plan")
    await alice.post_form("/plan/share", {"label": "my therapist"})
    user, cipher = await person(app)
    # Through the registry the account export walks (only this feature's sections).
    data: dict[str, list[dict[str, object]]] = {}
    for entry in FEATURES.personal_data:
        if entry.section.startswith("safety_plan"):
            found = await entry.model.filter(user_id=user.pk).order_by(*entry.order_by)
            data[entry.section] = [row.export_dict(cipher) for row in found]  # type: ignore[attr-defined]
    assert data["safety_plan_items"] == [
        {
            "card": BY_SLUG["ask-for-help"].title,
            "card_id": "ask-for-help",
            "position": 1,
            "text": "Sam",
            "phone": CANARY_PHONE,
            "note": "evenings",
            "source": "",
            "created_at": data["safety_plan_items"][0]["created_at"],
        },
        {
            "card": BY_SLUG["reasons"].title,
            "card_id": "reasons",
            "position": 1,
            "text": "My niece",
            "phone": "",
            "note": "",
            "source": "",
            "created_at": data["safety_plan_items"][1]["created_at"],
        },
    ]
    assert data["safety_plan"][0]["viewed_at"]
    assert data["safety_plan_links"][0]["for"] == "my therapist"


async def test_deleting_the_account_deletes_the_plan(
    app: Litestar, alice: Client
) -> None:
    await add(alice, "reasons", "My niece")
    await alice.post_form("/plan/share", {})
    response = await alice.post_form("/settings/delete", {"passphrase": PASSPHRASE})
    assert response.status_code == 303
    assert not await PlanItem.exists()
    assert not await Plan.exists()
    assert not await ShareLink.exists()


class Midway(Exception):
    pass


async def test_a_card_saves_all_at_once_or_not_at_all(
    app: Litestar, alice: Client
) -> None:
    for text in ("one", "two", "three"):
        await add(alice, "on-my-own", text)
    user, cipher = await person(app)
    before = [(r.id, r.position, r.text) for r in await rows(app, "on-my-own")]
    items = await service.card_items(user.pk, BY_SLUG["on-my-own"], cipher)
    entries = [
        service.Entry(items[2].id, "THREE"),
        service.Entry(items[0].id, "ONE"),
        service.Entry(None, "four"),
        service.Entry(items[1].id, ""),  # cleared: removed
    ]

    async def fail_on_second_write(count: int) -> None:
        if count == 2:
            raise Midway()

    with pytest.raises(Midway):
        await service.save_card(
            user.pk,
            cipher,
            BY_SLUG["on-my-own"],
            entries,
            after_write=fail_on_second_write,
        )
    assert [(r.id, r.position, r.text) for r in await rows(app, "on-my-own")] == before
    assert await texts(app, "on-my-own") == ["one", "two", "three"]

    await service.save_card(user.pk, cipher, BY_SLUG["on-my-own"], entries)
    assert await texts(app, "on-my-own") == ["THREE", "ONE", "four"]


async def test_an_entry_added_elsewhere_meanwhile_is_kept(
    app: Litestar, alice: Client
) -> None:
    await add(alice, "on-my-own", "walk")
    (walk,) = await rows(app, "on-my-own")
    user, cipher = await person(app)
    # A lesson adds a practice while the edit page is open in another tab.
    await service.add_coping_step(user.pk, cipher, "Breathe out slowly")
    await alice.post_form(
        "/plan/edit/on-my-own", card_form([walk], {str(walk.id): ("a walk",)})
    )
    assert await texts(app, "on-my-own") == ["a walk", "Breathe out slowly"]


async def test_text_that_no_longer_opens_says_so_in_the_readers_language(
    app: Litestar, alice: Client
) -> None:
    await move_a_sealed_entry(app, alice)
    page = await alice.get("/plan", headers={"Accept-Language": "es"})
    assert "[no se pudo abrir este texto]" in page.text
    assert "could not be opened" not in page.text
