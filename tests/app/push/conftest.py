"""A fake push service on 127.0.0.1 that records requests and answers chosen
statuses, and browser-side keys to decrypt what arrives (as a browser would)."""

from __future__ import annotations

import asyncio
import base64
import json
import os
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import http_ece
import pytest
import pytest_asyncio
from aiohttp import web
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from py_vapid import Vapid02

from server.settings import Settings


def b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64u_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class BrowserKeys:
    """What a browser keeps for one subscription: its P-256 key and auth secret."""

    private: ec.EllipticCurvePrivateKey = field(
        default_factory=lambda: ec.generate_private_key(ec.SECP256R1())
    )
    auth: bytes = field(default_factory=lambda: os.urandom(16))

    @property
    def p256dh(self) -> str:
        return b64u(
            self.private.public_key().public_bytes(
                Encoding.X962, PublicFormat.UncompressedPoint
            )
        )

    def decrypt(self, body: bytes) -> dict[str, Any]:
        plain = http_ece.decrypt(
            body, private_key=self.private, auth_secret=self.auth, version="aes128gcm"
        )
        return json.loads(plain)  # type: ignore[no-any-return]


@dataclass
class Pushed:
    path: str
    headers: Mapping[str, str]  # case-insensitive
    body: bytes


@dataclass
class Answer:
    status: int = 201
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


class FakePushService:
    def __init__(self) -> None:
        self.received: list[Pushed] = []
        self.script: dict[str, list[Answer]] = {}
        self.base = ""
        self.host = ""

    def answer(self, name: str, *answers: Answer | int) -> None:
        """Queue answers for /push/<name>; after them, 201."""
        self.script.setdefault(f"/push/{name}", []).extend(
            a if isinstance(a, Answer) else Answer(a) for a in answers
        )

    def subscription(self, name: str) -> tuple[dict[str, Any], BrowserKeys]:
        keys = BrowserKeys()
        info = {
            "endpoint": f"{self.base}/push/{name}",
            "keys": {"p256dh": keys.p256dh, "auth": b64u(keys.auth)},
        }
        return info, keys

    def to(self, name: str) -> list[Pushed]:
        return [p for p in self.received if p.path == f"/push/{name}"]

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.read()
        self.received.append(Pushed(request.path, request.headers.copy(), body))
        queue = self.script.get(request.path)
        answer = queue.pop(0) if queue else Answer()
        if answer.delay:
            await asyncio.sleep(answer.delay)
        return web.Response(status=answer.status, headers=answer.headers)

    async def start(self) -> web.AppRunner:
        app = web.Application()
        app.router.add_post("/push/{name}", self.handle)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = runner.addresses[0][1]
        self.host = f"127.0.0.1:{port}"
        self.base = f"http://{self.host}"
        return runner


def verify_vapid(
    headers: dict[str, str], public_key: str, audience: str
) -> dict[str, Any]:
    """The Authorization header is a valid RFC 8292 token from our key."""
    auth = headers["Authorization"]
    assert Vapid02.verify(auth), "VAPID signature does not verify"
    parts = dict(p.split("=", 1) for p in auth.split(" ", 1)[1].split(","))
    assert parts["k"] == public_key
    claims = json.loads(b64u_decode(parts["t"].split(".")[1]))
    assert claims["aud"] == audience
    return claims  # type: ignore[no-any-return]


@pytest_asyncio.fixture
async def fake_push() -> AsyncIterator[FakePushService]:
    service = FakePushService()
    runner = await service.start()
    yield service
    await runner.cleanup()


@pytest.fixture
def settings(settings: Settings, fake_push: FakePushService) -> Settings:
    return replace(settings, push_extra_hosts=(fake_push.host,))
