"""How long one person's journal search holds the server's event loop, and what the
people on other pages feel meanwhile.

Needs wrk (Debian: apt-get install wrk). Run from the repository root:

    .venv/bin/python bench/journal_stall.py [--seconds 8] [--postgres]

Runs Attune in this process (one uvicorn server on SQLite in a temporary instance,
or a fresh PostgreSQL database with --postgres) with a watcher task that wakes every
millisecond and records how late it wakes: the event-loop stall. A person with 1,000
reflections is seeded through the features' own services. Then, for the same time:
1. wrk loads a cheap page (/help) alone: its p99;
2. a second process searches that person's journal again and again, alone: the
   longest stall and the search's own time;
3. both at once: the cheap page's p99 and the longest stall while searches run.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.figures import emit  # noqa: E402
from bench.server_floor import (  # noqa: E402
    free_port,
    psql,
    seed_private_data,
    sign_up_and_seed,
    wrk,
)

SEARCH = "/reflections?q=talked+past"


class StallWatch:
    """Wakes every millisecond; how late each wake is, is how long the loop was held."""

    def __init__(self) -> None:
        self.longest = 0.0
        self.lags: list[float] = []

    def reset(self) -> None:
        self.longest, self.lags = 0.0, []

    async def run(self) -> None:
        while True:
            before = time.perf_counter()
            await asyncio.sleep(0.001)
            lag = time.perf_counter() - before - 0.001
            self.lags.append(lag)
            self.longest = max(self.longest, lag)


def search_loop(base: str, cookie: str, seconds: float) -> list[float]:
    """Searches one after another for `seconds`: the time each took."""
    took = []
    end = time.perf_counter() + seconds
    with httpx.Client(base_url=base, headers={"Cookie": cookie}, timeout=60) as c:
        while time.perf_counter() < end:
            before = time.perf_counter()
            r = c.get(SEARCH)
            assert r.status_code == 200 and "Entry" in r.text, r.status_code
            took.append(time.perf_counter() - before)
    return took


async def measure(seconds: int, backend: str) -> None:
    import uvicorn

    from server.app import create_app

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(),
            port=port,
            log_level="warning",
            access_log=False,
            lifespan="on",
        )
    )
    serving = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.05)
    watch = StallWatch()
    watching = asyncio.create_task(watch.run())
    try:
        cookie = await sign_up_and_seed(base)
        await asyncio.to_thread(seed_private_data, dict(os.environ), cookie)

        async def window(
            search: bool, load: bool
        ) -> tuple[dict[str, float], list[float]]:
            watch.reset()
            jobs = []
            if load:
                jobs.append(asyncio.to_thread(wrk, base + "/help", seconds, 10))
            if search:
                jobs.append(asyncio.to_thread(search_loop, base, cookie, seconds))
            got = await asyncio.gather(*jobs)
            return (got[0] if load else {}), (got[-1] if search else [])

        # Warm up: the first render of a page compiles its templates (a stall that
        # happens once per process, not per request).
        async with httpx.AsyncClient(base_url=base, timeout=60) as c:
            for _ in range(3):
                await c.get("/help")
                await c.get(SEARCH, headers={"Cookie": cookie})
        alone, _ = await window(search=False, load=True)
        stall_idle = watch.longest
        _, searches = await window(search=True, load=False)
        stall_search = watch.longest
        loaded, searches_loaded = await window(search=True, load=True)
        stall_both = watch.longest
    finally:
        watching.cancel()
        server.should_exit = True
        await serving

    name = "SQLite" if backend == "sqlite" else "PostgreSQL"
    search_ms = 1000 * statistics.median(searches)
    print(
        f"\n{name}: one server, 1,000 reflections, search {SEARCH!r}, {seconds} s each"
    )
    print(f"search alone: {len(searches)} searches, median {search_ms:.0f} ms")
    print(f"longest event-loop stall, /help load alone:   {1000 * stall_idle:6.1f} ms")
    print(
        f"longest event-loop stall, searching alone:    {1000 * stall_search:6.1f} ms"
    )
    print(f"longest event-loop stall, both at once:       {1000 * stall_both:6.1f} ms")
    print(
        f"/help p99 alone {alone['p99']:.1f} ms ({alone['rps']:.0f} req/s); "
        f"while searching {loaded['p99']:.1f} ms ({loaded['rps']:.0f} req/s, "
        f"{len(searches_loaded)} searches)"
    )
    emit(
        "journal",
        f"event-loop stall while searching, {name}",
        1000 * stall_search,
        "ms",
        target="< 20",
    )
    emit("journal", f"search of 1,000 entries, median, {name}", search_ms, "ms")
    emit("journal", f"/help p99 alone, {name}", alone["p99"], "ms")
    emit("journal", f"/help p99 while one person searches, {name}", loaded["p99"], "ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument(
        "--postgres", action="store_true", help="PostgreSQL instead of SQLite"
    )
    args = parser.parse_args()
    logging.getLogger("httpx").setLevel(logging.WARNING)
    instance = Path(tempfile.mkdtemp(prefix="attune-stall-"))
    os.environ |= {
        "ATTUNE_INSTANCE_DIR": str(instance),
        "ATTUNE_EMBEDDED_DISPATCHER": "false",
        "PYTHONPATH": str(REPO),
    }
    dbname = None
    if args.postgres:
        dbname = f"attune_stall_{uuid.uuid4().hex[:8]}"
        psql(f'CREATE DATABASE "{dbname}"')
        os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{dbname}"
    try:
        for step in ("migrate", "load-lessons"):
            subprocess.run(
                [sys.executable, "-m", "server.cli", step],
                cwd=REPO,
                check=True,
                capture_output=True,
            )
        asyncio.run(measure(args.seconds, "postgres" if args.postgres else "sqlite"))
    finally:
        if dbname:
            psql(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)', check=False)


if __name__ == "__main__":
    main()
