"""The one outbound seam: encrypt a notification and POST it to a push service.

RFC 8291 encryption (http_ece, as pywebpush uses it) and ONE aiohttp session, a request
timeout, TTL of hours, Urgency normal, a Topic per person-day, and the response
codes of RFC 8030: 201/202 sent; 404/410 the subscription is gone; 413 too large
(no retry); 429 wait for Retry-After; 5xx and timeouts a bounded exponential
backoff.

The request is what pywebpush's `WebPusher.send_async` sends (same body format
and headers), built directly: a WebPusher per message deep-copies the
subscription and rebuilds case-insensitive header dicts, which cost as much CPU
as the encryption itself at tens of thousands of messages a minute.
"""

from __future__ import annotations

import asyncio
import email.utils
import hashlib
import json
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from uuid import UUID

import aiohttp
import http_ece
from cryptography.hazmat.primitives.asymmetric import ec

from server.crypto import b64url, b64url_decode
from server.push.vapid import VapidSigner, audience
from server.web.i18n import _l, speaking

log = logging.getLogger("attune.push")

# Nothing private: the same words for everyone who reads a language, every day.
NOTIFICATION = {
    "title": "Attune",
    "body": _l("Your daily moment is ready"),
    "url": "/lessons/today",
    "icon": "/static/icons/icon-192.png",
}


@lru_cache(maxsize=16)
def payload_for(language: str) -> str:
    """The notification in the recipient's language ("" for English)."""
    with speaking(language):
        text = {key: str(value) for key, value in NOTIFICATION.items()}
    return json.dumps(text, separators=(",", ":"), ensure_ascii=False)


PAYLOAD = payload_for("")
TTL_SECONDS = 6 * 3600
# Headers every message carries besides Authorization (per audience) and Topic.
FIXED_HEADERS = {
    "TTL": str(TTL_SECONDS),
    "Content-Encoding": "aes128gcm",
    "Urgency": "normal",
}

SENT, GONE, TOO_LARGE, RETRY_LATER, FAILED = (
    "sent",
    "gone",
    "too-large",
    "retry-later",
    "failed",
)

Sleep = Callable[[float], Awaitable[Any]]

# RFC 8291 §4: a push message body is at most 4096 bytes: an 86-byte header (salt,
# record size, our 65-byte key), one record of plaintext, its 0x02 delimiter and
# the 16-byte GCM tag, so 3993 bytes of plaintext at most.
MAX_PLAINTEXT = 4096 - 86 - 1 - 16


def encrypt(plaintext: bytes, ua_public: bytes, auth_secret: bytes) -> bytes:
    """The request body for one message to the browser key `ua_public`
    (65-byte uncompressed P-256 point) with its 16-byte `auth_secret`: a fresh
    ECDH key and a fresh salt every time."""
    if len(ua_public) != 65:
        raise ValueError("p256dh must be an uncompressed P-256 point")
    body: bytes = http_ece.encrypt(
        plaintext,
        private_key=ec.generate_private_key(ec.SECP256R1()),
        dh=ua_public,
        auth_secret=auth_secret,
        version="aes128gcm",
    )
    return body


@dataclass
class SendResult:
    outcome: str
    attempts: int
    status: int | None = None
    waits: list[float] = field(default_factory=list)


def retry_after_seconds(value: str | None, now: float) -> float | None:
    """Retry-After is either seconds or an HTTP date (RFC 9110 §10.2.3)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - now)


class PushSender:
    """Use as `async with PushSender(signer) as sender: await sender.send(...)`."""

    def __init__(
        self,
        signer: VapidSigner,
        *,
        timeout: float = 10.0,
        max_attempts: int = 4,
        base_delay: float = 1.0,
        max_delay: float = 60.0,
        sleep: Sleep = asyncio.sleep,
        connections: int = 100,
    ) -> None:
        self.signer = signer
        self.timeout = aiohttp.ClientTimeout(total=timeout)
        self.max_attempts = max_attempts
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.sleep = sleep
        self.connections = connections
        self.session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> PushSender:
        self.session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=self.connections)
        )
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self.session is not None:
            await self.session.close()
            self.session = None

    def backoff(self, attempt: int) -> float:
        return float(min(self.max_delay, self.base_delay * 2 ** (attempt - 1)))

    async def send(
        self, subscription: Mapping[str, Any], topic: str, payload: str = PAYLOAD
    ) -> SendResult:
        assert self.session is not None, "use PushSender as an async context manager"
        endpoint = subscription["endpoint"]
        result = SendResult(outcome=RETRY_LATER, attempts=0)
        plaintext = payload.encode()
        if len(plaintext) > MAX_PLAINTEXT:
            log.warning("push payload too large for %s", audience(endpoint))
            result.outcome = TOO_LARGE
            return result
        try:
            keys = subscription["keys"]
            ua_public = b64url_decode(keys["p256dh"])
            auth_secret = b64url_decode(keys["auth"])
            body = encrypt(plaintext, ua_public, auth_secret)
        except (KeyError, ValueError, http_ece.ECEException):
            log.warning("push subscription keys invalid for %s", audience(endpoint))
            result.outcome = FAILED
            return result
        while result.attempts < self.max_attempts:
            result.attempts += 1
            if result.attempts > 1:
                # Each attempt gets its own ephemeral key and salt, as before.
                body = encrypt(plaintext, ua_public, auth_secret)
            headers = self.signer.headers_for(endpoint)
            headers.update(FIXED_HEADERS)
            headers["Topic"] = topic
            delay: float | None
            try:
                async with self.session.post(
                    endpoint, data=body, headers=headers, timeout=self.timeout
                ) as response:
                    await response.read()
            except (TimeoutError, aiohttp.ClientError) as exc:
                result.status = None
                log.info(
                    "push to %s failed: %s", audience(endpoint), type(exc).__name__
                )
                delay = self.backoff(result.attempts)
            else:
                status = result.status = response.status
                if status in (200, 201, 202):
                    result.outcome = SENT
                    return result
                if status in (404, 410):
                    result.outcome = GONE
                    return result
                if status == 413:
                    log.warning("push payload too large for %s", audience(endpoint))
                    result.outcome = TOO_LARGE
                    return result
                if status == 429:
                    wait = retry_after_seconds(
                        response.headers.get("Retry-After"),
                        time.time(),
                    )
                    delay = self.backoff(result.attempts) if wait is None else wait
                    if delay > self.max_delay:
                        # Longer than we hold a claim: leave it for a later pass.
                        log.info(
                            "push service %s asks to wait %.0fs",
                            audience(endpoint),
                            delay,
                        )
                        return result
                elif status >= 500:
                    delay = self.backoff(result.attempts)
                else:
                    # 400/401/403: our request or VAPID is wrong; retrying will not help.
                    log.warning(
                        "push to %s refused with %s", audience(endpoint), status
                    )
                    result.outcome = FAILED
                    return result
            if result.attempts < self.max_attempts:
                result.waits.append(delay)
                await self.sleep(delay)
        return result


def topic_for(user_id: UUID, local_date: Any) -> str:
    """RFC 8030 Topic: at most 32 characters of the URL-safe base64 alphabet.

    A pending daily reminder for the same person and day replaces itself at the
    push service instead of piling up. Hashed, so the push service cannot link one
    person's days together through it.
    """
    digest = hashlib.sha256(f"{user_id}|{local_date}".encode()).digest()[:24]
    return b64url(digest)
