"""Seed the benchmark person (found by the session cookie in BENCH_COOKIE) with a
10-item safety plan and 1,000 reflections, through the features' own services."""

from __future__ import annotations

import asyncio
import os
import random
import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from server.accounts.models import (
    Session,  # noqa: E402
    User,  # noqa: E402
)
from server.crypto import (  # noqa: E402
    FieldCipher,
    hash_token,  # noqa: E402
    load_keyring,
)
from server.db import database  # noqa: E402
from server.features import FEATURES  # noqa: E402
from server.reflections import service as reflections  # noqa: E402
from server.safety_plan import service as plan  # noqa: E402
from server.safety_plan.cards import CARDS  # noqa: E402
from server.settings import get_settings  # noqa: E402

KINDS = ["partner", "parent", "child", "friend", "colleague", "therapist", "other"]


async def main() -> None:
    settings = get_settings()
    cookies = dict(p.split("=", 1) for p in os.environ["BENCH_COOKIE"].split("; "))
    token = cookies.get("attune_session") or cookies["__Host-attune_session"]
    async with database(settings, FEATURES.tortoise_apps):
        session = await Session.get(token_hash=hash_token(token))
        user = await User.get(pk=session.user_id)  # type: ignore[attr-defined]
        cipher = FieldCipher(load_keyring(settings).unwrap(user.wrapped_key))
        # 10 items over the first cards, contacts included.
        for card, texts in zip(CARDS[:4], [3, 3, 2, 2], strict=True):
            entries = [
                plan.Entry(
                    None,
                    f"{card.title} item {i}",
                    "+15555550100" if card.contacts else "",
                )
                for i in range(texts)
            ]
            await plan.save_card(user.pk, cipher, card, entries)
        rng = random.Random(7)
        start = date.today() - timedelta(days=3 * 365)
        for i in range(1000):
            await reflections.create_reflection(
                user,
                cipher,
                {
                    "occurred_on": start + timedelta(days=rng.randrange(3 * 365)),
                    "relationship_kind": rng.choice(KINDS),
                    "what_happened": f"Entry {i}: " + "we talked past each other. " * 8,
                    "sensations": ["tight-chest"],
                    "intensity": rng.randint(0, 10),
                    "repair_tried": rng.choice(["tried", "not-yet", ""]),
                    "connection": rng.randint(0, 10),
                },
                reflections.new_submit_key(),
            )


if __name__ == "__main__":
    asyncio.run(main())
