from __future__ import annotations

import re

from server.accounts.models import Session, User
from server.passwords import hash_recovery_code
from tests.app.accounts.test_login import sign_in
from tests.conftest import PASSPHRASE, Client, sign_up

NEW = "quiet harbour evening tide"


async def test_the_code_sets_a_new_passphrase_and_is_replaced(client: Client) -> None:
    code = await sign_up(client, "alice")
    await client.post_form("/logout")
    response = await client.post_form(
        "/recover",
        {
            "username": "alice",
            "code": code.lower().replace("-", " "),
            "passphrase": NEW,
        },
    )
    assert response.status_code == 200
    new_code = re.search(r'data-code="([0-9A-Z-]{24})"', response.text).group(1)  # type: ignore[union-attr]
    assert new_code != code
    user = await User.get(username="alice")
    assert user.recovery_hash == hash_recovery_code(new_code)
    assert await Session.filter(user=user).count() == 1
    await client.post_form("/logout")
    assert (await sign_in(client, "alice", PASSPHRASE)).status_code == 422
    assert (await sign_in(client, "alice", NEW)).status_code == 303
    # The old code is spent.
    again = await client.post_form(
        "/recover", {"username": "alice", "code": code, "passphrase": NEW + " again"}
    )
    assert again.status_code == 422


async def test_a_wrong_code_is_refused_calmly(client: Client, alice: Client) -> None:
    response = await client.post_form(
        "/recover",
        {"username": "alice", "code": "AAAA-BBBB-CCCC-DDDD-EEEE", "passphrase": NEW},
    )
    assert response.status_code == 422
    assert "do not match" in response.text
    assert 'value="AAAA-BBBB-CCCC-DDDD-EEEE"' in response.text
    assert NEW not in response.text


async def test_missing_fields_are_named(client: Client) -> None:
    response = await client.post_form("/recover", {})
    assert response.status_code == 422
    assert "Enter your username." in response.text
    assert "Enter the recovery code" in response.text
