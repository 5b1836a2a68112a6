"""Building a plan: every card's entries can be added, changed, moved and removed."""

from __future__ import annotations

import re

import pytest
from litestar import Litestar

from server.safety_plan.cards import CARDS
from tests.app.safety_plan.helpers import add, card_form, rows, texts, visible_text
from tests.conftest import Client

PHONE = "+44 7700 900123"


@pytest.mark.parametrize("card", [c.slug for c in CARDS])
async def test_it_adds_changes_and_removes_entries_on_every_card(
    app: Litestar, alice: Client, card: str
) -> None:
    added = await add(alice, card, "First, in my words")
    assert added.status_code == 303
    assert added.headers["location"] == f"/plan/edit/{card}"
    await add(alice, card, "Second one")
    assert await texts(app, card) == ["First, in my words", "Second one"]

    page = await alice.get(f"/plan/edit/{card}")
    assert page.status_code == 200
    assert 'value="First, in my words"' in page.text
    assert "Saved." in page.text  # the flash after the redirect

    first, second = await rows(app, card)
    changed = await alice.post_form(
        f"/plan/edit/{card}",
        card_form(
            [first, second],
            {str(first.id): ("Changed words",), str(second.id): ("Second one",)},
        ),
    )
    assert changed.status_code == 303
    assert await texts(app, card) == ["Changed words", "Second one"]

    removed = await alice.post_form(
        f"/plan/edit/{card}",
        [
            *card_form(
                [first, second],
                {str(first.id): ("Changed words",), str(second.id): ("Second one",)},
            ),
            ("action", f"remove:{first.id}"),
        ],
    )
    assert removed.status_code == 303
    assert await texts(app, card) == ["Second one"]

    plan = await alice.get("/plan")
    assert "Second one" in plan.text
    assert "Changed words" not in plan.text


async def test_clearing_an_entry_removes_it(app: Litestar, alice: Client) -> None:
    await add(alice, "reasons", "My dog")
    await add(alice, "reasons", "The sea")
    dog, sea = await rows(app, "reasons")
    await alice.post_form(
        "/plan/edit/reasons",
        card_form([dog, sea], {str(dog.id): ("",), str(sea.id): ("The sea",)}),
    )
    assert await texts(app, "reasons") == ["The sea"]


async def test_it_moves_entries_up_and_down(app: Litestar, alice: Client) -> None:
    for text in ("one", "two", "three"):
        await add(alice, "on-my-own", text)
    one, two, three = await rows(app, "on-my-own")
    values = {
        str(r.id): (t,)
        for r, t in zip((one, two, three), ("one", "two", "three"), strict=True)
    }
    moved = await alice.post_form(
        "/plan/edit/on-my-own",
        [*card_form([one, two, three], values), ("action", f"up:{three.id}")],
    )
    assert moved.status_code == 303
    assert await texts(app, "on-my-own") == ["one", "three", "two"]
    await alice.post_form(
        "/plan/edit/on-my-own",
        [*card_form([one, three, two], values), ("action", f"down:{one.id}")],
    )
    assert await texts(app, "on-my-own") == ["three", "one", "two"]
    # The first cannot go higher; nothing changes and nothing breaks.
    three, one, two = await rows(app, "on-my-own")
    await alice.post_form(
        "/plan/edit/on-my-own",
        [*card_form([three, one, two], values), ("action", f"up:{three.id}")],
    )
    assert await texts(app, "on-my-own") == ["three", "one", "two"]


async def test_a_move_also_keeps_what_was_typed(app: Litestar, alice: Client) -> None:
    await add(alice, "on-my-own", "walk")
    await add(alice, "on-my-own", "music")
    walk, music = await rows(app, "on-my-own")
    await alice.post_form(
        "/plan/edit/on-my-own",
        [
            *card_form(
                [walk, music],
                {str(walk.id): ("a slow walk",), str(music.id): ("music",)},
            ),
            ("action", f"up:{music.id}"),
        ],
    )
    assert await texts(app, "on-my-own") == ["music", "a slow walk"]


async def test_htmx_gets_the_editor_back_in_place(app: Litestar, alice: Client) -> None:
    response = await alice.post_form(
        "/plan/edit/warning-signs", {"text-new": "Not sleeping"}, htmx=True
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="card-editor">')
    assert "<html" not in response.text
    assert 'value="Not sleeping"' in response.text
    assert 'role="status"' in response.text
    full = await alice.get("/plan/edit/warning-signs")
    assert "<html" in full.text and "For example:" in full.text


async def test_it_keeps_typed_text_and_explains_on_error(
    app: Litestar, alice: Client
) -> None:
    for htmx in (False, True):
        response = await alice.post_form(
            "/plan/edit/ask-for-help",
            {"text-new": "Sam", "phone-new": "call me maybe", "note-new": "after six"},
            htmx=htmx,
        )
        assert response.status_code == 422
        assert "Use digits, spaces and + only" in response.text
        assert 'value="Sam"' in response.text
        assert 'value="call me maybe"' in response.text
        assert 'value="after six"' in response.text
        assert 'aria-invalid="true"' in response.text
    assert await texts(app, "ask-for-help") == []


async def test_a_number_needs_a_name(app: Litestar, alice: Client) -> None:
    response = await add(alice, "ask-for-help", "", phone=PHONE)
    assert response.status_code == 422
    assert "Add a name" in response.text
    assert f'value="{PHONE}"' in response.text


async def test_an_overlong_entry_is_refused_with_the_text_kept(
    app: Litestar, alice: Client
) -> None:
    long = "a" * 501
    response = await add(alice, "reasons", long)
    assert response.status_code == 422
    assert "under 500 characters" in response.text
    assert long in response.text


async def test_repeated_fields_do_not_break_the_form(
    app: Litestar, alice: Client
) -> None:
    response = await alice.post_form(
        "/plan/edit/reasons",
        [
            ("text-new", "one"),
            ("text-new", "two"),
            ("item", "not-an-id"),
            ("action", "x"),
        ],
    )
    assert response.status_code == 303
    assert await texts(app, "reasons") == ["one"]


async def test_contacts_are_verbs_without_digits(app: Litestar, alice: Client) -> None:
    await add(alice, "ask-for-help", "Sam", phone=PHONE, note="evenings are best")
    await add(alice, "connect", "The library")  # a place: no number, no button
    page = await alice.get("/plan")
    assert 'href="tel:+447700900123"' in page.text
    assert 'href="sms:+447700900123"' in page.text
    seen = visible_text(page.text)
    assert "Call Sam" in seen and "Text Sam" in seen
    assert "evenings are best" in seen
    assert "7700" not in seen and "900123" not in seen
    assert "Call The library" not in seen and "Text The library" not in seen
    # The edit page is where the number can be read and changed.
    edit = await alice.get("/plan/edit/ask-for-help")
    assert f'value="{PHONE}"' in edit.text


async def test_contacts_on_professionals_and_co_regulators_are_verbs(
    app: Litestar, alice: Client
) -> None:
    await add(alice, "professionals", "Dr Lee", phone="020 7946 0018")
    await add(alice, "co-regulators", "Gran", phone="07700 900456")
    seen = visible_text((await alice.get("/plan")).text)
    assert "Call Dr Lee" in seen and "Call Gran" in seen
    assert "7946" not in seen and "900456" not in seen


@pytest.mark.parametrize(
    ("country", "accept", "expected", "href"),
    [
        ("US", "", "Call 988", "tel:988"),
        ("GB", "en-US", "Call 116 123", "tel:116123"),
        ("", "en-AU,en;q=0.8", "Call 13 11 14", "tel:131114"),
        ("", "en-CA", "Text 9-8-8", "sms:988"),
    ],
)
async def test_card_five_shows_the_crisis_lines_for_their_country(
    app: Litestar, alice: Client, country: str, accept: str, expected: str, href: str
) -> None:
    from server.accounts.models import User

    await User.filter(username="alice").update(country=country)
    await add(alice, "professionals", "Dr Lee")
    page = await alice.get("/plan", headers={"Accept-Language": accept})
    section = page.text.split('id="card-professionals"')[1].split("</section>")[0]
    assert expected in visible_text(section)
    assert f'href="{href}"' in section
    assert "Dr Lee" in section


async def test_card_five_without_a_known_country_points_to_emergency_numbers(
    app: Litestar, alice: Client
) -> None:
    page = await alice.get("/plan", headers={"Accept-Language": "xx"})
    section = page.text.split('id="card-professionals"')[1].split("</section>")[0]
    # No country known: no guessed number (112 is not everyone's), a way to choose.
    assert 'href="tel:' not in section
    assert "Choose your country" in section and "findahelpline.com" in section
    assert "/help" in section


async def test_an_empty_plan_invites_and_shows_help_now(alice: Client) -> None:
    page = await alice.get("/plan", headers={"Accept-Language": "en-US"})
    seen = visible_text(page.text).lower()
    assert (
        "incomplete" not in seen and "not finished" not in seen and "0 of" not in seen
    )
    assert "help you can reach right now" in seen
    assert "call 988" in seen
    assert "start with one card" in seen
    assert 'href="/help"' in page.text
    assert "after Stanley &amp; Brown" in page.text


async def test_the_plan_page_is_kept_for_offline(alice: Client) -> None:
    page = await alice.get("/plan")
    assert page.headers["x-attune-offline"] == "keep"
    assert "data-offline-stamp hidden" in page.text
    assert page.headers["cache-control"] == "no-store"
    edit = await alice.get("/plan/edit/reasons")
    assert "x-attune-offline" not in edit.headers


async def test_every_card_has_a_prompt_and_gentle_examples() -> None:
    for card in CARDS:
        assert card.prompt and 2 <= len(card.examples) <= 3
    # Card 6: verbs about time and distance; the thing itself only in their words.
    safer = next(c for c in CARDS if c.slug == "safer-space")
    for example in safer.examples:
        assert re.match(r"^(Ask|Put|Spend|Keep|Give|Go|Leave|Move)\b", str(example))


async def test_another_persons_card_cannot_be_touched(
    app: Litestar, alice: Client, bob: Client
) -> None:
    await add(alice, "reasons", "My niece")
    (niece,) = await rows(app, "reasons")
    # Bob posts Alice's id: removing it does nothing, and changing it makes a new
    # entry of his own.
    await bob.post_form(
        "/plan/edit/reasons",
        [
            ("item", str(niece.id)),
            (f"text-{niece.id}", "x"),
            ("action", f"remove:{niece.id}"),
        ],
    )
    await bob.post_form(
        "/plan/edit/reasons", [("item", str(niece.id)), (f"text-{niece.id}", "taken")]
    )
    assert await texts(app, "reasons") == ["My niece"]
    assert await texts(app, "reasons", "bob") == ["taken"]
    assert "My niece" not in (await bob.get("/plan")).text


async def test_unknown_cards_are_not_found(alice: Client) -> None:
    assert (await alice.get("/plan/edit/nope")).status_code == 404
    assert (
        await alice.post_form("/plan/edit/nope", {"text-new": "x"})
    ).status_code == 404


async def test_visitors_are_asked_to_sign_in(client: Client) -> None:
    for path in (
        "/plan",
        "/plan/edit/reasons",
        "/plan/crisis",
        "/plan/print",
        "/plan/share",
    ):
        response = await client.get(path)
        assert response.status_code == 303
        assert response.headers["location"].startswith("/login?next=")
    posted = await client.post_form("/plan/edit/reasons", {"text-new": "x"})
    assert posted.status_code == 303
    assert posted.headers["location"].startswith("/login")


async def test_wrong_methods_are_refused(alice: Client) -> None:
    assert (await alice.get("/plan/review-note/dismiss")).status_code == 405
    assert (await alice.post_form("/plan/crisis", {})).status_code == 405
    assert (await alice.post_form("/plan/print", {})).status_code == 405
