"""Requests per second of Attune's pages beside the framework's floor, side by side.

Needs wrk (Debian: apt-get install wrk). Run from the repository root:

    .venv/bin/python bench/server_floor.py [--seconds 10] [--connections 50] [--postgres]

Starts one uvicorn worker for a bare Litestar+Jinja page (the floor) and one for Attune
(SQLite in a temporary instance, or a fresh PostgreSQL database with --postgres), seeds a
person with a 10-item plan and 1,000 reflections, then loads each page in turn.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import socket
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

PASSPHRASE = "calm river morning light"


def psql(sql: str, check: bool = True) -> None:
    admin = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "test", "-qc"]
    subprocess.run([*admin, sql], check=check)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_up(url: str) -> None:
    for _ in range(300):
        try:
            if httpx.get(url, timeout=1).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not start")


def uvicorn(target: str, port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            target,
            "--port",
            str(port),
            "--loop",
            "asyncio",  # as `attune serve` runs (server/cli.py says why)
            "--no-access-log",
            "--log-level",
            "warning",
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wrk(url: str, seconds: int, connections: int, cookie: str = "") -> dict[str, float]:
    cmd = [
        "wrk",
        "-t2",
        f"-c{connections}",
        f"-d{seconds}s",
        "--latency",
        "-s",
        str(REPO / "bench" / "wrk_report.lua"),
        url,
    ]
    if cookie:
        cmd[1:1] = ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    requests, duration, p50, p95, p99, errors = (
        re.search(r"RESULT (.*)", out).group(1).split()
    )  # type: ignore[union-attr]
    return {
        "rps": int(requests) / float(duration),
        "p50": float(p50),
        "p95": float(p95),
        "p99": float(p99),
        "errors": int(errors),
    }


async def sign_up_and_seed(base: str) -> str:
    """Create a person through the real forms, then seed their plan and journal."""
    async with httpx.AsyncClient(base_url=base, timeout=60) as c:
        page = await c.get("/register")
        token = re.search(r'name="_csrf_token" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
        name = f"bench{uuid.uuid4().hex[:8]}"
        r = await c.post(
            "/register",
            data={
                "username": name,
                "passphrase": PASSPHRASE,
                "passphrase_confirm": PASSPHRASE,
                "_csrf_token": token,
            },
        )
        assert r.status_code == 200, r.status_code
        cookie = "; ".join(f"{k}={v}" for k, v in c.cookies.items())
    return cookie


def seed_private_data(env: dict[str, str], cookie: str) -> None:
    subprocess.run(
        [sys.executable, str(REPO / "bench" / "seed.py")],
        env={**env, "BENCH_COOKIE": cookie},
        cwd=REPO,
        check=True,
    )


def run(
    backend: str, seconds: int, connections: int
) -> list[tuple[str, dict[str, float]]]:
    instance = Path(tempfile.mkdtemp(prefix="attune-bench-"))
    env = {
        **os.environ,
        "ATTUNE_INSTANCE_DIR": str(instance),
        "ATTUNE_EMBEDDED_DISPATCHER": "false",
        "PYTHONPATH": str(REPO),
    }
    dbname = None
    if backend == "postgres":
        dbname = f"attune_bench_{uuid.uuid4().hex[:8]}"
        psql(f'CREATE DATABASE "{dbname}"')
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{dbname}"
    cli = [sys.executable, "-m", "server.cli"]
    subprocess.run(
        [*cli, "migrate"], env=env, cwd=REPO, check=True, capture_output=True
    )
    subprocess.run(
        [*cli, "load-lessons"], env=env, cwd=REPO, check=True, capture_output=True
    )
    floor_port, app_port = free_port(), free_port()
    procs = [
        uvicorn("bench.floor_app:create_floor_app", floor_port, env),
        uvicorn("server.app:create_app", app_port, env),
    ]
    results: list[tuple[str, dict[str, float]]] = []
    try:
        floor, app = f"http://127.0.0.1:{floor_port}", f"http://127.0.0.1:{app_port}"
        wait_up(floor + "/")
        wait_up(app + "/healthz")
        cookie = asyncio.run(sign_up_and_seed(app))
        seed_private_data(env, cookie)
        pages = [
            ("floor (bare Jinja page)", floor + "/", ""),
            ("/help (visitor)", app + "/help", ""),
            ("/lessons/<day 1> (visitor)", app + "/lessons/feeling-safe-first", ""),
            (
                "/lessons/<today> (signed in)",
                app + "/lessons/feeling-safe-first",
                cookie,
            ),
            ("/plan (10 items, signed in)", app + "/plan", cookie),
            ("/reflections (1,000 entries)", app + "/reflections", cookie),
            # Again at the end: the floor is the mean of both, so a machine that
            # slows down during the run does not tilt every ratio one way.
            ("floor, again", floor + "/", ""),
        ]
        for label, url, page_cookie in pages:
            status = httpx.get(
                url, headers={"Cookie": page_cookie} if page_cookie else {}
            ).status_code
            assert status == 200, (label, status)
            results.append((label, wrk(url, seconds, connections, page_cookie)))
    finally:
        for p in procs:
            p.terminate()
            p.wait(timeout=10)
        shutil.rmtree(instance, ignore_errors=True)
        if dbname:
            psql(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)', check=False)
    return results


def print_table(
    backend: str, results: list[tuple[str, dict[str, float]]], connections: int
) -> None:
    floor_rps = floor_of(results)
    print(f"\n{backend}: one uvicorn worker each, wrk -t2 -c{connections}")
    print(f"(floor: mean of the first and last runs, {floor_rps:.0f} req/s)")
    print(
        f"{'page':32} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'% floor':>8} {'errors':>7}"
    )
    for label, r in results:
        print(
            f"{label:32} {r['rps']:8.0f} {r['p50']:8.2f} {r['p95']:8.2f} {r['p99']:8.2f} "
            f"{100 * r['rps'] / floor_rps:7.1f}% {r['errors']:7.0f}"
        )


# Which target each page is held to (issue: public >= 50 %, signed-in >= 25 %).
PUBLIC = ("/help", "/lessons/<day 1>")


def floor_of(results: list[tuple[str, dict[str, float]]]) -> float:
    return (results[0][1]["rps"] + results[-1][1]["rps"]) / 2


def emit_figures(backend: str, results: list[tuple[str, dict[str, float]]]) -> None:
    floor_rps = floor_of(results)
    name = "SQLite" if backend == "sqlite" else "PostgreSQL"
    emit("server", f"floor, {name}", floor_rps, "req/s")
    for label, r in results[1:-1]:
        target = ">= 50" if label.startswith(PUBLIC) else ">= 25"
        emit(
            "server",
            f"{label}, {name}",
            100 * r["rps"] / floor_rps,
            "% of floor",
            target=target,
        )
        if backend == "sqlite":
            emit("server", f"{label} p95, {name}", r["p95"], "ms", target="< 25")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument(
        "--postgres", action="store_true", help="also run on PostgreSQL"
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")
    backends = ["sqlite", "postgres"] if args.postgres else ["sqlite"]
    for backend in backends:
        results = run(backend, args.seconds, args.connections)
        print_table(backend, results, args.connections)
        emit_figures(backend, results)


if __name__ == "__main__":
    main()
