"""Passkey ceremonies through the app's own routes, answered by a software
authenticator (tests/authenticator.py): real keys, real py_webauthn."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx

from tests.authenticator import SoftAuthenticator
from tests.conftest import Client


async def ask(client: Client, url: str, data: dict[str, str] | None = None) -> Any:
    response = await client.post_form(url, data or {})
    assert response.status_code == 200, response.text
    return json.loads(response.text)


async def add_passkey(
    client: Client, device: SoftAuthenticator, name: str = "Pixel 8"
) -> httpx.Response:
    answer = device.create(await ask(client, "/settings/passkeys/options"))
    return await client.post_form(
        "/settings/passkeys", {"credential": json.dumps(answer), "name": name}
    )


async def sign_in_answer(client: Client, device: SoftAuthenticator) -> str:
    return json.dumps(device.get(await ask(client, "/login/passkey/options")))


async def sign_in(client: Client, device: SoftAuthenticator) -> httpx.Response:
    answer = await sign_in_answer(client, device)
    return await client.post_form("/login/passkey", {"credential": answer, "next": "/"})


async def sign_up_with_passkey(
    client: Client, device: SoftAuthenticator, username: str
) -> str:
    options = await ask(
        client,
        "/register/passkey/options",
        {"username": username, "timezone": "Europe/Madrid"},
    )
    response = await client.post_form(
        "/register/passkey", {"credential": json.dumps(device.create(options))}
    )
    assert response.status_code == 200, response.text
    match = re.search(r'data-code="([0-9A-Z-]{24})"', response.text)
    assert match, "recovery code not shown"
    return match.group(1)
