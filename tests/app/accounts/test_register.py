from __future__ import annotations

import asyncio

import pytest
from litestar import Litestar

from server.accounts.models import Session, User
from server.passwords import hash_recovery_code
from tests.conftest import PASSPHRASE, Client, make_client, sign_up


async def test_it_creates_an_account_and_signs_in(client: Client) -> None:
    code = await sign_up(client, "Alice")
    user = await User.get(username="alice")
    assert user.recovery_hash == hash_recovery_code(code)
    assert code not in user.recovery_hash
    assert PASSPHRASE not in user.password_hash
    assert user.password_hash.startswith("$argon2id$")
    assert await Session.filter(user=user).count() == 1
    home = await client.get("/")
    assert "Today's lesson" in home.text


async def test_it_shows_the_recovery_code_once_with_a_download(client: Client) -> None:
    response = await client.post_form(
        "/register",
        {
            "username": "carol",
            "passphrase": PASSPHRASE,
            "passphrase_confirm": PASSPHRASE,
        },
    )
    assert 'download="attune-recovery-code.txt"' in response.text
    again = await client.get("/")
    assert "Your recovery code" not in again.text


async def test_it_refuses_a_taken_username_and_keeps_what_was_typed(
    client: Client, alice: Client
) -> None:
    response = await client.post_form(
        "/register",
        {
            "username": "alice",
            "passphrase": PASSPHRASE,
            "passphrase_confirm": PASSPHRASE,
        },
    )
    assert response.status_code == 422
    assert "That username is taken" in response.text
    assert 'value="alice"' in response.text
    assert 'aria-invalid="true"' in response.text
    assert await User.filter(username="alice").count() == 1


async def test_it_refuses_weak_and_overlong_passphrases(client: Client) -> None:
    for passphrase, message in [
        ("short", "at least 10 characters"),
        ("1234567890", "easy to guess"),
        ("x" * 201 + "abcd", "under 200 characters"),
    ]:
        response = await client.post_form(
            "/register",
            {
                "username": "dora",
                "passphrase": passphrase,
                "passphrase_confirm": passphrase,
            },
        )
        assert response.status_code == 422
        assert message in response.text
        assert 'value="dora"' in response.text
    assert not await User.filter(username="dora").exists()


async def test_it_refuses_mismatched_confirmation_and_bad_usernames(
    client: Client,
) -> None:
    response = await client.post_form(
        "/register",
        {
            "username": "a b",
            "passphrase": PASSPHRASE,
            "passphrase_confirm": "other words",
        },
    )
    assert response.status_code == 422
    assert "Use 3 to 32 letters" in response.text
    assert "are not the same" in response.text
    assert 'aria-describedby="username-hint username-error"' in response.text


async def test_it_answers_htmx_with_the_form_fragment(client: Client) -> None:
    response = await client.post_form(
        "/register", {"username": "", "passphrase": ""}, htmx=True
    )
    assert response.status_code == 422
    assert response.text.lstrip().startswith("<form")
    assert "<html" not in response.text
    assert "Choose a username." in response.text


async def test_repeated_fields_do_not_break_the_form(client: Client) -> None:
    response = await client.post_form(
        "/register",
        [
            ("username", "erin"),
            ("username", "other"),
            ("passphrase", PASSPHRASE),
            ("passphrase", "x"),
            ("passphrase_confirm", PASSPHRASE),
        ],
    )
    assert response.status_code == 200
    assert await User.filter(username="erin").exists()


async def test_a_signed_in_person_is_sent_home_from_register(alice: Client) -> None:
    response = await alice.get("/register")
    assert response.status_code == 303
    assert response.headers["location"] == "/"


async def test_concurrent_sign_ups_cannot_slip_past_the_limit(app: Litestar) -> None:
    async def one(n: int) -> int:
        async with make_client(app, address="10.1.1.1") as c:
            response = await c.post_form(
                "/register",
                {
                    "username": f"burst{n}",
                    "passphrase": PASSPHRASE,
                    "passphrase_confirm": PASSPHRASE,
                },
            )
            return response.status_code

    statuses = await asyncio.gather(*(one(n) for n in range(30)))
    assert statuses.count(200) == app.state.settings.signup_limit_per_ip == 20
    assert statuses.count(429) == 10
    assert await User.filter(username__startswith="burst").count() == 20


async def test_sign_up_saves_the_time_zone_it_is_given(client: Client) -> None:
    response = await client.post_form(
        "/register",
        {
            "username": "zoe",
            "passphrase": "calm river morning light",
            "passphrase_confirm": "calm river morning light",
            "timezone": "Asia/Calcutta",  # an old name a browser may report
        },
    )
    assert response.status_code == 200
    user = await User.get(username="zoe")
    assert user.timezone == "Asia/Kolkata"


async def test_sign_up_without_a_zone_guesses_from_the_browsers_region(
    client: Client,
) -> None:
    page = await client.get("/register", headers={"Accept-Language": "en-AU"})
    assert '<option value="Australia/Sydney" selected>' in page.text
    assert page.text.count("<option") < 450  # canonical zones, not every alias
    response = await client.post_form(
        "/register",
        {
            "username": "zack",
            "passphrase": "calm river morning light",
            "passphrase_confirm": "calm river morning light",
        },
        headers={"Accept-Language": "en-AU"},
    )
    assert response.status_code == 200
    assert (await User.get(username="zack")).timezone == "Australia/Sydney"


async def test_an_unknown_zone_is_explained_and_everything_else_kept(
    client: Client,
) -> None:
    response = await client.post_form(
        "/register",
        {
            "username": "zelda",
            "passphrase": "calm river morning light",
            "passphrase_confirm": "calm river morning light",
            "timezone": "Mars/Olympus",
        },
    )
    assert response.status_code == 422
    assert "Choose a time zone from the list" in response.text
    assert 'value="zelda"' in response.text
    assert not await User.filter(username="zelda").exists()


# SQLite takes one transaction at a time, so only PostgreSQL can race.
@pytest.mark.postgres
@pytest.mark.parametrize("backend", ["postgres"], indirect=True)
async def test_two_sign_ups_for_one_name_inside_transactions_end_in_one_account(
    app: Litestar,
) -> None:
    """A passkey sign-up creates its account in a transaction. When two of them take
    the same name at once, both pass the "is it free?" check and the second one's
    INSERT fails on the unique name: on PostgreSQL that aborted its transaction, so
    the follow-up check raised there and the person got a 500 instead of "taken"."""
    from tortoise.transactions import in_transaction

    from server.accounts.service import UsernameTaken, create_account

    state = app.state
    checked = asyncio.Barrier(2)

    async def sign_up_as(name: str) -> str:
        async with in_transaction():
            try:
                # Both look the name up before either saves (the race's window).
                assert not await User.filter(username=name).exists()
                await checked.wait()
                await create_account(
                    name, None, passwords=state.passwords, keyring=state.keyring
                )
            except UsernameTaken:
                return "taken"
        return "created"

    outcomes = await asyncio.gather(sign_up_as("dana"), sign_up_as("dana"))
    assert sorted(outcomes) == ["created", "taken"]
    assert await User.filter(username="dana").count() == 1
