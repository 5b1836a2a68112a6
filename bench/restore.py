"""Time to restore a 1,000-entry export into an empty account, and again.

Run from the repository root: ``.venv/bin/python bench/restore.py [--postgres]``
(SQLite in a temporary instance, and a scratch PostgreSQL database with --postgres; the app runs in-process through httpx's ASGI transport, so the
figures are server time plus a little client overhead). Prints figures; never a
pass/fail test.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from html import unescape
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

import httpx  # noqa: E402
from tortoise.backends.base.executor import EXECUTOR_CACHE  # noqa: E402

from bench.backends import on_each_backend  # noqa: E402
from bench.figures import emit  # noqa: E402
from bench.reflections_render import ENTRIES, PASSPHRASE, seed  # noqa: E402
from server.app import create_app  # noqa: E402
from server.db import database, run_migrations  # noqa: E402
from server.features import FEATURES  # noqa: E402
from server.settings import Settings  # noqa: E402


async def sign_up(client: httpx.AsyncClient, username: str) -> str:
    await client.get("/register")
    token = client.cookies["attune_csrf"]
    response = await client.post(
        "/register",
        data={
            "username": username,
            "passphrase": PASSPHRASE,
            "passphrase_confirm": PASSPHRASE,
            "_csrf_token": token,
        },
    )
    assert response.status_code == 200, response.status_code
    return token


async def restore(
    client: httpx.AsyncClient, token: str, export: bytes
) -> tuple[float, float, str]:
    """(ms to read and check the upload, ms to write it, the result page)."""
    began = time.perf_counter()
    read = await client.post(
        "/settings/restore",
        data={"_csrf_token": token},
        files={"file": ("export.json", export, "application/json")},
    )
    checked = time.perf_counter()
    assert read.status_code == 200, read.status_code
    match = re.search(r'name="pending" value="([^"]+)"', read.text)
    assert match
    confirmed = await client.post(
        "/settings/restore/confirm",
        data={"pending": unescape(match.group(1)), "_csrf_token": token},
    )
    written = time.perf_counter()
    assert confirmed.status_code == 303, confirmed.status_code
    done = await client.get(confirmed.headers["location"])
    return (checked - began) * 1000, (written - checked) * 1000, done.text


def said(page: str) -> str:
    new = page.split('id="already"')[0]
    items = re.findall(r"<li>([^<]+)</li>", new)
    nothing = "Nothing was new" in page
    return "nothing new" if nothing else ", ".join(i for i in items if i[0].isdigit())


async def measure(settings: Settings, name: str) -> None:
    settings = Settings(
        instance_dir=settings.instance_dir,
        database_url=settings.database_url,
        argon2_memory_kib=64,
        argon2_iterations=1,
        embedded_dispatcher=False,
    )
    await run_migrations(settings, FEATURES.tortoise_apps)
    # Tortoise caches each table's INSERT per process, not per dialect.
    EXECUTOR_CACHE.clear()
    app = create_app(settings)
    async with database(settings, FEATURES.tortoise_apps):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://bench"
        ) as source:
            await seed(settings, app.state.keyring, source)
            export = (await source.get("/settings/export.json")).content
        print(f"{name}: export of {ENTRIES:,} reflections, {len(export):,} bytes")
        async with httpx.AsyncClient(
            transport=transport, base_url="http://bench"
        ) as target:
            token = await sign_up(target, "receiver")
            for label in ("into an empty account", "the same file again"):
                read_ms, write_ms, page = await restore(target, token, export)
                total = read_ms + write_ms
                print(
                    f"  restore {label:<22} read+check {read_ms:6.0f} ms, "
                    f"write {write_ms:6.0f} ms, total {total:6.0f} ms: {said(page)}"
                )
                emit(
                    "restore",
                    f"1,000-entry export, {label}, {name}",
                    total,
                    "ms in-process",
                    detail=f"{len(export):,} bytes",
                )
        await app.state.rate_limiter.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", action="store_true", help="also PostgreSQL")
    args = parser.parse_args()
    on_each_backend(measure, args.postgres, "attune_restore")


if __name__ == "__main__":
    main()
