"""Who is sent what and when: local times, DST, the enabled-after-today rule, leases,
and a 500-person, three-day simulation with one dispatcher (both databases)."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import AsyncIterator
from datetime import date

import pytest
import pytest_asyncio
from litestar import Litestar

from server.push.dispatcher import Dispatcher, make_sender
from server.push.models import Delivery, ReminderSetting, save_reminder
from server.push.sender import PushSender
from server.settings import Settings
from tests.app.push.conftest import FakePushService
from tests.app.push.helpers import (
    SHARED_KEYS,
    Clock,
    add_device,
    make_user,
    populate,
    scenario,
    utc,
)


@pytest_asyncio.fixture
async def sender(app: Litestar, settings: Settings) -> AsyncIterator[PushSender]:
    async def no_wait(_: float) -> None:
        return None

    async with make_sender(settings, sleep=no_wait) as s:
        yield s


async def person(
    fake: FakePushService, name: str, tz: str, at: str, now: object
) -> None:
    user = await make_user(name, tz)
    await save_reminder(user, enabled=True, remind_at=at, timezone=tz, now=now)  # type: ignore[arg-type]
    await add_device(user, fake.base, name)


async def test_it_sends_at_the_local_time_once_a_day(
    sender: PushSender, fake_push: FakePushService
) -> None:
    await person(fake_push, "alice", "Asia/Tokyo", "08:00", utc(2025, 6, 1, 0))
    clock = Clock(utc(2025, 6, 1, 22, 59))  # 07:59 in Tokyo on June 2
    d = Dispatcher(sender, clock=clock)
    await d.run_once()
    assert fake_push.received == []
    clock.advance(minutes=1)
    await d.run_once()
    clock.advance(hours=5)
    await d.run_once()
    assert len(fake_push.received) == 1
    assert (await Delivery.get()).local_date == date(2025, 6, 2)
    clock.advance(hours=19)
    await d.run_once()
    assert [x.local_date for x in await Delivery.all().order_by("local_date")] == [
        date(2025, 6, 2),
        date(2025, 6, 3),
    ]


async def test_turning_on_after_todays_time_starts_tomorrow(
    sender: PushSender, fake_push: FakePushService
) -> None:
    await person(fake_push, "alice", "UTC", "08:00", utc(2025, 6, 2, 9))
    clock = Clock(utc(2025, 6, 2, 9, 1))
    d = Dispatcher(sender, clock=clock)
    await d.run_once()
    clock.now = utc(2025, 6, 2, 23, 59)
    await d.run_once()
    assert fake_push.received == []
    clock.now = utc(2025, 6, 3, 8, 0)
    await d.run_once()
    assert [x.local_date for x in await Delivery.all()] == [date(2025, 6, 3)]


async def test_moving_the_time_later_the_same_day_does_not_send_twice(
    sender: PushSender, fake_push: FakePushService
) -> None:
    await person(fake_push, "alice", "UTC", "08:00", utc(2025, 6, 1))
    clock = Clock(utc(2025, 6, 2, 8, 5))
    d = Dispatcher(sender, clock=clock)
    await d.run_once()
    user = (await ReminderSetting.get().prefetch_related("user")).user
    await save_reminder(
        user, enabled=True, remind_at="20:00", timezone="UTC", now=clock.now
    )
    clock.now = utc(2025, 6, 2, 20, 30)
    await d.run_once()
    assert len(fake_push.received) == 1
    clock.now = utc(2025, 6, 3, 20, 0)
    await d.run_once()
    assert len(fake_push.received) == 2


async def test_turned_off_reminders_send_nothing(
    sender: PushSender, fake_push: FakePushService
) -> None:
    await person(fake_push, "alice", "UTC", "08:00", utc(2025, 6, 1))
    user = (await ReminderSetting.get().prefetch_related("user")).user
    await save_reminder(
        user, enabled=False, remind_at="08:00", timezone="UTC", now=utc(2025, 6, 1)
    )
    await Dispatcher(sender, clock=Clock(utc(2025, 6, 2, 9))).run_once()
    assert fake_push.received == []


async def test_people_without_a_device_are_skipped_without_a_delivery(
    sender: PushSender, fake_push: FakePushService
) -> None:
    user = await make_user("alice")
    await save_reminder(
        user, enabled=True, remind_at="08:00", timezone="UTC", now=utc(2025, 6, 1)
    )
    report = await Dispatcher(sender, clock=Clock(utc(2025, 6, 2, 9))).run_once()
    assert report.no_device == 1
    assert await Delivery.all().count() == 0
    assert (await ReminderSetting.get()).next_local_date == date(2025, 6, 3)


async def test_after_a_long_outage_only_a_recent_slot_is_sent(
    sender: PushSender, fake_push: FakePushService
) -> None:
    await person(fake_push, "alice", "UTC", "08:00", utc(2025, 6, 1))
    await Dispatcher(sender, clock=Clock(utc(2025, 6, 5, 9))).run_once()
    assert [x.local_date for x in await Delivery.all()] == [date(2025, 6, 5)]


async def test_a_dispatcher_killed_after_claiming_is_taken_over_after_the_lease(
    sender: PushSender, fake_push: FakePushService
) -> None:
    await person(fake_push, "alice", "UTC", "08:00", utc(2025, 6, 1))
    clock = Clock(utc(2025, 6, 2, 8, 0))
    token, claims = await Dispatcher(sender, clock=clock).claim()
    assert len(claims) == 1  # ...and then the process died
    survivor = Dispatcher(sender, clock=clock)
    for _ in range(9):
        clock.advance(minutes=1)
        await survivor.run_once()
    assert fake_push.received == []
    clock.advance(minutes=1, seconds=1)
    await survivor.run_once()
    clock.advance(minutes=30)
    await survivor.run_once()
    assert len(fake_push.received) == 1
    delivery = await Delivery.get()
    assert (delivery.outcome, delivery.attempts) == ("sent", 2)
    assert delivery.claim_token != token


@pytest.mark.parametrize(
    "band_start", [utc(2025, 3, 8), utc(2025, 10, 25)], ids=["us-spring", "eu-autumn"]
)
async def test_500_people_over_3_days_with_one_dispatcher(
    sender: PushSender, fake_push: FakePushService, band_start: object
) -> None:
    s = scenario(band_start, 500)  # type: ignore[arg-type]
    expected = s.expected()
    assert len(expected) == 1500
    assert Counter(name for name, _ in expected) == {n: 3 for n, _, _ in s.people}
    await populate(s, fake_push.base)
    clock = Clock(s.enabled_at)
    d = Dispatcher(sender, clock=clock)
    started = time.perf_counter()
    for tick in s.ticks(10):
        clock.now = tick
        await d.run_once()
    elapsed = time.perf_counter() - started
    topics = Counter((p.path, p.headers["Topic"]) for p in fake_push.received)
    assert len(fake_push.received) == 1500, "sends"
    assert max(topics.values()) == 1, "duplicates"
    rows = await Delivery.filter(outcome="sent").prefetch_related("user")
    assert {(r.user.username, r.local_date) for r in rows} == expected, "misses"
    assert SHARED_KEYS.decrypt(fake_push.received[-1].body)["url"] == "/lessons/today"
    print(
        f"\n1 dispatcher, 500 people x 3 days: {elapsed:.1f}s for {len(s.ticks(10))} ticks"
    )


async def test_the_embedded_dispatcher_sends_from_inside_the_app(
    app: Litestar, settings: Settings, fake_push: FakePushService
) -> None:
    import asyncio
    from datetime import UTC, datetime, timedelta

    from server.push.dispatcher import embedded_dispatcher

    now = datetime.now(UTC)
    user = await make_user("alice")
    await save_reminder(
        user,
        enabled=True,
        remind_at=(now - timedelta(minutes=1)).strftime("%H:%M"),
        timezone="UTC",
        now=now - timedelta(minutes=30),
    )
    await add_device(user, fake_push.base, "alice")
    async with embedded_dispatcher(settings):
        for _ in range(100):
            if fake_push.received:
                break
            await asyncio.sleep(0.05)
    assert len(fake_push.received) == 1
    assert (await Delivery.get()).outcome == "sent"
