"""Four dispatchers in four processes (each with its own PostgreSQL pool) share the
same people: exactly one reminder per person and local day, and a dispatcher killed
after claiming is taken over once its lease is over."""

from __future__ import annotations

import asyncio
import multiprocessing
import time
from collections import Counter
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from litestar import Litestar

from server.push.models import Delivery
from server.settings import Settings
from tests.app.push import worker
from tests.app.push.conftest import FakePushService
from tests.app.push.helpers import ZONES, Scenario, populate, scenario, utc

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
SPAWN = multiprocessing.get_context("spawn")


async def run_workers(settings: Settings, host: str, ticks: list[Any], n: int) -> None:
    barrier = SPAWN.Barrier(n)
    procs = [
        SPAWN.Process(
            target=worker.run,
            args=(
                settings.database_url,
                str(settings.instance_dir),
                host,
                ticks,
                barrier,
            ),
        )
        for _ in range(n)
    ]
    for p in procs:
        p.start()
    for p in procs:
        await asyncio.to_thread(p.join, 600)
    assert [p.exitcode for p in procs] == [0] * n


async def kill_one_after_claiming(settings: Settings, host: str, tick: Any) -> None:
    p = SPAWN.Process(
        target=worker.run,
        args=(settings.database_url, str(settings.instance_dir), host, [tick]),
        kwargs={"die": True},
    )
    p.start()
    await asyncio.to_thread(p.join, 120)
    assert p.exitcode == -9


@pytest.mark.parametrize("backend", [pytest.param("postgres")])
async def test_four_dispatchers_send_1500_reminders_exactly_once(
    app: Litestar, settings: Settings, fake_push: FakePushService
) -> None:
    s = scenario(utc(2025, 10, 25), 500)  # Europe falls back on 2025-10-26
    expected = s.expected()
    assert len(expected) == 1500
    await populate(s, fake_push.base)
    ticks = s.ticks(10)
    started = time.perf_counter()
    await run_workers(settings, fake_push.host, ticks, 4)
    elapsed = time.perf_counter() - started
    per_person_day = Counter((p.path, p.headers["Topic"]) for p in fake_push.received)
    assert len(fake_push.received) == 1500, "sends"
    assert max(per_person_day.values()) == 1, "duplicates"
    rows = await Delivery.filter(outcome="sent").prefetch_related("user")
    assert {(r.user.username, r.local_date) for r in rows} == expected, "misses"
    print(f"\n4 processes, 500 people x 3 days, {len(ticks)} ticks: {elapsed:.1f}s")


def same_instant(n: int, when: datetime) -> Scenario:
    """n people in several zones whose local times are all the same instant."""
    people = []
    for i in range(n):
        zone = ZONES[i % len(ZONES)]
        at = when.astimezone(ZoneInfo(zone)).strftime("%H:%M")
        people.append((f"k{i:04d}", zone, at))
    return Scenario(when - timedelta(hours=10), people)


@pytest.mark.parametrize("backend", [pytest.param("postgres")])
async def test_claims_of_a_killed_dispatcher_are_sent_once_after_the_lease(
    app: Litestar, settings: Settings, fake_push: FakePushService
) -> None:
    due = utc(2025, 6, 1, 12)
    await populate(same_instant(200, due), fake_push.base)
    await kill_one_after_claiming(settings, fake_push.host, due)
    orphaned = set(
        await Delivery.filter(sent_at=None, outcome="").values_list(
            "user_id", flat=True
        )
    )
    assert len(orphaned) == 50  # one claim batch, then SIGKILL
    during = [due + timedelta(minutes=m) for m in range(1, 10)]
    await run_workers(settings, fake_push.host, during, 4)
    assert len(fake_push.received) == 150  # the others; the orphans wait for the lease
    after = [due + timedelta(minutes=m) for m in (11, 12, 20)]
    await run_workers(settings, fake_push.host, after, 4)
    paths = Counter(p.path for p in fake_push.received)
    assert len(paths) == 200 and set(paths.values()) == {1}
    retried = await Delivery.filter(outcome="sent", attempts=2).values_list(
        "user_id", flat=True
    )
    assert set(retried) == orphaned
