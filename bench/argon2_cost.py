"""Milliseconds per argon2id hash at the configured cost, beside a whole sign-in.

.venv/bin/python bench/argon2_cost.py

The sign-in is the real POST /login through the app in-process (SQLite in a
temporary instance, httpx's ASGI transport), so the share of its time that is the
passphrase check shows.
"""

from __future__ import annotations

import asyncio
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from argon2 import PasswordHasher

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import httpx  # noqa: E402

from bench.figures import emit  # noqa: E402
from server.app import create_app  # noqa: E402
from server.db import database, run_migrations  # noqa: E402
from server.features import FEATURES  # noqa: E402
from server.settings import Settings  # noqa: E402

PASSPHRASE = "calm river morning light"
RUNS = 20


def hashing(settings: Settings) -> tuple[float, float]:
    hasher = PasswordHasher(
        time_cost=settings.argon2_iterations,
        memory_cost=settings.argon2_memory_kib,
        parallelism=1,
    )
    stored = hasher.hash(PASSPHRASE)
    hashes, verifies = [], []
    for _ in range(RUNS):
        t = time.perf_counter()
        hasher.hash(PASSPHRASE)
        hashes.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        hasher.verify(stored, PASSPHRASE)
        verifies.append((time.perf_counter() - t) * 1000)
    return statistics.median(hashes), statistics.median(verifies)


async def post_form(client: httpx.AsyncClient, path: str, data: dict[str, str]) -> int:
    page = await client.get(path)
    token = re.search(r'name="_csrf_token" value="([^"]+)"', page.text)
    assert token, "no CSRF field"
    response = await client.post(path, data={**data, "_csrf_token": token.group(1)})
    return response.status_code


async def sign_in_times(settings: Settings) -> list[float]:
    await run_migrations(settings, FEATURES.tortoise_apps)
    app = create_app(settings)
    times = []
    async with database(settings, FEATURES.tortoise_apps):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://b") as c:
            form = {"passphrase": PASSPHRASE, "passphrase_confirm": PASSPHRASE}
            status = await post_form(c, "/register", {"username": "bench", **form})
            assert status == 200, status
        for _ in range(RUNS):
            async with httpx.AsyncClient(transport=transport, base_url="http://b") as c:
                page = await c.get("/login")
                token = re.search(r'name="_csrf_token" value="([^"]+)"', page.text)
                assert token
                data = {"username": "bench", "passphrase": PASSPHRASE}
                t = time.perf_counter()
                response = await c.post(
                    "/login", data={**data, "_csrf_token": token.group(1)}
                )
                times.append((time.perf_counter() - t) * 1000)
                assert response.status_code == 303, response.status_code
        await app.state.rate_limiter.close()
    return times


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(
            instance_dir=Path(folder),
            embedded_dispatcher=False,
            login_limit_per_ip=10**6,
            login_limit_per_account=10**6,
        )
        hash_ms, verify_ms = hashing(settings)
        login_ms = statistics.median(asyncio.run(sign_in_times(settings)))
    print(
        f"argon2id m={settings.argon2_memory_kib} KiB t={settings.argon2_iterations} p=1"
    )
    print(f"  hash   median {hash_ms:6.1f} ms")
    print(f"  verify median {verify_ms:6.1f} ms")
    print(
        f"  POST /login (whole sign-in, in-process) median {login_ms:6.1f} ms: "
        f"the passphrase check is {100 * verify_ms / login_ms:.0f} % of it"
    )
    emit("login", "argon2id hash", hash_ms, "ms")
    emit("login", "POST /login, whole sign-in", login_ms, "ms in-process")


if __name__ == "__main__":
    main()
