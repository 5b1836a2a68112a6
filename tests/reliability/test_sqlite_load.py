"""SQLite under concurrent writes from the app and from a second OS process."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap
import time

import pytest
from litestar import Litestar
from tortoise import Tortoise

from server.accounts.models import User
from server.settings import Settings
from tests.conftest import make_client
from tests.figures import record

pytestmark = [pytest.mark.reliability, pytest.mark.slow]
CLIENTS, WRITES, OTHER_PROCESS_WRITES = 50, 20, 200
PASSPHRASE = "calm river morning light"

OTHER_WRITER = textwrap.dedent(
    """
    import asyncio, sys
    from pathlib import Path
    from server.accounts.models import User
    from server.db import database
    from server.features import FEATURES
    from server.settings import Settings

    async def main():
        settings = Settings(instance_dir=Path(sys.argv[1]))
        async with database(settings, FEATURES.tortoise_apps):
            for i in range(int(sys.argv[2])):
                await User.create(username=f"other{i}", password_hash="x", recovery_hash="x",
                                  wrapped_key="x")

    asyncio.run(main())
    """
)


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_concurrent_writers_lose_nothing_and_never_lock(
    app: Litestar, settings: Settings
) -> None:
    other = subprocess.Popen(
        [
            sys.executable,
            "-c",
            OTHER_WRITER,
            str(settings.instance_dir),
            str(OTHER_PROCESS_WRITES),
        ],
        stderr=subprocess.PIPE,
    )
    statuses: list[int] = []
    started = time.perf_counter()

    async def person(n: int) -> None:
        # One address per person, as on real phones (sign-ups are limited per address).
        async with make_client(app, address=f"10.0.{n}.1") as client:
            for w in range(WRITES):
                response = await client.post_form(
                    "/register",
                    {
                        "username": f"p{n}w{w}",
                        "passphrase": PASSPHRASE,
                        "passphrase_confirm": PASSPHRASE,
                    },
                )
                statuses.append(response.status_code)
                client.cookies.delete("attune_session")

    await asyncio.gather(*(person(n) for n in range(CLIENTS)))
    _, stderr = await asyncio.to_thread(other.communicate)
    elapsed = time.perf_counter() - started
    assert other.returncode == 0, stderr.decode()[-2000:]
    assert b"locked" not in stderr
    assert statuses.count(200) == CLIENTS * WRITES, sorted(set(statuses))
    expected = CLIENTS * WRITES + OTHER_PROCESS_WRITES
    found = await User.all().count()
    assert found == expected
    _, rows = await Tortoise.get_connection("default").execute_query(
        "PRAGMA integrity_check"
    )
    assert rows[0][0] == "ok"
    record(
        "SQLite under load",
        f"{CLIENTS}x{WRITES} app writes + {OTHER_PROCESS_WRITES} from a 2nd process in {elapsed:.1f}s: "
        f"rows {found}/{expected}, 5xx 0, 'locked' 0, integrity ok",
    )
