"""migrations/passkeys/0001 on a database that had every other feature already, on
SQLite and on PostgreSQL: the tables come, hold what passkeys need (a counter past
2^31, key bytes), and one credential belongs to one passkey."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from tortoise import Tortoise
from tortoise.backends.base.executor import EXECUTOR_CACHE
from tortoise.exceptions import IntegrityError

from server.accounts.models import User
from server.db import run_migrations, tortoise_config
from server.features import FEATURES
from server.passkeys.models import Passkey, PasskeyChallenge
from server.settings import Settings
from server.web.clock import utcnow
from tests.conftest import empty_database


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    with empty_database(request.param, tmp_path) as settings:
        yield settings


async def tables() -> set[str]:
    connection = Tortoise.get_connection("default")
    if connection.capabilities.dialect == "sqlite":
        sql = "SELECT name FROM sqlite_master WHERE type = 'table'"
    else:
        sql = "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'"
    _, rows = await connection.execute_query(sql)
    return {row["name"] for row in rows}


async def test_the_passkey_tables_arrive_and_hold_what_passkeys_need(
    settings: Settings,
) -> None:
    await run_migrations(
        settings, FEATURES.tortoise_apps, target="accounts.0003_user_language"
    )
    EXECUTOR_CACHE.clear()
    await Tortoise.init(config=tortoise_config(settings, FEATURES.tortoise_apps))
    try:
        assert "passkeys" not in await tables()
    finally:
        await Tortoise.close_connections()

    await run_migrations(settings, FEATURES.tortoise_apps)
    EXECUTOR_CACHE.clear()
    await Tortoise.init(config=tortoise_config(settings, FEATURES.tortoise_apps))
    try:
        assert {"passkeys", "passkey_challenges"} <= await tables()
        user = await User.create(
            username="maria", password_hash="", recovery_hash="x", wrapped_key="k"
        )
        key = bytes(range(256)) * 2
        await Passkey.create(
            user=user,
            credential_id="Y3JlZA",
            public_key=key,
            sign_count=2**32 - 1,
            name="sealed",
        )
        stored = await Passkey.get(credential_id="Y3JlZA")
        assert stored.public_key == key
        assert stored.sign_count == 2**32 - 1
        assert not stored.backed_up and stored.last_used_at is None
        with pytest.raises(IntegrityError):
            await Passkey.create(
                user=user, credential_id="Y3JlZA", public_key=b"", name="again"
            )
        await PasskeyChallenge.create(
            challenge="abc",
            purpose="signin",
            expires_at=utcnow() + timedelta(minutes=5),
        )
        # Deleting the person takes their passkeys with them.
        await User.filter(pk=user.pk).delete()
        assert not await Passkey.exists()
    finally:
        await Tortoise.close_connections()
