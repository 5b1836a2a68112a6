"""Time to render the journal for a person with 1,000 reflections.

Run from the repository root: ``.venv/bin/python bench/reflections_render.py``
(SQLite in a temporary instance; the app runs in-process through httpx's ASGI
transport, so the figures are server time plus a little client overhead.)
"""

from __future__ import annotations

import asyncio
import random
import re
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

import httpx  # noqa: E402

from bench.figures import emit  # noqa: E402
from server.accounts.models import User  # noqa: E402
from server.app import create_app  # noqa: E402
from server.crypto import FieldCipher  # noqa: E402
from server.db import database, run_migrations  # noqa: E402
from server.features import FEATURES  # noqa: E402
from server.reflections import service  # noqa: E402
from server.settings import Settings  # noqa: E402

ENTRIES = 1000
RUNS = 9
PASSPHRASE = "calm river morning light"
KINDS = ["partner", "parent", "child", "friend", "colleague", "therapist", "other"]


async def seed(settings: Settings, keyring: object, client: httpx.AsyncClient) -> None:
    await client.get("/register")
    token = client.cookies["attune_csrf"]
    response = await client.post(
        "/register",
        data={
            "username": "bench",
            "passphrase": PASSPHRASE,
            "passphrase_confirm": PASSPHRASE,
            "_csrf_token": token,
        },
    )
    assert response.status_code == 200, response.status_code
    user = await User.get(username="bench")
    cipher = FieldCipher(keyring.unwrap(user.wrapped_key))  # type: ignore[attr-defined]
    rng = random.Random(7)
    start = date.today() - timedelta(days=3 * 365)
    for i in range(ENTRIES):
        await service.create_reflection(
            user,
            cipher,
            {
                "occurred_on": start + timedelta(days=rng.randrange(3 * 365)),
                "relationship_kind": rng.choice(KINDS),
                "person_name": "Sam",
                "what_happened": f"Entry {i}: " + "we talked past each other. " * 8,
                "sensations": ["tight-chest", "heat"],
                "body_location": "chest",
                "body_notes": "Warm face.",
                "intensity": rng.randint(0, 10),
                "loudest_part": "protective",
                "protective_wanted": "To leave.",
                "vulnerable_wanted": "To be heard.",
                "compassionate_wanted": "It makes sense.",
                "repair_tried": rng.choice(["tried", "not-yet", ""]),
                "repair_text": "I said sorry for snapping.",
                "connection": rng.randint(0, 10),
                "lesson_learned": "An old pattern from school.",
            },
            service.new_submit_key(),
        )


async def timed(client: httpx.AsyncClient, url: str) -> tuple[float, int]:
    times = []
    size = 0
    for _ in range(RUNS):
        began = time.perf_counter()
        response = await client.get(url)
        times.append(time.perf_counter() - began)
        assert response.status_code == 200, (url, response.status_code)
        size = len(response.content)
    return statistics.median(times) * 1000, size


async def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(
            instance_dir=Path(folder),
            argon2_memory_kib=64,
            argon2_iterations=1,
            embedded_dispatcher=False,
        )
        await run_migrations(settings, FEATURES.tortoise_apps)
        app = create_app(settings)
        async with database(settings, FEATURES.tortoise_apps):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(
                transport=transport, base_url="http://bench"
            ) as client:
                began = time.perf_counter()
                await seed(settings, app.state.keyring, client)
                print(
                    f"seeded {ENTRIES} reflections in "
                    f"{time.perf_counter() - began:.1f} s (SQLite, temp instance)"
                )
                page = await client.get("/reflections")
                shown = len(re.findall(r'class="card reflection-card"', page.text))
                print(f"/reflections shows {shown} cards per page")
                for url in (
                    "/reflections",
                    "/reflections?page=50",
                    "/reflections?q=school&kind=partner",
                    "/reflections?q=words-found-nowhere",
                    "/reflections/trends",
                ):
                    ms, size = await timed(client, url)
                    print(
                        f"GET {url:<38} median {ms:7.1f} ms over {RUNS} runs, {size:,} bytes"
                    )
                    emit("journal", f"GET {url}, 1,000 entries", ms, "ms in-process")
            await app.state.rate_limiter.close()


if __name__ == "__main__":
    asyncio.run(main())
