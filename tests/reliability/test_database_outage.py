"""When the database goes away, people get a calm 503 page, never a stack trace."""

from __future__ import annotations

import asyncpg
import pytest
from litestar import Litestar

from server.settings import Settings
from tests.conftest import PG_ADMIN_URL, Client
from tests.figures import record

pytestmark = [pytest.mark.reliability, pytest.mark.postgres]


async def admin(sql: str) -> None:
    conn = await asyncpg.connect(
        PG_ADMIN_URL.replace("postgres://", "postgresql://", 1)
    )
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


@pytest.mark.parametrize("backend", ["postgres"], indirect=True)
async def test_an_outage_answers_a_calm_503_and_recovers(
    app: Litestar, settings: Settings, alice: Client
) -> None:
    name = settings.database_url.rsplit("/", 1)[1].split("?")[0]
    await admin(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
    await admin(
        f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"
    )
    try:
        pages = {
            path: await alice.get(path)
            for path in ["/reflections", "/plan", "/healthz"]
        }
        # Crisis help never depends on the database.
        help_page = await alice.get("/help", headers={"Accept-Language": "en-GB"})
    finally:
        await admin(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
    for path, response in pages.items():
        assert response.status_code == 503, (path, response.status_code)
    assert "resting for a moment" in pages["/plan"].text
    assert 'href="/help"' in pages["/plan"].text
    assert pages["/healthz"].json()["database"] is False
    assert help_page.status_code == 200 and 'href="tel:' in help_page.text
    recovered = await alice.get("/plan")
    assert recovered.status_code == 200
    record(
        "Database outage",
        "during a PostgreSQL outage: 3/3 account pages a calm 503, /help 200; after it 200",
    )


@pytest.mark.parametrize("backend", ["postgres"], indirect=True)
async def test_an_exhausted_pool_answers_503_quickly_and_never_hangs(
    settings: Settings,
) -> None:
    import asyncio
    import time
    from dataclasses import replace

    from tortoise.transactions import in_transaction

    from server.app import create_app
    from server.db import database
    from server.features import FEATURES
    from tests.conftest import make_client, sign_up

    tight = replace(settings, database_pool_size=1, request_timeout_seconds=1.0)
    app = create_app(tight)
    async with database(tight, FEATURES.tortoise_apps), make_client(app) as alice:
        await sign_up(alice, f"pool{time.time_ns() % 10**9}")
        release = asyncio.Event()

        async def hold_the_only_connection() -> None:
            async with in_transaction():
                await release.wait()

        holder = asyncio.create_task(hold_the_only_connection())
        await asyncio.sleep(0.1)
        started = time.perf_counter()
        response = await alice.get("/plan")
        waited = time.perf_counter() - started
        release.set()
        await holder
        assert response.status_code == 503
        assert "resting for a moment" in response.text
        assert waited < 3
        assert (await alice.get("/plan")).status_code == 200
    record(
        "Pool exhaustion",
        f"pool of 1 held: 503 after {waited:.2f}s (deadline 1s); then 200",
    )
