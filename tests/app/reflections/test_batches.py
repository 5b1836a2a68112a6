"""Entries that tie on their order (same day, same moment) are read in one order
every time: the journal, the search, the trends and the export read a person's
entries a batch or a page at a time by OFFSET, and over an order with ties a
database (PostgreSQL) may hand the same row to two batches and skip another."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from uuid import UUID

from server.accounts.models import User
from server.reflections.models import Reflection
from tests.conftest import Client

DAY = date(2025, 3, 14)


async def tied_entries(username: str, count: int = 5) -> list[UUID]:
    """`count` entries on one day and one moment, written in the reverse of their
    ids' order (so only a tie-breaker on the id puts them in id order)."""
    user = await User.get(username=username)
    ids = [UUID(int=n + 1) for n in range(count)]
    for n, pk in enumerate(reversed(ids)):
        await Reflection.create(
            id=pk, user_id=user.pk, occurred_on=DAY, submit_key_hash=f"{n:064d}"
        )
    moment = datetime(2025, 3, 14, 12, tzinfo=UTC)
    await Reflection.filter(user_id=user.pk).update(created_at=moment)
    return ids


async def test_the_export_reads_tied_entries_by_id(alice: Client) -> None:
    ids = await tied_entries("alice")
    data = (await alice.get("/settings/export.json")).json()
    assert [row["id"] for row in data["reflections"]] == [str(i) for i in ids]


async def test_the_journal_pages_tied_entries_by_id_newest_first(
    alice: Client,
) -> None:
    ids = await tied_entries("alice")
    for query in ("", "?repair=tried&kind=", "?q=x"):
        page = (await alice.get(f"/reflections{query}")).text
        shown = list(
            dict.fromkeys(re.findall(r'href="/reflections/([0-9a-f-]{36})"', page))
        )
        if query:  # a sealed filter: nothing matches, every batch is read
            assert shown == []
        else:
            assert shown == [str(i) for i in reversed(ids)]
