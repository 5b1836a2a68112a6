"""The fault matrix: what each push-service answer does to attempts, waits and rows."""

from __future__ import annotations

import email.utils
import re
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
import pytest_asyncio
from litestar import Litestar

from server.accounts.models import User
from server.push.dispatcher import MAX_CLAIMS, Dispatcher, make_sender
from server.push.models import Delivery, PushSubscription, save_reminder
from server.push.sender import NOTIFICATION, PushSender
from server.push.vapid import load_vapid_keys
from server.settings import Settings
from server.web.i18n import speaking
from tests.app.push.conftest import Answer, BrowserKeys, FakePushService, verify_vapid
from tests.app.push.helpers import Clock, add_device, make_user, utc

MORNING = utc(2025, 6, 2, 8, 1)


class Waits(list[float]):
    async def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest_asyncio.fixture
async def waits() -> Waits:
    return Waits()


@pytest_asyncio.fixture
async def sender(
    app: Litestar, settings: Settings, waits: Waits
) -> AsyncIterator[PushSender]:
    async with make_sender(settings, sleep=waits, timeout=0.5) as s:
        yield s


async def alice_due(
    fake: FakePushService, keys: BrowserKeys | None = None
) -> PushSubscription:
    user = await make_user("alice")
    await save_reminder(
        user, enabled=True, remind_at="08:00", timezone="UTC", now=utc(2025, 6, 1, 12)
    )
    if keys:
        return await add_device(user, fake.base, "alice", keys)
    return await add_device(user, fake.base, "alice")


def dispatcher(sender: PushSender, clock: Clock) -> Dispatcher:
    return Dispatcher(sender, clock=clock)


async def test_it_sends_the_generic_text_encrypted_and_signed(
    sender: PushSender, fake_push: FakePushService, settings: Settings, waits: Waits
) -> None:
    keys = BrowserKeys()
    await alice_due(fake_push, keys)
    report = await dispatcher(sender, Clock(MORNING)).run_once()
    assert report.sent == 1
    [pushed] = fake_push.to("alice")
    assert keys.decrypt(pushed.body) == NOTIFICATION
    assert NOTIFICATION["body"] == "Your daily moment is ready"
    claims = verify_vapid(
        pushed.headers, load_vapid_keys(settings).public, fake_push.base
    )
    assert claims["sub"] == settings.vapid_subject
    assert pushed.headers["Content-Encoding"] == "aes128gcm"
    assert pushed.headers["TTL"] == str(6 * 3600)
    assert pushed.headers["Urgency"] == "normal"
    assert re.fullmatch(r"[A-Za-z0-9_-]{1,32}", pushed.headers["Topic"])
    delivery = await Delivery.get()
    assert (delivery.outcome, delivery.attempts, waits) == ("sent", 1, [])
    assert delivery.sent_at == MORNING


async def test_it_signs_one_token_per_push_service_and_reuses_it(
    sender: PushSender, fake_push: FakePushService
) -> None:
    for name in ("ann", "ben", "cat"):
        user = await make_user(name)
        await save_reminder(
            user, enabled=True, remind_at="08:00", timezone="UTC", now=utc(2025, 6, 1)
        )
        await add_device(user, fake_push.base, name)
    await dispatcher(sender, Clock(MORNING)).run_once()
    assert len(fake_push.received) == 3
    assert sender.signer.signatures == 1
    assert len({p.headers["Authorization"] for p in fake_push.received}) == 1


@pytest.mark.parametrize("status", [404, 410])
async def test_a_gone_subscription_is_deleted_and_not_retried(
    sender: PushSender, fake_push: FakePushService, waits: Waits, status: int
) -> None:
    await alice_due(fake_push)
    fake_push.answer("alice", status)
    clock = Clock(MORNING)
    await dispatcher(sender, clock).run_once()
    assert await PushSubscription.all().count() == 0
    delivery = await Delivery.get()
    assert (delivery.outcome, delivery.sent_at, waits) == ("gone", None, [])
    clock.advance(minutes=30)
    await dispatcher(sender, clock).run_once()
    assert len(fake_push.to("alice")) == 1


async def test_too_large_is_logged_and_not_retried(
    sender: PushSender, fake_push: FakePushService, waits: Waits
) -> None:
    await alice_due(fake_push)
    fake_push.answer("alice", 413)
    clock = Clock(MORNING)
    await dispatcher(sender, clock).run_once()
    clock.advance(minutes=30)
    await dispatcher(sender, clock).run_once()
    assert len(fake_push.to("alice")) == 1
    assert waits == []
    assert (await Delivery.get()).outcome == "too-large"
    assert await PushSubscription.all().count() == 1


async def test_429_waits_as_long_as_retry_after_says(
    sender: PushSender, fake_push: FakePushService, waits: Waits
) -> None:
    await alice_due(fake_push)
    fake_push.answer("alice", Answer(429, {"Retry-After": "7"}))
    await dispatcher(sender, Clock(MORNING)).run_once()
    assert waits == [7.0]
    assert len(fake_push.to("alice")) == 2
    assert (await Delivery.get()).outcome == "sent"


async def test_429_understands_an_http_date(
    sender: PushSender, fake_push: FakePushService, waits: Waits
) -> None:
    import time

    await alice_due(fake_push)
    when = email.utils.formatdate(time.time() + 20, usegmt=True)
    fake_push.answer("alice", Answer(429, {"Retry-After": when}))
    await dispatcher(sender, Clock(MORNING)).run_once()
    assert len(waits) == 1 and 17 <= waits[0] <= 20


async def test_a_long_retry_after_leaves_the_claim_for_after_the_lease(
    sender: PushSender, fake_push: FakePushService, waits: Waits
) -> None:
    await alice_due(fake_push)
    fake_push.answer("alice", Answer(429, {"Retry-After": "3600"}))
    clock = Clock(MORNING)
    report = await dispatcher(sender, clock).run_once()
    assert (report.pending, waits, len(fake_push.to("alice"))) == (1, [], 1)
    delivery = await Delivery.get()
    assert (delivery.sent_at, delivery.outcome) == (None, "")
    clock.advance(minutes=5)
    await dispatcher(sender, clock).run_once()
    assert len(fake_push.to("alice")) == 1  # still within the lease
    clock.advance(minutes=6)
    await dispatcher(sender, clock).run_once()
    delivery = await Delivery.get()
    assert (delivery.outcome, delivery.attempts) == ("sent", 2)
    assert len(fake_push.to("alice")) == 2


async def test_server_errors_back_off_exponentially_and_boundedly(
    sender: PushSender, fake_push: FakePushService, waits: Waits
) -> None:
    await alice_due(fake_push)
    fake_push.answer(
        "alice", 500, 502, 503, 503, 503, 503, 503, 503, 503, 503, 503, 503, 503
    )
    clock = Clock(MORNING)
    await dispatcher(sender, clock).run_once()
    assert waits == [1.0, 2.0, 4.0]
    assert len(fake_push.to("alice")) == 4
    delivery = await Delivery.get()
    assert (delivery.sent_at, delivery.outcome, delivery.attempts) == (None, "", 1)
    for _ in range(MAX_CLAIMS - 1):
        clock.advance(minutes=11)
        await dispatcher(sender, clock).run_once()
    delivery = await Delivery.get()
    assert (delivery.outcome, delivery.attempts) == ("failed", MAX_CLAIMS)
    assert len(fake_push.to("alice")) == 4 * MAX_CLAIMS
    assert waits == [1.0, 2.0, 4.0] * MAX_CLAIMS
    clock.advance(minutes=30)
    await dispatcher(sender, clock).run_once()
    assert len(fake_push.to("alice")) == 4 * MAX_CLAIMS  # given up for the day
    assert await PushSubscription.all().count() == 1


async def test_a_server_error_then_success_is_sent_once(
    sender: PushSender, fake_push: FakePushService, waits: Waits
) -> None:
    await alice_due(fake_push)
    fake_push.answer("alice", 503)
    await dispatcher(sender, Clock(MORNING)).run_once()
    assert waits == [1.0]
    assert [p.path for p in fake_push.received] == ["/push/alice"] * 2
    assert (await Delivery.get()).outcome == "sent"


async def test_a_timeout_is_retried_with_backoff(
    sender: PushSender, fake_push: FakePushService, waits: Waits
) -> None:
    await alice_due(fake_push)
    fake_push.answer("alice", Answer(201, delay=2.0))
    await dispatcher(sender, Clock(MORNING)).run_once()
    assert waits == [1.0]
    assert (await Delivery.get()).outcome == "sent"


async def test_a_refused_token_is_not_retried(
    sender: PushSender, fake_push: FakePushService, waits: Waits
) -> None:
    await alice_due(fake_push)
    fake_push.answer("alice", 403)
    await dispatcher(sender, Clock(MORNING)).run_once()
    assert (len(fake_push.received), waits) == (1, [])
    assert (await Delivery.get()).outcome == "failed"


async def test_one_device_gone_and_one_reached_counts_as_sent(
    sender: PushSender, fake_push: FakePushService
) -> None:
    sub = await alice_due(fake_push)
    await add_device(await sub.user, fake_push.base, "alice-laptop")
    fake_push.answer("alice", 410)
    await dispatcher(sender, Clock(MORNING)).run_once()
    assert (await Delivery.get()).outcome == "sent"
    assert [s.endpoint for s in await PushSubscription.all()] == [
        f"{fake_push.base}/push/alice-laptop"
    ]


async def test_the_lease_is_longer_than_the_worst_retry(sender: PushSender) -> None:
    from server.push.dispatcher import LEASE

    worst = sum(sender.backoff(n) for n in range(1, sender.max_attempts)) + (
        sender.max_attempts * 10
    )
    assert timedelta(seconds=worst) < LEASE


async def test_each_person_gets_the_reminder_in_their_own_language(
    sender: PushSender, fake_push: FakePushService
) -> None:
    keys = BrowserKeys()
    subscription = await alice_due(fake_push, keys)
    await User.filter(id=subscription.user_id).update(language="es")  # type: ignore[attr-defined]
    bob = await make_user("bob")
    await save_reminder(
        bob, enabled=True, remind_at="08:00", timezone="UTC", now=utc(2025, 6, 1, 12)
    )
    bob_keys = BrowserKeys()
    await add_device(bob, fake_push.base, "bob", bob_keys)

    # Whoever runs the dispatcher, and in whatever language, does not matter.
    with speaking("es"):
        report = await dispatcher(sender, Clock(MORNING)).run_once()
    assert report.sent == 2
    [to_alice] = fake_push.to("alice")
    [to_bob] = fake_push.to("bob")
    # Decrypted as their browsers would.
    # The Spanish catalog's own words (server/locales/es).
    assert keys.decrypt(to_alice.body)["body"] == "Tu momento del día está listo"
    assert bob_keys.decrypt(to_bob.body)["body"] == "Your daily moment is ready"
