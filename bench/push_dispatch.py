"""Daily push at scale: N people due at the same minute, one dispatcher, a local
fake push service (another process, answering 201). Prints sends per second, total
seconds, p95 per send, CPU seconds per 1,000 sends, the longest event-loop stall,
and next to them the cost of the encryption alone (the floor), measured in the
same run.

Run from the repository root:
    .venv/bin/python bench/push_dispatch.py                 # 100,000 people, SQLite
    .venv/bin/python bench/push_dispatch.py --people 20000
    .venv/bin/python bench/push_dispatch.py --database-url postgres://postgres@127.0.0.1/attune_bench
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from bench.figures import emit  # noqa: E402


def b64d(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def serve_fake(port: int) -> None:
    from aiohttp import web

    async def ok(_: web.Request) -> web.Response:
        await _.read()
        return web.Response(status=201)

    app = web.Application()
    app.router.add_post("/push/{name}", ok)
    web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def populate(n: int, base: str, due: datetime, p256dh: str, auth: str) -> None:
    from server.accounts.models import User
    from server.push.models import PushSubscription, ReminderSetting

    chunk = 5000
    for start in range(0, n, chunk):
        users = [
            User(
                id=uuid.uuid4(),
                username=f"b{i}",
                password_hash="x",
                recovery_hash="x",
                wrapped_key="x",
            )
            for i in range(start, min(n, start + chunk))
        ]
        await User.bulk_create(users)
        await ReminderSetting.bulk_create(
            [
                ReminderSetting(
                    user_id=u.pk,
                    enabled=True,
                    remind_at=due.strftime("%H:%M"),
                    timezone="UTC",
                    enabled_at=due - timedelta(days=1),
                    next_due_at=due,
                    next_local_date=due.date(),
                )
                for u in users
            ]
        )
        await PushSubscription.bulk_create(
            [
                PushSubscription(
                    user_id=u.pk,
                    endpoint=f"{base}/push/{u.pk}",
                    p256dh=p256dh,
                    auth=auth,
                )
                for u in users
            ]
        )


def encryption_floor(p256dh: str, auth: str, count: int) -> tuple[float, float]:
    """CPU seconds per message for the encryption alone: Attune's (http_ece through
    server/push/sender.py, the floor the ratio uses) and pywebpush's
    `WebPusher.encode`, for reference."""
    from pywebpush import WebPusher

    from server.push.sender import PAYLOAD, encrypt

    payload = PAYLOAD.encode()
    ua_public, secret = b64d(p256dh), b64d(auth)
    start = time.process_time()
    for _ in range(count):
        encrypt(payload, ua_public, secret)
    ours = (time.process_time() - start) / count
    info = {"endpoint": "http://127.0.0.1/x", "keys": {"p256dh": p256dh, "auth": auth}}
    start = time.process_time()
    for _ in range(count):
        WebPusher(info).encode(payload, "aes128gcm")
    return ours, (time.process_time() - start) / count


def report_figures(
    sends_per_s: float, floor_per_s: float, cpu_per_1000: float, people: int
) -> None:
    target_people = 100_000
    emit("push", "daily dispatch", sends_per_s, "sends/s")
    emit("push", "floor, encryption alone", floor_per_s, "msgs/s")
    emit(
        "push",
        "dispatch vs encryption floor",
        sends_per_s / floor_per_s * 100,
        "% of floor",
        target=">= 25",
    )
    emit("push", "CPU per 1,000 sends", cpu_per_1000, "CPU-s/1000")
    if people == target_people:
        name, detail = "100k people, measured", ""
    else:
        name = "100k people, projected"
        detail = f"from {people:,} people at the same rate"
    emit(
        "push",
        name,
        target_people / sends_per_s,
        "s for 100k",
        target="<= 35",
        detail=detail,
    )


async def main(args: argparse.Namespace) -> None:
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    from server.db import database, run_migrations
    from server.features import FEATURES
    from server.heap import settle_heap
    from server.push.dispatcher import Dispatcher, make_sender
    from server.push.models import Delivery
    from server.push.sender import PushSender, SendResult
    from server.settings import Settings

    port = free_port()
    fake = subprocess.Popen([sys.executable, __file__, "--serve-fake", str(port)])
    base = f"http://127.0.0.1:{port}"
    instance = Path(tempfile.mkdtemp(prefix="attune-bench-"))
    settings = Settings(
        instance_dir=instance,
        database_url=args.database_url,
        push_extra_hosts=(f"127.0.0.1:{port}",),
        embedded_dispatcher=False,
    )
    browser = ec.generate_private_key(ec.SECP256R1())
    p256dh = b64u(
        browser.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    )
    auth = b64u(os.urandom(16))
    try:
        await run_migrations(settings, FEATURES.tortoise_apps)
        due = datetime(2025, 6, 2, 8, 0, tzinfo=UTC)
        async with database(settings, FEATURES.tortoise_apps):
            t0 = time.perf_counter()
            await populate(args.people, base, due, p256dh, auth)
            print(
                f"populated {args.people:,} people in {time.perf_counter() - t0:.1f}s "
                f"({'PostgreSQL' if settings.is_postgres else 'SQLite'})"
            )
            floor, pywebpush_floor = encryption_floor(
                p256dh, auth, min(args.people, 5000)
            )
            # As `attune push-dispatch` does at its start (server/heap.py).
            settle_heap()

            durations: list[float] = []

            class TimedSender(PushSender):
                async def send(self, *a: object, **kw: object) -> SendResult:
                    start = time.perf_counter()
                    result = await super().send(*a, **kw)  # type: ignore[arg-type]
                    durations.append(time.perf_counter() - start)
                    return result

            stall = [0.0]

            async def watch_loop() -> None:
                while True:
                    before = time.perf_counter()
                    await asyncio.sleep(0.01)
                    stall[0] = max(stall[0], time.perf_counter() - before - 0.01)

            for _ in range(100):  # wait for the fake service
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    await asyncio.sleep(0.1)
            async with make_sender(settings) as plain:
                sender = TimedSender(plain.signer, connections=args.connections)
            async with sender:
                watcher = asyncio.create_task(watch_loop())
                cpu0, wall0 = time.process_time(), time.perf_counter()
                report = await Dispatcher(
                    sender,
                    clock=lambda: due + timedelta(minutes=1),
                    concurrency=args.connections,
                ).run_once()
                wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
                watcher.cancel()
            sent = await Delivery.filter(outcome="sent").count()
        assert report.sent == sent == args.people, (report, sent)
        p95 = statistics.quantiles(durations, n=20)[18]
        print(f"sent {sent:,} in {wall:.1f}s: {sent / wall:,.0f} sends/s")
        print(f"p95 per send (encrypt + POST + answer): {p95 * 1000:.1f} ms")
        print(f"CPU: {cpu / sent * 1000:.2f} s per 1,000 sends (dispatcher process)")
        print(
            f"floor, encryption alone: {floor * 1000:.2f} s CPU per 1,000 "
            f"(= {1 / floor:,.0f} messages/s on one core); pywebpush's encode: "
            f"{pywebpush_floor * 1000:.2f} s per 1,000 (= {1 / pywebpush_floor:,.0f}/s)"
        )
        print(f"longest event-loop stall: {stall[0] * 1000:.1f} ms")
        report_figures(sent / wall, 1 / floor, cpu / sent * 1000, args.people)
    finally:
        fake.terminate()
        fake.wait(10)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--connections", type=int, default=100)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--serve-fake", type=int, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.serve_fake:
        serve_fake(options.serve_fake)
    else:
        asyncio.run(main(options))
