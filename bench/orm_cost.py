"""What one read of the session (the read every signed-in request makes) costs each
way: through the ORM, and as a quick read (server/db.py). The figures behind
keeping a few hot reads as plain SQL in their features' queries.py.

Run from the repository root:

    .venv/bin/python bench/orm_cost.py [--postgres]
"""

from __future__ import annotations

import argparse
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tortoise.backends.base.executor import EXECUTOR_CACHE  # noqa: E402

from bench.backends import on_each_backend  # noqa: E402
from bench.figures import emit  # noqa: E402
from server.accounts import queries  # noqa: E402
from server.accounts.models import Session, User  # noqa: E402
from server.crypto import hash_token  # noqa: E402
from server.db import database, run_migrations  # noqa: E402
from server.features import FEATURES  # noqa: E402
from server.settings import Settings  # noqa: E402
from server.web.clock import utcnow  # noqa: E402

READS = 3000


async def per_read(read: Callable[[], Awaitable[Any]]) -> float:
    for _ in range(200):
        await read()
    began = time.perf_counter()
    for _ in range(READS):
        await read()
    return (time.perf_counter() - began) / READS * 1e6


async def measure(settings: Settings, name: str) -> None:
    # Tortoise caches each table's INSERT SQL per process, not per dialect: a
    # PostgreSQL run after a SQLite one would reuse "?" placeholders.
    EXECUTOR_CACHE.clear()
    await run_migrations(settings, FEATURES.tortoise_apps)
    async with database(settings, FEATURES.tortoise_apps):
        user = await User.create(
            username=f"bench{uuid.uuid4().hex[:6]}",
            password_hash="x",
            recovery_hash="x",
            wrapped_key="x",
        )
        now = utcnow()
        token_hash = hash_token("bench")
        await Session.create(
            token_hash=token_hash,
            user=user,
            created_at=now,
            last_seen_at=now,
            expires_at=now + timedelta(days=1),
        )
        ways = {
            "ORM (select_related)": lambda: (
                Session.filter(token_hash=token_hash).select_related("user").first()
            ),
            "quick read (accounts/queries.py)": lambda: queries.session_with_person(
                token_hash
            ),
        }
        print(f"\n{name}: one session-and-person read, mean of {READS:,}")
        for label, read in ways.items():
            micros = await per_read(read)
            print(f"{label:36} {micros:8.0f} µs")
            emit("reads", f"session read, {label}, {name}", micros, "µs")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", action="store_true", help="also PostgreSQL")
    args = parser.parse_args()
    on_each_backend(measure, args.postgres, "attune_orm")


if __name__ == "__main__":
    main()
