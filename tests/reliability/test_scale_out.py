"""Several app processes on one PostgreSQL and one Redis, as a deployment runs them."""

from __future__ import annotations

import asyncio
import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.browser.conftest import start_server
from tests.figures import record

pytestmark = [pytest.mark.reliability, pytest.mark.postgres, pytest.mark.slow]
PASSPHRASE = "calm river morning light"


@pytest.fixture(scope="module")
def cluster(
    pg_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[list[str]]:
    """Two uvicorn processes sharing the database, keys and a Redis rate-limit store."""
    import redis

    namespace = uuid.uuid4().hex[:8]
    redis.Redis.from_url("redis://127.0.0.1:6379/0").flushdb()
    shared = tmp_path_factory.mktemp("cluster")
    env = {
        "DATABASE_URL": pg_url,
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "ATTUNE_MASTER_KEY": "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
        "ATTUNE_SECRET_KEY": f"cluster-secret-{namespace}-0123456789abcdef",
        "ATTUNE_LOGIN_LIMIT_PER_IP": "10",
        "ATTUNE_SIGNUP_LIMIT_PER_IP": "1000",
    }
    servers = [start_server(Path(shared / f"node{i}"), **env) for i in range(2)]
    yield [base for _, base in servers]
    for proc, _ in servers:
        proc.terminate()
        proc.wait(timeout=10)


async def register(client: httpx.AsyncClient, base: str, name: str) -> httpx.Response:
    page = await client.get(base + "/register")
    token = re.search(r'name="_csrf_token" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    return await client.post(
        base + "/register",
        data={
            "username": name,
            "passphrase": PASSPHRASE,
            "passphrase_confirm": PASSPHRASE,
            "_csrf_token": token,
        },
    )


def test_a_session_started_on_one_process_works_on_the_other(
    cluster: list[str],
) -> None:
    a, b = cluster

    async def run() -> None:
        async with httpx.AsyncClient() as client:
            response = await register(client, a, f"x{uuid.uuid4().hex[:10]}")
            assert response.status_code == 200
            settings = await client.get(b + "/settings")
            assert settings.status_code == 200 and "Signed in as" in settings.text

    asyncio.run(run())


def test_the_login_limit_holds_across_processes(cluster: list[str]) -> None:
    a, b = cluster

    async def run() -> list[int]:
        statuses = []
        async with httpx.AsyncClient() as client:
            for i in range(11):
                base = (a, b)[i % 2]
                page = await client.get(base + "/login")
                token = re.search(
                    r'name="_csrf_token" value="([^"]+)"', page.text
                ).group(1)  # type: ignore[union-attr]
                r = await client.post(
                    base + "/login",
                    data={
                        "username": "nobody-here",
                        "passphrase": "wrong guess",
                        "_csrf_token": token,
                    },
                )
                statuses.append(r.status_code)
        return statuses

    statuses = asyncio.run(run())
    assert statuses[:10] == [422] * 10
    assert statuses[10] == 429
    record("Rate limit across 2 processes", "11th failed login -> 429 (Redis store)")


def test_concurrent_sign_ups_across_processes_lose_nothing(
    cluster: list[str], pg_url: str
) -> None:
    names = [f"c{uuid.uuid4().hex[:12]}" for _ in range(60)]

    async def run() -> list[int]:
        async def one(i: int, name: str) -> int:
            async with httpx.AsyncClient(timeout=30) as client:
                return (await register(client, cluster[i % 2], name)).status_code

        return await asyncio.gather(*(one(i, n) for i, n in enumerate(names)))

    statuses = asyncio.run(run())
    assert statuses.count(200) == len(names), statuses

    async def count() -> int:
        import asyncpg

        conn = await asyncpg.connect(pg_url.replace("postgres://", "postgresql://", 1))
        try:
            return int(
                await conn.fetchval(
                    "SELECT count(*) FROM users WHERE username = ANY($1)", names
                )
            )
        finally:
            await conn.close()

    found = asyncio.run(count())
    assert found == len(names)
    record(
        "Scale-out sign-ups",
        f"{found}/{len(names)} rows after concurrent sign-ups on 2 processes, 0 errors",
    )


def test_concurrent_attempts_on_two_processes_cannot_slip_past_the_limit(
    cluster: list[str],
) -> None:
    import redis

    redis.Redis.from_url("redis://127.0.0.1:6379/0").flushdb()

    async def attempt(i: int) -> int:
        base = cluster[i % 2]
        async with httpx.AsyncClient(timeout=30) as client:
            page = await client.get(base + "/login")
            token = re.search(r'name="_csrf_token" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
            r = await client.post(
                base + "/login",
                data={
                    "username": f"n{i}",
                    "passphrase": "wrong guess",
                    "_csrf_token": token,
                },
            )
            return r.status_code

    async def burst() -> list[int]:
        return await asyncio.gather(*(attempt(i) for i in range(30)))

    statuses = asyncio.run(burst())
    assert statuses.count(422) == 10 and statuses.count(429) == 20, statuses
    record(
        "Concurrent burst, 2 processes",
        "30 simultaneous sign-in attempts: 10 answered, 20 refused (429)",
    )
