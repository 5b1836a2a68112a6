"""CPU per request of the hot pages, in process and one request at a time: the
figure that sets a page's throughput, steadier on a busy machine than wrk's.

Each page is asked for 100 times in a row through the ASGI app, 8 times over; the
least CPU per request of the 8 is printed (the runs a busy machine slowed least).
Seeded as bench/server_floor.py seeds: a 10-item plan and 1,000 reflections.

Run from the root of the tree to measure (another commit's worktree measures that
commit's code with this script):

    .venv/bin/python bench/page_cpu.py [--postgres] [--requests 100] [--runs 8]

`--profile "home (signed in)"` also prints where that page's time goes (cProfile;
`--sort cumulative`, `--lines 60`, `--callees "base.html"` for what a function
calls), to find what a page pays for.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import logging
import os
import pstats
import re
import subprocess
import sys
import tempfile
import time
import uuid

TREE = os.getcwd()
sys.path.insert(0, TREE)

PASSPHRASE = "calm river morning light"
PAGES = [
    ("/help (visitor)", "/help", False),
    ("lesson (visitor)", "/lessons/feeling-safe-first", False),
    ("lesson (signed in)", "/lessons/feeling-safe-first", True),
    ("/plan (10 items)", "/plan", True),
    ("/reflections (1,000)", "/reflections", True),
    ("home (signed in)", "/", True),
]


async def measure(
    requests: int, runs: int, profile: str, sort: str, lines: int, callees: str
) -> None:
    import httpx

    from server.app import create_app

    app = create_app()
    # The client's own log line per request is not the page's work.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    transport = httpx.ASGITransport(app)
    async with (
        app.lifespan(),
        httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as c,
    ):
        page = await c.get("/register")
        token = re.search(r'name="_csrf_token" value="([^"]+)"', page.text)
        assert token is not None
        answer = await c.post(
            "/register",
            data={
                "username": f"cpu{uuid.uuid4().hex[:8]}",
                "passphrase": PASSPHRASE,
                "passphrase_confirm": PASSPHRASE,
                "_csrf_token": token.group(1),
            },
        )
        assert answer.status_code == 200, answer.status_code
        cookie = "; ".join(f"{k}={v}" for k, v in c.cookies.items())
        seed = os.path.join(TREE, "bench", "seed.py")
        env = {**os.environ, "BENCH_COOKIE": cookie}
        subprocess.run([sys.executable, seed], env=env, check=True)
        c.cookies.clear()
        print(f"{'page':24} {'CPU per request':>16}")
        for label, path, signed_in in PAGES:
            # As wrk asks: no compression.
            headers = {"Accept-Encoding": "identity"}
            if signed_in:
                headers["Cookie"] = cookie
            for _ in range(10):
                answer = await c.get(path, headers=headers, follow_redirects=False)
                assert answer.status_code == 200, (label, answer.status_code)
            assert ("/settings" in answer.text) == signed_in, label
            best = float("inf")
            for _ in range(runs):
                start = time.process_time()
                for _ in range(requests):
                    await c.get(path, headers=headers)
                best = min(best, (time.process_time() - start) / requests)
            print(f"{label:24} {best * 1000:13.2f} ms")
            if label == profile:
                profiler = cProfile.Profile()
                profiler.enable()
                for _ in range(requests):
                    await c.get(path, headers=headers)
                profiler.disable()
                stats = pstats.Stats(profiler).sort_stats(sort)
                stats.print_stats(lines)
                if callees:
                    stats.print_callees(callees)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--runs", type=int, default=8)
    parser.add_argument("--profile", default="", help="a page's label, as printed")
    parser.add_argument("--sort", default="tottime", help="cumulative, tottime, ...")
    parser.add_argument("--lines", type=int, default=30)
    parser.add_argument("--callees", default="", help="whose callees to list (regex)")
    args = parser.parse_args()
    os.environ["ATTUNE_INSTANCE_DIR"] = tempfile.mkdtemp(prefix="attune-cpu-")
    os.environ["ATTUNE_EMBEDDED_DISPATCHER"] = "false"
    admin = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "test", "-qc"]
    dbname = ""
    if args.postgres:
        dbname = f"attune_cpu_{uuid.uuid4().hex[:8]}"
        subprocess.run([*admin, f'CREATE DATABASE "{dbname}"'], check=True)
        os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{dbname}"
    try:
        cli = [sys.executable, "-m", "server.cli"]
        for command in ("migrate", "load-lessons"):
            subprocess.run([*cli, command], check=True, capture_output=True)
        asyncio.run(
            measure(
                args.requests,
                args.runs,
                args.profile,
                args.sort,
                args.lines,
                args.callees,
            )
        )
    finally:
        if dbname:
            subprocess.run([*admin, f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)'])


if __name__ == "__main__":
    main()
