"""The hand-written read path (server/reads.py): its error mapping and parameters."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from litestar import Litestar
from tortoise.exceptions import DBConnectionError

from server import reads
from server.accounts.models import Session, User
from tests.conftest import Client


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_a_failing_read_is_an_outage_not_a_crash(app: Litestar) -> None:
    # On SQLite the driver's OperationalError becomes the ORM's connection error,
    # which the error handler answers with a calm 503 (tests/reliability).
    with pytest.raises(DBConnectionError):
        await reads.fetch("SELECT * FROM no_such_table")


async def test_uuid_and_date_parameters_match_what_the_orm_stored(
    app: Litestar, alice: Client
) -> None:
    user = await User.get(username="alice")
    rows = await reads.fetch(
        "SELECT username FROM users WHERE id = ? AND created_at > ?",
        user.pk,
        date(2000, 1, 1),
    )
    assert [row["username"] for row in rows] == ["alice"]


async def test_rows_become_models_with_aware_datetimes(
    app: Litestar, alice: Client
) -> None:
    user = await User.get(username="alice")
    [session] = await reads.fetch_models(
        Session, "SELECT * FROM sessions WHERE user_id = ?", user.pk
    )
    stored = await Session.get(token_hash=session.token_hash)
    assert session.last_seen_at == stored.last_seen_at
    assert session.last_seen_at.tzinfo is not None


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_datetimes_are_refused_as_sqlite_parameters(app: Litestar) -> None:
    # Their stored text form is the ORM's own; comparing text would silently miss.
    with pytest.raises(TypeError):
        await reads.fetch("SELECT 1 WHERE ? > 0", datetime.now(UTC))


def test_placeholders_are_numbered_for_postgresql() -> None:
    assert reads._numbered("a = ? AND b = ? LIMIT ?") == "a = $1 AND b = $2 LIMIT $3"
