"""The pages people open most run a fixed, small number of queries: no N+1 as a
person's plan, journal and progress grow."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from litestar import Litestar

from server.accounts.models import User
from server.crypto import FieldCipher
from server.lessons import service as lessons
from server.lessons.loader import LoadReport
from server.lessons.models import Lesson
from server.reflections import service as reflections
from server.safety_plan import service as plan
from server.safety_plan.cards import CARDS
from tests.conftest import Client
from tests.figures import record
from tests.queries import recorded_queries

HOT_PAGES = ["/", "/lessons/feeling-safe-first", "/lessons", "/plan", "/reflections"]
# Session, then at most four reads for the page itself.
BUDGET = 5


async def grow(app: Litestar, user: User, start: int, count: int) -> None:
    cipher = FieldCipher(app.state.keyring.unwrap(user.wrapped_key))
    for i in range(start, start + count):
        await reflections.create_reflection(
            user,
            cipher,
            {
                "occurred_on": date(2026, 1, 1) + timedelta(days=i),
                "relationship_kind": "friend",
                "what_happened": f"Entry {i}",
                "intensity": i % 10,
            },
            reflections.new_submit_key(),
        )
    for card in CARDS[:3]:
        entries = [plan.Entry(None, f"{card.title} {i}") for i in range(start + count)]
        await plan.save_card(user.pk, cipher, card, entries)
    for lesson in await Lesson.filter(day__gt=0).order_by("day").limit(start + count):
        await lessons.set_mark(user, lesson, "done_at", True)


@pytest.mark.parametrize("path", HOT_PAGES)
async def test_hot_pages_run_the_same_few_queries_however_much_is_stored(
    app: Litestar, alice: Client, lessons: LoadReport, path: str, backend: str
) -> None:
    user = await User.get(username="alice")
    assert (await alice.get(path)).status_code == 200  # warm the lesson cache

    counts = []
    for start, count in ((0, 2), (2, 8)):
        await grow(app, user, start, count)
        with recorded_queries() as queries:
            response = await alice.get(path)
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], (path, counts)
    assert counts[1] <= BUDGET, (path, counts)
    record(f"Queries for GET {path} ({backend})", f"{counts[1]} at 2 and 10 of each")


@pytest.mark.parametrize("backend", ["sqlite"])
@pytest.mark.parametrize("path", HOT_PAGES)
async def test_hot_pages_read_on_the_event_loop_on_sqlite(
    app: Litestar, alice: Client, lessons: LoadReport, path: str, backend: str
) -> None:
    """Each query through the ORM's client is a hop to aiosqlite's thread and back,
    and under load every hop waits a full round of the event loop: the hot pages
    read with quick reads only (a signed-in lesson once asked the ORM whether its
    practice was in the plan)."""
    user = await User.get(username="alice")
    await grow(app, user, 0, 3)
    assert (await alice.get(path)).status_code == 200  # warm the lesson cache
    with recorded_queries(through_client_only=True) as queries:
        response = await alice.get(path)
    assert response.status_code == 200
    assert queries == [], (path, queries)
