"""Quick reads (server/db.py): one SQL text on both databases, rows made into models
through the ORM's public API, failures as outages, and transactions respected."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from litestar import Litestar
from tortoise.exceptions import DBConnectionError
from tortoise.transactions import in_transaction

from server.accounts.models import Session, User
from server.db import columns_of, model_from_row, quick_read
from tests.conftest import Client


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_a_failing_read_is_an_outage_not_a_crash(app: Litestar) -> None:
    # On SQLite the driver's OperationalError becomes the ORM's connection error,
    # which the error handler answers with a calm 503 (tests/reliability).
    with pytest.raises(DBConnectionError):
        await quick_read("SELECT * FROM no_such_table")


async def test_uuid_and_date_parameters_match_what_the_orm_stored(
    app: Litestar, alice: Client
) -> None:
    user = await User.get(username="alice")
    rows = await quick_read(
        "SELECT username FROM users WHERE id = $1 AND created_at > $2 AND id = $1",
        user.pk,
        date(2000, 1, 1),
    )
    assert [row["username"] for row in rows] == ["alice"]


async def test_rows_become_stored_models_with_aware_datetimes(
    app: Litestar, alice: Client
) -> None:
    user = await User.get(username="alice")
    [row] = await quick_read(
        f"SELECT {', '.join(columns_of(Session))} FROM sessions WHERE user_id = $1",
        user.pk,
    )
    session = model_from_row(Session, row)
    stored = await Session.get(token_hash=session.token_hash)
    assert session.last_seen_at == stored.last_seen_at
    assert session.last_seen_at.tzinfo is not None
    assert session.user_id == user.pk  # type: ignore[attr-defined]

    # Marked as stored: saving updates the row instead of inserting a second one.
    [row] = await quick_read(
        f"SELECT {', '.join(columns_of(User))} FROM users WHERE id = $1", user.pk
    )
    person = model_from_row(User, row)
    person.country = "NZ"
    await person.save(update_fields=["country"])
    assert (await User.get(pk=user.pk)).country == "NZ"
    assert await User.filter(username="alice").count() == 1


async def test_inside_a_transaction_a_quick_read_sees_its_writes(
    app: Litestar, alice: Client
) -> None:
    user = await User.get(username="alice")
    async with in_transaction():
        await User.filter(pk=user.pk).update(country="IE")
        rows = await quick_read("SELECT country FROM users WHERE id = $1", user.pk)
        assert rows[0]["country"] == "IE"


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_moments_are_refused_as_sqlite_parameters(app: Litestar) -> None:
    # Their stored text form is the ORM's own; comparing text would silently miss.
    with pytest.raises(TypeError):
        await quick_read("SELECT 1 WHERE $1 > 0", datetime.now(UTC))
