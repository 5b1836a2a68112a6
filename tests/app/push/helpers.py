"""Building people with reminders and devices, a settable clock, and the
simulated days used by the dispatcher tests (in-process and multi-process)."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from server.accounts.models import User
from server.push.models import (
    PushSubscription,
    ReminderSetting,
    parse_hhmm,
    slot_instant,
)
from tests.app.push.conftest import BrowserKeys, b64u

ZONES = [
    "UTC",
    "Europe/London",
    "Europe/Paris",
    "Europe/Berlin",
    "America/New_York",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "Asia/Kolkata",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Pacific/Auckland",
]
# Wall times at the edges of DST changes (02:30 does not exist in New York on
# 2025-03-09; 01:30 and 02:30 happen twice in London and Paris on 2025-10-26).
EDGE_TIMES = [
    ("Europe/Paris", "02:30"),
    ("Europe/Paris", "02:00"),
    ("Europe/Paris", "03:00"),
    ("Europe/London", "01:30"),
    ("Europe/Berlin", "02:59"),
    ("America/New_York", "02:30"),
    ("America/New_York", "02:00"),
    ("America/New_York", "03:00"),
    ("America/Los_Angeles", "01:59"),
]

SHARED_KEYS = BrowserKeys()


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


async def make_user(name: str, tz: str = "UTC") -> User:
    return await User.create(
        username=name,
        password_hash="x",
        recovery_hash="x",
        wrapped_key="x",
        timezone=tz,
    )


async def add_device(
    user: Any, base: str, name: str, keys: BrowserKeys = SHARED_KEYS
) -> PushSubscription:
    return await PushSubscription.create(
        user_id=user.pk,
        endpoint=f"{base}/push/{name}",
        p256dh=keys.p256dh,
        auth=b64u(keys.auth),
    )


@dataclass
class Scenario:
    """People whose slots all fall in a 16-hour UTC band, so that a window from
    two hours before the first band to two hours after the third holds exactly
    three slots per person, whatever the zone, across a DST change."""

    band_start: datetime  # 00:00 UTC of the first day
    people: list[tuple[str, str, str]]  # (username, zone, HH:MM)

    @property
    def enabled_at(self) -> datetime:
        return self.band_start - timedelta(hours=2)

    @property
    def end(self) -> datetime:
        return self.band_start + timedelta(days=2, hours=18)

    def ticks(self, minutes: int = 10) -> list[datetime]:
        out, t = [], self.enabled_at
        while t <= self.end:
            out.append(t)
            t += timedelta(minutes=minutes)
        return out

    def expected(self) -> set[tuple[str, date]]:
        """Every (person, local date) whose slot lies in the window."""
        want = set()
        for name, zone, at in self.people:
            tz = ZoneInfo(zone)
            first = self.enabled_at.astimezone(tz).date() - timedelta(days=1)
            for k in range(6):
                day = first + timedelta(days=k)
                if self.enabled_at <= slot_instant(day, parse_hhmm(at), tz) <= self.end:
                    want.add((name, day))
        return want


def scenario(band_start: datetime, n: int, seed: int = 8) -> Scenario:
    rng = random.Random(seed)
    people = []
    noon = band_start + timedelta(hours=12)
    for i in range(n):
        if i < len(EDGE_TIMES):
            zone, at = EDGE_TIMES[i]
        else:
            zone = ZONES[i % len(ZONES)]
            minute = rng.randrange(60, 15 * 60)  # 01:00-15:00 UTC, an hour of margin
            offset = noon.astimezone(ZoneInfo(zone)).utcoffset()
            assert offset is not None
            local = (minute + int(offset.total_seconds() // 60)) % 1440
            at = f"{local // 60:02d}:{local % 60:02d}"
        people.append((f"p{i:04d}", zone, at))
    return Scenario(band_start, people)


async def populate(s: Scenario, base: str) -> None:
    users = [
        User(
            id=uuid.uuid4(),
            username=name,
            password_hash="x",
            recovery_hash="x",
            wrapped_key="x",
            timezone=zone,
        )
        for name, zone, _ in s.people
    ]
    await User.bulk_create(users)
    reminders, devices = [], []
    for user, (name, zone, at) in zip(users, s.people, strict=True):
        r = ReminderSetting(
            user_id=user.pk,
            enabled=True,
            remind_at=at,
            timezone=zone,
            enabled_at=s.enabled_at,
        )
        r.reschedule(s.enabled_at)
        reminders.append(r)
        devices.append(
            PushSubscription(
                user_id=user.pk,
                endpoint=f"{base}/push/{name}",
                p256dh=SHARED_KEYS.p256dh,
                auth=b64u(SHARED_KEYS.auth),
            )
        )
    await ReminderSetting.bulk_create(reminders)
    await PushSubscription.bulk_create(devices)
