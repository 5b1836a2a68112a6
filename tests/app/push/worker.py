"""A dispatcher in its own process (own database pool), stepping through simulated
ticks in lockstep with the others (a barrier per tick). Started by
test_dispatcher_postgres.py with multiprocessing (spawn)."""

from __future__ import annotations

import asyncio
import os
import signal
from datetime import datetime
from pathlib import Path
from typing import Any

from server.db import database
from server.features import FEATURES
from server.push.dispatcher import Dispatcher, make_sender
from server.settings import Settings


async def _run(
    db_url: str,
    instance: str,
    host: str,
    ticks: list[datetime],
    barrier: Any,
    die: bool,
) -> None:
    settings = Settings(
        instance_dir=Path(instance),
        database_url=db_url,
        database_pool_size=2,
        push_extra_hosts=(host,),
        embedded_dispatcher=False,
    )
    now = [ticks[0]]
    async with (
        database(settings, FEATURES.tortoise_apps),
        make_sender(settings, timeout=10) as sender,
    ):
        dispatcher = Dispatcher(sender, clock=lambda: now[0], batch=50)
        for tick in ticks:
            if barrier is not None:
                barrier.wait(timeout=120)
            now[0] = tick
            if die:
                await dispatcher.claim()
                os.kill(os.getpid(), signal.SIGKILL)  # killed after claiming
            await dispatcher.run_once()


def run(
    db_url: str,
    instance: str,
    host: str,
    ticks: list[datetime],
    barrier: Any = None,
    die: bool = False,
) -> None:
    asyncio.run(_run(db_url, instance, host, ticks, barrier, die))
